/**
 * Buffer collectives: barrier, broadcast, gather and scatter families,
 * all-to-all, reductions and scans, with `IN_PLACE` where MPI allows it.
 * Every count is checked against its buffer before MPI is called.
 *
 * Each collective has a `…Call` function that checks its arguments into a
 * `CollectiveCall` (run in any form by `collectives/call.ts`); the hot
 * blocking ones (`Barrier`, `Bcast`, the reductions and scans) also keep
 * allocation-free call sites of their own.
 *
 * @module
 */
import {
  type Handle,
  has,
  IN_PLACE_PTR,
  lib,
  type Memory,
  type Pointer,
} from "../ffi/lib.ts";
import { type BufSpec, IN_PLACE, resolve, Resolved } from "../core/buffer.ts";
import { check, describe } from "../core/errors.ts";
import { Op } from "../core/op.ts";
import type { Datatype } from "../core/datatype.ts";
import { bytesFrom, CHUNK, INT_MAX } from "../core/large.ts";
import type { Comm } from "../comm/comm.ts";
import { isRoot, rootRank } from "../core/checks.ts";
import type { CollectiveCall } from "./call.ts";
import { perRankInt } from "./vector.ts";
import { slabInts } from "../core/slab.ts";

const SEND = new Resolved();
const RECV = new Resolved();

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
  MPI_Allreduce: lib["MPI_Allreduce@0"] as unknown as InPlaceReduce,
  MPI_Reduce: lib["MPI_Reduce@0"] as unknown as InPlaceReduce,
  MPI_Scan: lib["MPI_Scan@0"] as unknown as InPlaceReduce,
  MPI_Exscan: lib["MPI_Exscan@0"] as unknown as InPlaceReduce,
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
  comm: Comm,
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
    comm: comm.handle,
    args,
    inPlaceAt: a.inPlace ? 0 : undefined,
    keep: a.owners,
    op,
  };
}

/** Blocks until every process of the communicator has called it (`MPI_Barrier`). */
export function Barrier(comm: Comm): void {
  check(lib.MPI_Barrier(comm.handle), "MPI_Barrier");
}

/** `MPI_Barrier`, for its started and persistent forms. */
export function barrierCall(comm: Comm): CollectiveCall {
  return { name: "MPI_Barrier", comm: comm.handle, args: [], keep: [] };
}

/** Broadcasts `buf` from `root` to all (`MPI_Bcast`). */
export function Bcast(comm: Comm, buf: BufSpec, root: number): void {
  const m = resolve(buf, RECV, "buf");
  const rt = rootRank(comm, root, "MPI_Bcast");
  if (m.count > INT_MAX) return largeBcast(comm, m, rt);
  check(
    lib.MPI_Bcast(m.buf, m.count, m.type, rt, comm.handle),
    "MPI_Bcast",
  );
}

/**
 * A broadcast of more than `INT_MAX` elements: `MPI_Bcast_c` where the
 * library has it, else in chunks of `CHUNK` elements (every rank passes the
 * same count, so the chunks match).
 */
function largeBcast(comm: Comm, m: Resolved, root: number): void {
  if (has("MPI_Bcast_c")) {
    check(
      lib.MPI_Bcast_c(m.buf, m.count, m.type, root, comm.handle),
      "MPI_Bcast_c",
    );
    return;
  }
  const extent = m.datatype.extent;
  for (let done = 0; done < m.count; done += CHUNK) {
    const n = Math.min(CHUNK, m.count - done);
    const at = bytesFrom(m.buf, done * extent);
    check(lib.MPI_Bcast(at, n, m.type, root, comm.handle), "MPI_Bcast");
  }
}

/** `MPI_Bcast`, for its started and persistent forms. */
export function bcastCall(
  comm: Comm,
  buf: BufSpec,
  root: number,
): CollectiveCall {
  const m = resolve(buf, RECV, "buf");
  return {
    name: "MPI_Bcast",
    comm: comm.handle,
    args: [m.buf, m.count, m.type, rootRank(comm, root, "MPI_Bcast")],
    keep: [m.owner],
  };
}

/** Combines `sendbuf` of all ranks with `op` into `recvbuf` on every rank (`MPI_Allreduce`). */
export function Allreduce(
  comm: Comm,
  sendbuf: SendSpec,
  recvbuf: BufSpec,
  op: Op,
): void {
  const a = operands(sendbuf, recvbuf, op, true);
  if (a.count > INT_MAX) {
    return largeAllreduce(comm, a, op, (a.inPlace ? RECV : SEND).datatype);
  }
  const rc = a.inPlace
    ? IN_PLACE_FNS.MPI_Allreduce(
      IN_PLACE_PTR,
      a.recv,
      a.count,
      a.type,
      a.op,
      comm.handle,
    )
    : lib.MPI_Allreduce(a.send, a.recv, a.count, a.type, a.op, comm.handle);
  finish(op, rc, "MPI_Allreduce");
}

