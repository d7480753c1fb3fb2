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
import {
  check,
  count as checkCount,
  describe,
  int,
  mpiError,
} from "../core/errors.ts";
import { Op, OPS } from "../core/op.ts";
import { P2PComm } from "../comm/p2p.ts";
import { type CollectiveCall, invoke } from "./forms.ts";

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
  /** The user's buffers, for nonblocking calls to keep alive. */
  owners: [] as unknown[],
  inPlace: false,
  send: null as Memory,
  recv: null as Memory,
  count: 0,
  type: 0 as Handle,
  op: 0 as Handle,
};

/** Resolves a reduction's buffers; `receives` is false on non-roots of `Reduce`. */
export function operands(
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
  a.owners = [r.owner];
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
  a.owners.push(m.owner);
  a.count = m.count;
  a.type = m.type;
  return a;
}

/** Surfaces a user op's exception, then MPI's error code. */
export function finish(op: Op, rc: number, call: string): void {
  op.rethrow(call);
  check(rc, call);
}

/**
 * A reduction (`MPI_Reduce`, `MPI_Allreduce`, `MPI_Scan`, `MPI_Exscan`) as
 * a call for `invoke`: the started and persistent forms. (The blocking
 * forms keep their own allocation-free call sites.)
 */
export function reduction(
  name: string,
  sendbuf: SendSpec,
  recvbuf: BufSpec | null | undefined,
  op: Op,
  root: number | undefined,
  receives: boolean,
): CollectiveCall {
  const a = operands(sendbuf, recvbuf, op, receives);
  const args: unknown[] = [
    a.inPlace ? IN_PLACE_PTR : a.send,
    a.recv,
    a.count,
    a.type,
    a.op,
  ];
  if (root !== undefined) args.push(root);
  return {
    name,
    args,
    inPlaceAt: a.inPlace ? 0 : undefined,
    keep: a.owners,
    op,
  };
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

  /**
   * Whether `root` (checked) names this process: its rank on an
   * intracommunicator, `ROOT` on an intercommunicator.
   */
  protected isRoot(root: number): boolean {
    return root === this.rank;
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

  /** The arguments of `Bcast`, for its started and persistent forms. */
  protected bcastCall(buf: BufSpec, root: number): CollectiveCall {
    const m = resolve(buf, RECV, "buf");
    return {
      name: "MPI_Bcast",
      args: [m.buf, m.count, m.type, this.root(root)],
      keep: [m.owner],
    };
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
    const a = operands(sendbuf, recvbuf, op, this.isRoot(rt));
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

  /**
   * Reduces `sendbuf` (size × n elements) element-wise and gives rank i the
   * i-th block of n in `recvbuf` (`MPI_Reduce_scatter_block`).
   */
  Reduce_scatter_block(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op = OPS.SUM,
  ): void {
    invoke(this.reduceScatterBlockCall(sendbuf, recvbuf, op), this.handle);
  }

  /** The arguments of `Reduce_scatter_block`, checked. */
  protected reduceScatterBlockCall(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op,
  ): CollectiveCall {
    const o = checkOp(op);
    const r = resolve(recvbuf, RECV, "recvbuf");
    const inPlace = sendbuf === IN_PLACE;
    const s = inPlace ? undefined : resolve(sendbuf, SEND, "sendbuf");
    if (
      s && s.count * s.datatype.size < this.size * r.count * r.datatype.size
    ) {
      throw new RangeError(
        `sendbuf: needs ${this.size} blocks of ${r.count} elements, has ${s.count}`,
      );
    }
    const count = inPlace ? r.count / this.size : r.count;
    if (inPlace && !Number.isInteger(count)) {
      throw new RangeError(
        `recvbuf: ${r.count} elements cannot be split evenly among ${this.size} ranks`,
      );
    }
    return {
      name: "MPI_Reduce_scatter_block",
      args: [s ? s.buf : IN_PLACE_PTR, r.buf, count, r.type, o.handle],
      inPlaceAt: inPlace ? 0 : undefined,
      keep: [s?.owner, r.owner],
      op: o,
    };
  }

  /**
   * Reduces `sendbuf` element-wise and gives rank i `recvcounts[i]` elements
   * of the result (`MPI_Reduce_scatter`); `recvcounts` defaults to an even
   * split of `sendbuf` (remainder to the lowest ranks).
   */
  Reduce_scatter(
    sendbuf: BufSpec,
    recvbuf: BufSpec,
    recvcounts?: readonly number[] | null,
    op: Op = OPS.SUM,
  ): void {
    invoke(
      this.reduceScatterCall(sendbuf, recvbuf, recvcounts, op),
      this.handle,
    );
  }

  /** The arguments of `Reduce_scatter`, checked. */
  protected reduceScatterCall(
    sendbuf: BufSpec,
    recvbuf: BufSpec,
    recvcounts: readonly number[] | null | undefined,
    op: Op,
  ): CollectiveCall {
    const o = checkOp(op);
    const s = resolve(sendbuf, SEND, "sendbuf");
    const n = this.size;
    const counts = recvcounts === undefined || recvcounts === null
      ? Int32Array.from(
        { length: n },
        (_, i) => Math.floor(s.count / n) + (i < s.count % n ? 1 : 0),
      )
      : Int32Array.from(
        recvcounts,
        (c, i) => checkCount(c, `recvcounts[${i}]`),
      );
    if (counts.length !== n) {
      throw new TypeError(
        `recvcounts must have ${n} entries, got ${counts.length}`,
      );
    }
    const total = counts.reduce((a, b) => a + b, 0);
    if (total > s.count) {
      throw new RangeError(
        `sendbuf: recvcounts add up to ${total}, sendbuf has ${s.count}`,
      );
    }
    const r = resolve(recvbuf, RECV, "recvbuf");
    if (r.count < counts[this.rank]) {
      throw new RangeError(
        `recvbuf: holds ${r.count} elements, this rank receives ${
          counts[this.rank]
        }`,
      );
    }
    return {
      name: "MPI_Reduce_scatter",
      args: [s.buf, r.buf, counts, s.type, o.handle],
      keep: [s.owner, r.owner, counts],
      op: o,
    };
  }

  /** Inclusive prefix reduction: rank r gets `op` over ranks 0..r (`MPI_Scan`). */
  Scan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    this.#prefix(
      lib.MPI_Scan,
      IN_PLACE_FNS.scan,
      "MPI_Scan",
      sendbuf,
      recvbuf,
      op,
    );
  }

  /** Exclusive prefix reduction: rank r gets `op` over ranks 0..r-1 (`MPI_Exscan`). */
  Exscan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    this.#prefix(
      lib.MPI_Exscan,
      IN_PLACE_FNS.exscan,
      "MPI_Exscan",
      sendbuf,
      recvbuf,
      op,
    );
  }

  /** Scan and Exscan share their arguments. (Allreduce keeps its own call site: it is the hot one.) */
  #prefix(
    plain: typeof lib.MPI_Scan,
    inPlace: InPlaceReduce,
    call: string,
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op,
  ): void {
    const a = operands(sendbuf, recvbuf, op, true);
    const rc = a.inPlace
      ? inPlace(IN_PLACE_PTR, a.recv, a.count, a.type, a.op, this.handle)
      : plain(a.send, a.recv, a.count, a.type, a.op, this.handle);
    finish(op, rc, call);
  }

  /** Gathers `sendbuf` of every rank into `recvbuf` at `root`, in rank order (`MPI_Gather`). */
  Gather(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    root = 0,
  ): void {
    invoke(
      this.blockCall("gather", sendbuf, recvbuf, this.root(root)),
      this.handle,
    );
  }

  /** Gathers `sendbuf` of every rank into `recvbuf` on every rank (`MPI_Allgather`). */
  Allgather(sendbuf: SendSpec, recvbuf: BufSpec): void {
    invoke(
      this.blockCall("allgather", sendbuf, recvbuf, undefined),
      this.handle,
    );
  }

  /** Sends block i of `sendbuf` to rank i, receiving block j of `recvbuf` from rank j (`MPI_Alltoall`). */
  Alltoall(sendbuf: SendSpec, recvbuf: BufSpec): void {
    invoke(
      this.blockCall("alltoall", sendbuf, recvbuf, undefined),
      this.handle,
    );
  }

  /** Scatters block i of `sendbuf` at `root` to rank i's `recvbuf` (`MPI_Scatter`). */
  Scatter(
    sendbuf: BufSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
  ): void {
    invoke(
      this.blockCall("scatter", sendbuf, recvbuf, this.root(root)),
      this.handle,
    );
  }

  /**
   * The arguments of a block collective (gather, allgather, alltoall,
   * scatter), both sides resolved and checked.
   */
  protected blockCall(
    kind: BlockKind,
    sendbuf: unknown,
    recvbuf: unknown,
    root: number | undefined,
  ): CollectiveCall {
    const b = blockArgs(
      kind,
      sendbuf,
      recvbuf,
      root === undefined || this.isRoot(root),
      this.peerCount,
    );
    const args = [b.sbuf, b.scount, b.stype, b.rbuf, b.rcount, b.rtype];
    if (root !== undefined) args.push(root);
    const spec = BLOCK_CALLS[kind];
    return {
      name: spec.name,
      args,
      inPlaceAt: b.inPlace ? spec.sentinel : undefined,
      keep: b.keep,
    };
  }
}

