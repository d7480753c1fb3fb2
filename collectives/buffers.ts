/**
 * Buffer collectives on a communicator: barrier, broadcast, gather and
 * scatter families, all-to-all, reductions and scans, with `IN_PLACE`
 * where MPI allows it. Every count is checked against its buffer before
 * MPI is called.
 *
 * @module
 */
import { C, IN_PLACE_PTR, lib, type Memory, type Pointer } from "../ffi/lib.ts";
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

/** A send side that may be `IN_PLACE`. */
type SendSpec = BufSpec | typeof IN_PLACE;

type ReduceFn = (
  sendbuf: Memory | Pointer,
  recvbuf: Memory,
  count: number,
  ...rest: never[]
) => number;

/** The bound function, or its variant taking `MPI_IN_PLACE` at `index`. */
function variant<F>(name: string, inPlace: boolean, index = 0): F {
  return (inPlace ? lib[`${name}@${index}`] : lib[name]) as unknown as F;
}

/** Checks a reduction operation argument. */
export function checkOp(op: unknown): Op {
  if (op instanceof Op) return op;
  throw new TypeError(
    `op must be an Op (mpi.SUM, Op.Create(...)), got ${describe(op)}`,
  );
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
    this.#reduce("MPI_Allreduce", sendbuf, recvbuf, op, undefined);
  }

  /** Combines `sendbuf` of all ranks with `op` into `recvbuf` at `root` (`MPI_Reduce`). */
  Reduce(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op = OPS.SUM,
    root = 0,
  ): void {
    this.#reduce("MPI_Reduce", sendbuf, recvbuf, op, this.root(root));
  }

  /** Inclusive prefix reduction: rank r gets `op` over ranks 0..r (`MPI_Scan`). */
  Scan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    this.#reduce("MPI_Scan", sendbuf, recvbuf, op, undefined);
  }

  /** Exclusive prefix reduction: rank r gets `op` over ranks 0..r-1 (`MPI_Exscan`). */
  Exscan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    this.#reduce("MPI_Exscan", sendbuf, recvbuf, op, undefined);
  }

  #reduce(
    name: string,
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op,
    root: number | undefined,
  ): void {
    const o = checkOp(op).handle;
    const inPlace = sendbuf === IN_PLACE;
    const isRoot = root === undefined || root === this.rank;
    const r = resolve(isRoot || inPlace ? recvbuf : null, RECV, "recvbuf");
    let s: Memory | Pointer = IN_PLACE_PTR, count = r.count, type = r.type;
    if (!inPlace) {
      const m = resolve(sendbuf, SEND, "sendbuf");
      if (isRoot && m.count * m.datatype.size > r.count * r.datatype.size) {
        throw new RangeError(
          `recvbuf: ${r.count} × ${r.datatype.name} cannot hold the ${m.count} × ${m.datatype.name} of sendbuf`,
        );
      }
      s = m.buf;
      count = m.count;
      type = m.type;
    }
    const fn = variant<ReduceFn>(name, inPlace);
    const args: unknown[] = [s, r.buf, count, type, o];
    if (root !== undefined) args.push(root);
    args.push(this.handle);
    check((fn as (...a: unknown[]) => number)(...args), name);
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