/**
 * An all-reduce of more than `INT_MAX` elements: `MPI_Allreduce_c` where
 * the library has it, else in chunks of `CHUNK` elements (reductions are
 * element-wise, so chunks give the same result).
 */
function largeAllreduce(
  comm: Comm,
  a: typeof OPERANDS,
  op: Op,
  datatype: Datatype,
): void {
  const call = "MPI_Allreduce_c";
  if (has(call)) {
    const rc = a.inPlace
      ? (lib["MPI_Allreduce_c@0"] as unknown as InPlaceReduce)(
        IN_PLACE_PTR,
        a.recv,
        a.count,
        a.type,
        a.op,
        comm.handle,
      )
      : lib.MPI_Allreduce_c(a.send, a.recv, a.count, a.type, a.op, comm.handle);
    finish(op, rc, call);
    return;
  }
  const extent = datatype.extent;
  for (let done = 0; done < a.count; done += CHUNK) {
    const n = Math.min(CHUNK, a.count - done);
    const recv = bytesFrom(a.recv, done * extent);
    const rc = a.inPlace
      ? IN_PLACE_FNS.MPI_Allreduce(
        IN_PLACE_PTR,
        recv,
        n,
        a.type,
        a.op,
        comm.handle,
      )
      : lib.MPI_Allreduce(
        bytesFrom(a.send, done * extent),
        recv,
        n,
        a.type,
        a.op,
        comm.handle,
      );
    finish(op, rc, "MPI_Allreduce");
  }
}

/** `MPI_Allreduce`, for its started and persistent forms. */
export function allreduceCall(
  comm: Comm,
  sendbuf: SendSpec,
  recvbuf: BufSpec,
  op: Op,
): CollectiveCall {
  return reduction(
    comm,
    "MPI_Allreduce",
    sendbuf,
    recvbuf,
    op,
    undefined,
    true,
  );
}

/** Combines `sendbuf` of all ranks with `op` into `recvbuf` at `root` (`MPI_Reduce`). */
export function Reduce(
  comm: Comm,
  sendbuf: SendSpec,
  recvbuf: BufSpec | null | undefined,
  op: Op,
  root: number,
): void {
  const rt = rootRank(comm, root, "MPI_Reduce");
  const a = operands(sendbuf, recvbuf, op, isRoot(comm, rt));
  const rc = a.inPlace
    ? IN_PLACE_FNS.MPI_Reduce(
      IN_PLACE_PTR,
      a.recv,
      a.count,
      a.type,
      a.op,
      rt,
      comm.handle,
    )
    : lib.MPI_Reduce(a.send, a.recv, a.count, a.type, a.op, rt, comm.handle);
  finish(op, rc, "MPI_Reduce");
}

/** `MPI_Reduce`, for its started and persistent forms. */
export function reduceCall(
  comm: Comm,
  sendbuf: SendSpec,
  recvbuf: BufSpec | null | undefined,
  op: Op,
  root: number,
): CollectiveCall {
  const rt = rootRank(comm, root, "MPI_Reduce");
  return reduction(
    comm,
    "MPI_Reduce",
    sendbuf,
    recvbuf,
    op,
    rt,
    isRoot(comm, rt),
  );
}

/** Inclusive (`MPI_Scan`) or exclusive (`MPI_Exscan`) prefix reduction. */
export function prefix(
  comm: Comm,
  name: "MPI_Scan" | "MPI_Exscan",
  sendbuf: SendSpec,
  recvbuf: BufSpec,
  op: Op,
): void {
  const a = operands(sendbuf, recvbuf, op, true);
  const rc = a.inPlace
    ? IN_PLACE_FNS[name](
      IN_PLACE_PTR,
      a.recv,
      a.count,
      a.type,
      a.op,
      comm.handle,
    )
    : lib[name](a.send, a.recv, a.count, a.type, a.op, comm.handle);
  finish(op, rc, name);
}

/** `MPI_Scan` or `MPI_Exscan`, for their started and persistent forms. */
export function prefixCall(
  comm: Comm,
  name: "MPI_Scan" | "MPI_Exscan",
  sendbuf: SendSpec,
  recvbuf: BufSpec,
  op: Op,
): CollectiveCall {
  return reduction(comm, name, sendbuf, recvbuf, op, undefined, true);
}