/** The four block collectives. */
export type BlockKind = "gather" | "allgather" | "alltoall" | "scatter";

const BLOCK_CALLS: Record<BlockKind, { name: string; sentinel: number }> = {
  gather: { name: "MPI_Gather", sentinel: 0 },
  allgather: { name: "MPI_Allgather", sentinel: 0 },
  alltoall: { name: "MPI_Alltoall", sentinel: 0 },
  scatter: { name: "MPI_Scatter", sentinel: 3 },
};

/** Elements per rank of a buffer shared equally by `n` ranks. */
function split(count: number, n: number, what: string): number {
  if (count % n !== 0) {
    throw new RangeError(
      `${what}: ${count} elements cannot be split evenly among ${n} ranks`,
    );
  }
  return count / n;
}

/** Checks that a block of `rc` × `rs` bytes can hold a block of `sc` × `ss` bytes. */
function fits(sc: number, ss: number, rc: number, rs: number): void {
  if (sc * ss > rc * rs) {
    throw new RangeError(
      `recvbuf: a block of ${rc * rs} bytes per rank cannot hold the ${
        sc * ss
      } bytes sent per rank`,
    );
  }
}

/** Resolved arguments of a block collective. */
interface BlockArgs {
  inPlace: boolean;
  sbuf: Memory | Pointer;
  scount: number;
  stype: Handle;
  rbuf: Memory | Pointer;
  rcount: number;
  rtype: Handle;
  keep: unknown[];
}

