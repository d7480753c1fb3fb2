/**
 * Buffer collectives on a communicator: barrier, broadcast, gather and
 * scatter families, all-to-all, reductions and scans, with `IN_PLACE`
 * where MPI allows it. Every count is checked against its buffer before
 * MPI is called.
 *
 * @module
 */
import {
  C,
  type Handle,
  IN_PLACE_PTR,
  lib,
  type Memory,
  type Pointer,
} from "../ffi/lib.ts";
import {
  type BufSpec,
  IN_PLACE,
  Message as BufMessage,
  resolve,
} from "../core/buffer.ts";
import { check, describe, int, mpiError } from "../core/errors.ts";
import { Op, OPS } from "../core/op.ts";
import { P2PComm } from "../comm/p2p.ts";

const SEND = new BufMessage();
const RECV = new BufMessage();

/** A send buffer of a collective, or `IN_PLACE`. */
export type SendSpec = BufSpec | typeof IN_PLACE;

/** Checks a reduction operation argument. */
export function checkOp(op: unknown): Op {
  if (op instanceof Op) return op;
  throw new TypeError(
    `op must be an Op (mpi.SUM, Op.Create(...)), got ${describe(op)}`,
  );
}

type InPlaceReduce = (
  sendbuf: Pointer,
  recvbuf: Memory,
  count: number,
  type: Handle,
  op: Handle,
  ...rest: (number | Handle)[]
) => number;

/** The `MPI_IN_PLACE` variants of the reductions, bound once. */
const IN_PLACE_FNS = {
  allreduce: lib["MPI_Allreduce@0"] as unknown as InPlaceReduce,
  reduce: lib["MPI_Reduce@0"] as unknown as InPlaceReduce,
  scan: lib["MPI_Scan@0"] as unknown as InPlaceReduce,
  exscan: lib["MPI_Exscan@0"] as unknown as InPlaceReduce,
};

/** Resolved operands of a reduction (reused: no allocation per call). */
const OPERANDS = {
  inPlace: false,
  send: null as Memory,
  recv: null as Memory,
  count: 0,
  type: 0 as Handle,
  op: 0 as Handle,
};

/** Resolves a reduction's buffers; `receives` is false on non-roots of `Reduce`. */
function operands(
  sendbuf: SendSpec,
  recvbuf: BufSpec | null | undefined,
  op: Op,
  receives: boolean,
): typeof OPERANDS {
  const a = OPERANDS;
  a.op = checkOp(op).handle;
  a.inPlace = sendbuf === IN_PLACE;
  const r = resolve(receives || a.inPlace ? recvbuf : null, RECV, "recvbuf");
  a.recv = r.buf;
  if (a.inPlace) {
    a.count = r.count;
    a.type = r.type;
    return a;
  }
  const m = resolve(sendbuf, SEND, "sendbuf");
  if (receives && m.count * m.datatype.size > r.count * r.datatype.size) {
    throw new RangeError(
      `recvbuf: ${r.count} × ${r.datatype.name} cannot hold the ${m.count} × ${m.datatype.name} of sendbuf`,
    );
  }
  a.send = m.buf;
  a.count = m.count;
  a.type = m.type;
  return a;
}

/** Surfaces a user op's exception, then MPI's error code. */
function finish(op: Op, rc: number, call: string): void {
  op.rethrow(call);
  check(rc, call);
}

/**
 * Buffer collectives of communicators.
 */
export class BufferCollectiveComm extends P2PComm {
  /** Checks a root rank (also `ROOT`/`PROC_NULL` for intercommunicators). */
  protected root(root: number): number {
    const r = int(root, "root");
    if ((r >= 0 && r < this.peerCount) || r === C.ROOT || r === C.PROC_NULL) {
      return r;
    }
    throw mpiError(
      C.ERR_ROOT,
      "root",
      `root ${r} is not a rank of this communicator (0..${this.peerCount - 1})`,
    );
  }

  /** Blocks until every process of the communicator has called it (`MPI_Barrier`). */
  Barrier(): void {
    check(lib.MPI_Barrier(this.handle), "MPI_Barrier");
  }