/** `MPI_Reduce_scatter_block`, checked. */
export function reduceScatterBlockCall(
  comm: Comm,
  sendbuf: SendSpec,
  recvbuf: BufSpec,
  op: Op,
): CollectiveCall {
  const o = checkOp(op);
  const r = resolve(recvbuf, RECV, "recvbuf");
  const inPlace = sendbuf === IN_PLACE;
  const s = inPlace ? undefined : resolve(sendbuf, SEND, "sendbuf");
  const n = comm.size;
  if (s && s.count * s.datatype.size < n * r.count * r.datatype.size) {
    throw new RangeError(
      `sendbuf: needs ${n} blocks of ${r.count} elements, has ${s.count}`,
    );
  }
  const count = inPlace ? r.count / n : r.count;
  if (inPlace && !Number.isInteger(count)) {
    throw new RangeError(
      `recvbuf: ${r.count} elements cannot be split evenly among ${n} ranks`,
    );
  }
  return {
    name: "MPI_Reduce_scatter_block",
    comm: comm.handle,
    args: [s ? s.buf : IN_PLACE_PTR, r.buf, count, r.type, o.handle],
    inPlaceAt: inPlace ? 0 : undefined,
    keep: [s?.owner, r.owner],
    op: o,
  };
}

/** `MPI_Reduce_scatter`, checked; `recvcounts` defaults to an even split. */
export function reduceScatterCall(
  comm: Comm,
  sendbuf: BufSpec,
  recvbuf: BufSpec,
  recvcounts: ArrayLike<number> | null | undefined,
  op: Op,
): CollectiveCall {
  const o = checkOp(op);
  const s = resolve(sendbuf, SEND, "sendbuf");
  const n = comm.size;
  let counts: Int32Array;
  if (recvcounts === undefined || recvcounts === null) {
    counts = slabInts(n);
    const each = Math.floor(s.count / n), rest = s.count % n;
    for (let i = 0; i < n; i++) counts[i] = each + (i < rest ? 1 : 0);
  } else counts = perRankInt(recvcounts, n, "recvcounts");
  const total = counts.reduce((a, b) => a + b, 0);
  if (total > s.count) {
    throw new RangeError(
      `sendbuf: recvcounts add up to ${total}, sendbuf has ${s.count}`,
    );
  }
  const r = resolve(recvbuf, RECV, "recvbuf");
  const mine = counts[comm.rank];
  if (r.count < mine) {
    throw new RangeError(
      `recvbuf: holds ${r.count} elements, this rank receives ${mine}`,
    );
  }
  return {
    name: "MPI_Reduce_scatter",
    comm: comm.handle,
    args: [s.buf, r.buf, counts, s.type, o.handle],
    keep: [s.owner, r.owner, counts],
    op: o,
  };
}

/**
 * A block collective (`MPI_Gather`, `MPI_Allgather`, `MPI_Alltoall`,
 * `MPI_Scatter`), both sides resolved and checked; `root` is ignored by the
 * ones without one.
 */
export function blockCall(
  comm: Comm,
  kind: BlockKind,
  sendbuf: unknown,
  recvbuf: unknown,
  root?: number,
): CollectiveCall {
  const spec = BLOCK_CALLS[kind];
  const rt = spec.rooted ? rootRank(comm, root ?? 0, spec.name) : undefined;
  const b = blockArgs(
    kind,
    sendbuf,
    recvbuf,
    rt === undefined || isRoot(comm, rt),
    comm.peerCount,
  );
  const args = [b.sbuf, b.scount, b.stype, b.rbuf, b.rcount, b.rtype];
  if (rt !== undefined) args.push(rt);
  return {
    name: spec.name,
    comm: comm.handle,
    args,
    inPlaceAt: b.inPlace ? spec.sentinel : undefined,
    keep: b.keep,
  };
}

/** The four block collectives. */
export type BlockKind = "gather" | "allgather" | "alltoall" | "scatter";

const BLOCK_CALLS: Record<
  BlockKind,
  { name: string; sentinel: number; rooted: boolean }
> = {
  gather: { name: "MPI_Gather", sentinel: 0, rooted: true },
  allgather: { name: "MPI_Allgather", sentinel: 0, rooted: false },
  alltoall: { name: "MPI_Alltoall", sentinel: 0, rooted: false },
  scatter: { name: "MPI_Scatter", sentinel: 3, rooted: true },
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

const LOCAL_IN = new Resolved();
const LOCAL_INOUT = new Resolved();

/**
 * Combines `inbuf` into `inoutbuf` with `op` on this process alone
 * (`MPI_Reduce_local`); handy to test user ops.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
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