/**
 * The `(buf, count, type)` of both sides of a block collective. `mine` is
 * whether this rank is the root (or the collective has none); `n` the size.
 */
function blockArgs(
  kind: BlockKind,
  sendbuf: unknown,
  recvbuf: unknown,
  mine: boolean,
  n: number,
): BlockArgs {
  if (kind === "scatter") {
    // The root splits sendbuf; recvbuf may be IN_PLACE at the root.
    const s = resolve(mine ? sendbuf : null, SEND, "sendbuf");
    const per = mine ? split(s.count, n, "sendbuf") : 0;
    const base = { sbuf: s.buf, scount: per, stype: s.type, keep: [s.owner] };
    if (recvbuf === IN_PLACE) {
      return {
        ...base,
        inPlace: true,
        rbuf: IN_PLACE_PTR,
        rcount: per,
        rtype: s.type,
      };
    }
    const r = resolve(recvbuf, RECV, "recvbuf");
    if (mine) fits(per, s.datatype.size, r.count, r.datatype.size);
    return {
      ...base,
      inPlace: false,
      rbuf: r.buf,
      rcount: r.count,
      rtype: r.type,
      keep: [s.owner, r.owner],
    };
  }
  const r = resolve(mine ? recvbuf : null, RECV, "recvbuf");
  const per = mine ? split(r.count, n, "recvbuf") : 0;
  if (sendbuf === IN_PLACE) {
    return {
      inPlace: true,
      sbuf: IN_PLACE_PTR,
      scount: per,
      stype: r.type,
      rbuf: r.buf,
      rcount: per,
      rtype: r.type,
      keep: [r.owner],
    };
  }
  const s = resolve(sendbuf, SEND, "sendbuf");
  const scount = kind === "alltoall" ? split(s.count, n, "sendbuf") : s.count;
  if (mine) fits(scount, s.datatype.size, per, r.datatype.size);
  return {
    inPlace: false,
    sbuf: s.buf,
    scount,
    stype: s.type,
    rbuf: r.buf,
    rcount: per,
    rtype: r.type,
    keep: [s.owner, r.owner],
  };
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