  /** Broadcasts `buf` from `root` to all (`MPI_Bcast`). */
  Bcast(buf: BufSpec, root = 0): void {
    const m = resolve(buf, RECV, "buf");
    check(
      lib.MPI_Bcast(m.buf, m.count, m.type, this.root(root), this.handle),
      "MPI_Bcast",
    );
  }

  /**
   * Combines `sendbuf` of all ranks with `op` into `recvbuf` on every rank
   * (`MPI_Allreduce`). `sendbuf` may be `IN_PLACE` (data taken from `recvbuf`).
   */
  Allreduce(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    const a = operands(sendbuf, recvbuf, op, true);
    const rc = a.inPlace
      ? IN_PLACE_FNS.allreduce(
        IN_PLACE_PTR,
        a.recv,
        a.count,
        a.type,
        a.op,
        this.handle,
      )
      : lib.MPI_Allreduce(a.send, a.recv, a.count, a.type, a.op, this.handle);
    finish(op, rc, "MPI_Allreduce");
  }

  /** Combines `sendbuf` of all ranks with `op` into `recvbuf` at `root` (`MPI_Reduce`). */
  Reduce(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op = OPS.SUM,
    root = 0,
  ): void {
    const rt = this.root(root);
    const a = operands(sendbuf, recvbuf, op, rt === this.rank);
    const rc = a.inPlace
      ? IN_PLACE_FNS.reduce(
        IN_PLACE_PTR,
        a.recv,
        a.count,
        a.type,
        a.op,
        rt,
        this.handle,
      )
      : lib.MPI_Reduce(a.send, a.recv, a.count, a.type, a.op, rt, this.handle);
    finish(op, rc, "MPI_Reduce");
  }

  /** Inclusive prefix reduction: rank r gets `op` over ranks 0..r (`MPI_Scan`). */
  Scan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    const a = operands(sendbuf, recvbuf, op, true);
    const rc = a.inPlace
      ? IN_PLACE_FNS.scan(
        IN_PLACE_PTR,
        a.recv,
        a.count,
        a.type,
        a.op,
        this.handle,
      )
      : lib.MPI_Scan(a.send, a.recv, a.count, a.type, a.op, this.handle);
    finish(op, rc, "MPI_Scan");
  }

  /** Exclusive prefix reduction: rank r gets `op` over ranks 0..r-1 (`MPI_Exscan`). */
  Exscan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    const a = operands(sendbuf, recvbuf, op, true);
    const rc = a.inPlace
      ? IN_PLACE_FNS.exscan(
        IN_PLACE_PTR,
        a.recv,
        a.count,
        a.type,
        a.op,
        this.handle,
      )
      : lib.MPI_Exscan(a.send, a.recv, a.count, a.type, a.op, this.handle);
    finish(op, rc, "MPI_Exscan");
  }

  /** Gathers `sendbuf` of every rank into `recvbuf` at `root`, in rank order (`MPI_Gather`). */
  Gather(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    root = 0,
  ): void {
    const rt = this.root(root);
    this.#gatherLike(
      "MPI_Gather",
      sendbuf,
      rt === this.rank ? recvbuf : null,
      rt,
      rt === this.rank,
    );
  }

  /** Gathers `sendbuf` of every rank into `recvbuf` on every rank (`MPI_Allgather`). */
  Allgather(sendbuf: SendSpec, recvbuf: BufSpec): void {
    this.#gatherLike("MPI_Allgather", sendbuf, recvbuf, undefined, true);
  }

  /** Sends block i of `sendbuf` to rank i, receiving block j of `recvbuf` from rank j (`MPI_Alltoall`). */
  Alltoall(sendbuf: SendSpec, recvbuf: BufSpec): void {
    const r = resolve(recvbuf, RECV, "recvbuf");
    const per = this.#split(r.count, "recvbuf");
    if (sendbuf === IN_PLACE) {
      const fn = lib["MPI_Alltoall@0"] as (...a: unknown[]) => number;
      check(
        fn(IN_PLACE_PTR, per, r.type, r.buf, per, r.type, this.handle),
        "MPI_Alltoall",
      );
      return;
    }
    const s = resolve(sendbuf, SEND, "sendbuf");
    const sper = this.#split(s.count, "sendbuf");
    this.#fits(sper, s.datatype.size, per, r.datatype.size);
    check(
      lib.MPI_Alltoall(s.buf, sper, s.type, r.buf, per, r.type, this.handle),
      "MPI_Alltoall",
    );
  }

  /** Scatters block i of `sendbuf` at `root` to rank i's `recvbuf` (`MPI_Scatter`). */
  Scatter(
    sendbuf: BufSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
  ): void {
    const rt = this.root(root);
    const isRoot = rt === this.rank;
    const inPlace = recvbuf === IN_PLACE;
    const s = resolve(isRoot ? sendbuf : null, SEND, "sendbuf");
    const sper = isRoot ? this.#split(s.count, "sendbuf") : 0;
    if (inPlace) {
      const fn = lib["MPI_Scatter@3"] as (...a: unknown[]) => number;
      check(
        fn(s.buf, sper, s.type, IN_PLACE_PTR, sper, s.type, rt, this.handle),
        "MPI_Scatter",
      );
      return;
    }
    const r = resolve(recvbuf, RECV, "recvbuf");
    if (isRoot) this.#fits(sper, s.datatype.size, r.count, r.datatype.size);
    check(
      lib.MPI_Scatter(
        s.buf,
        sper,
        s.type,
        r.buf,
        r.count,
        r.type,
        rt,
        this.handle,
      ),
      "MPI_Scatter",
    );
  }

  #gatherLike(
    name: "MPI_Gather" | "MPI_Allgather",
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    root: number | undefined,
    receives: boolean,
  ): void {
    const r = resolve(receives ? recvbuf : null, RECV, "recvbuf");
    const per = receives ? this.#split(r.count, "recvbuf") : 0;
    const tail: unknown[] = root === undefined
      ? [this.handle]
      : [root, this.handle];
    if (sendbuf === IN_PLACE) {
      const fn = lib[`${name}@0`] as (...a: unknown[]) => number;
      check(fn(IN_PLACE_PTR, per, r.type, r.buf, per, r.type, ...tail), name);
      return;
    }
    const s = resolve(sendbuf, SEND, "sendbuf");
    if (receives) this.#fits(s.count, s.datatype.size, per, r.datatype.size);
    const fn = lib[name] as (...a: unknown[]) => number;
    check(fn(s.buf, s.count, s.type, r.buf, per, r.type, ...tail), name);
  }

  /** Elements per rank of a buffer shared equally by all ranks. */
  #split(count: number, what: string): number {
    const n = this.size;
    if (count % n !== 0) {
      throw new RangeError(
        `${what}: ${count} elements cannot be split evenly among ${n} ranks`,
      );
    }
    return count / n;
  }

  /** Checks that a block of `recvCount` elements can hold a block of `sendCount`. */
  #fits(
    sendCount: number,
    sendSize: number,
    recvCount: number,
    recvSize: number,
  ): void {
    if (sendCount * sendSize > recvCount * recvSize) {
      throw new RangeError(
        `recvbuf: a block of ${
          recvCount * recvSize
        } bytes per rank cannot hold the ${
          sendCount * sendSize
        } bytes sent per rank`,
      );
    }
  }
}

const LOCAL_IN = new BufMessage();
const LOCAL_INOUT = new BufMessage();

/**
 * Combines `inbuf` into `inoutbuf` with `op` on this process alone
 * (`MPI_Reduce_local`); handy to test user ops.
 *
 * @example
 * ```ts ignore
 * const acc = new Float64Array([1, 2]);
 * mpi.Reduce_local(new Float64Array([10, 20]), acc, mpi.SUM); // acc = [11, 22]
 * ```
 */
export function Reduce_local(inbuf: BufSpec, inoutbuf: BufSpec, op: Op): void {
  const o = checkOp(op);
  const a = resolve(inbuf, LOCAL_IN, "inbuf");
  const b = resolve(inoutbuf, LOCAL_INOUT, "inoutbuf");
  if (a.count * a.datatype.size > b.count * b.datatype.size) {
    throw new RangeError(
      `inoutbuf: ${b.count} × ${b.datatype.name} cannot hold inbuf's ${a.count} × ${a.datatype.name}`,
    );
  }
  const rc = lib.MPI_Reduce_local(a.buf, b.buf, a.count, a.type, o.handle);
  o.rethrow("MPI_Reduce_local");
  check(rc, "MPI_Reduce_local");
}
