/**
 * Value collectives (lowercase): any structured-clone value, serialized
 * once, moved as bytes by the matching buffer collective after the byte
 * counts are exchanged, or, for small values in `allgather`, `alltoall` and
 * `scatter`, in one call of fixed-size slots (`value_slots.ts`). On small
 * intracommunicators those three send what does not fit slots directly,
 * each message matched by its size (`value_direct.ts`). Plain
 * numbers reduced with `SUM`, `PROD`, `MAX` or `MIN` skip serialization:
 * one `MPI_Allreduce` on a double.
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
import type { Encoded } from "../core/codec.ts";
import { DATATYPES } from "../core/datatype.ts";
import { check } from "../core/errors.ts";
import { deserialize, serialize } from "../core/pickle.ts";
import { recvLayout, sendLayout } from "../core/wire.ts";
import { exchangeValues, placeOwn, RECEIVED, SENT } from "./value_layout.ts";
import {
  ALLGATHER,
  ALLTOALL,
  anyOver,
  flagSizes,
  RECV_SLOTS,
  remember,
  SCATTER,
  SEND_SLOTS,
  type Slots,
  slotsFor,
  slotSize,
  unflag,
} from "./value_slots.ts";
import type { Request } from "../core/request.ts";
import * as requests from "./value_requests.ts";
import type { Comm } from "../comm/comm.ts";
import { isRoot, rootRank } from "../core/checks.ts";
import { Barrier } from "./buffers.ts";
import type { Op } from "../core/op.ts";
import { applyOp, checkValueOp, fold, type ValueOp } from "./value_ops.ts";
import {
  agreedKind,
  allreduceAgreed,
  fastOp,
  prefixAgreed,
} from "./value_kinds.ts";
import { reduceArrays } from "./value_arrays.ts";
import {
  allgatherDirect,
  alltoallDirect,
  goesDirect,
  scatterDirect,
} from "./value_direct.ts";

const one = new Float64Array(1);

/** The in-place arguments of `MPI_Gatherv` and `MPI_Allgatherv`, up to `recvtype`. */
type InPlaceV = [
  Pointer,
  number,
  Handle,
  Memory,
  Int32Array,
  Int32Array,
  Handle,
];
/** `MPI_Gatherv` with `MPI_IN_PLACE` as the send buffer. */
const GATHERV_IN_PLACE = lib["MPI_Gatherv@0"] as unknown as (
  ...args: [...InPlaceV, number, Handle]
) => number;
/** `MPI_Allgatherv` with `MPI_IN_PLACE` as the send buffer. */
const ALLGATHERV_IN_PLACE = lib["MPI_Allgatherv@0"] as unknown as (
  ...args: [...InPlaceV, Handle]
) => number;
/** `MPI_Scatterv` with `MPI_IN_PLACE` as the root's receive buffer. */
const SCATTERV_IN_PLACE = lib["MPI_Scatterv@4"] as unknown as (
  ...args: [
    Memory,
    Int32Array,
    Int32Array,
    Handle,
    Pointer,
    number,
    Handle,
    number,
    Handle,
  ]
) => number;

/** Same as `Barrier()`. */
export function barrier(comm: Comm): void {
  Barrier(comm);
}

/** Broadcasts a value from `root`; every rank returns it. */
export function bcast(comm: Comm, obj: unknown, root: number): unknown {
  const rt = rootRank(comm, root, "MPI_Bcast"), h = comm.handle;
  const atRoot = isRoot(comm, rt);
  const encoded = atRoot ? serialize(obj) : undefined;
  one[0] = encoded?.byteLength ?? 0;
  check(lib.MPI_Bcast(one, 1, DATATYPES.DOUBLE.handle, rt, h), "MPI_Bcast");
  const size = one[0];
  const layout = atRoot ? sendLayout(encoded!) : recvLayout(size);
  try {
    check(
      lib.MPI_Bcast(layout.base, layout.count, layout.type, rt, h),
      "MPI_Bcast",
    );
  } finally {
    layout.free();
  }
  // The root returns its own value; ranks of an intercommunicator's root
  // group that are not the root (PROC_NULL) receive nothing.
  if (atRoot) return obj;
  if (rt === C.PROC_NULL) return undefined;
  return deserialize(layout.base!.subarray(0, size));
}

/** Gathers one value per rank at `root` (an array in rank order); `undefined` elsewhere. */
export function gather(
  comm: Comm,
  obj: unknown,
  root: number,
): unknown[] | undefined {
  const rt = rootRank(comm, root, "MPI_Gather");
  const atRoot = isRoot(comm, rt), n = atRoot ? comm.peerCount : 0;
  // An intracommunicator's root writes its own message in its place.
  const inPlace = atRoot && !comm.isInter;
  const e = serialize(obj), r = RECEIVED;
  one[0] = e.byteLength;
  const D = DATATYPES.DOUBLE.handle, BYTE = DATATYPES.BYTE.handle;
  check(
    lib.MPI_Gather(one, 1, D, r.peers(n), 1, D, rt, comm.handle),
    "MPI_Gather",
  );
  const buf = r.layoutOwned(n, false), { counts, displs } = r;
  const h = comm.handle;
  check(
    inPlace
      ? GATHERV_IN_PLACE(
        IN_PLACE_PTR,
        0,
        BYTE,
        placeOwn(buf, e, rt),
        counts,
        displs,
        BYTE,
        rt,
        h,
      )
      : lib.MPI_Gatherv(
        SENT.message(e),
        e.byteLength,
        BYTE,
        buf,
        counts,
        displs,
        BYTE,
        rt,
        h,
      ),
    "MPI_Gatherv",
  );
  SENT.shrink();
  return atRoot ? r.unpack(n, buf) : undefined;
}

/** Slot size every rank of an intracommunicator agrees on. */
function slotSizeOf(comm: Comm): number {
  return slotSize(comm.size);
}

/** The part of `message` past its slot (`s`'s slot 0), or `message` when nothing is. */
function restOf(message: Uint8Array, s: Slots): Uint8Array {
  return s.restCounts[0] ? message.subarray(s.restDispls[0]) : message;
}

/** Decodes what `RECV_SLOTS` and, when they followed, the rests in `RECEIVED` hold. */
function received(n: number, rests: boolean): unknown[] {
  const out = RECV_SLOTS.unpack(n, rests ? RECEIVED : null);
  RECEIVED.shrink();
  return out;
}

/** Gathers one value per rank on every rank (an array in rank order). */
export function allgather(comm: Comm, obj: unknown): unknown[] {
  const n = comm.peerCount, e = serialize(obj);
  if (slotsFor(comm, ALLGATHER)) {
    return allgatherInSlots(comm, n, SENT.message(e));
  }
  return goesDirect(comm)
    ? allgatherDirect(comm, e)
    : allgatherCounted(comm, n, e);
}

/**
 * `allgather` with the byte counts first (every rank sees every size). On
 * an intracommunicator each rank writes its own message in its place and
 * MPI moves none of it (`MPI_IN_PLACE`): on Open MPI, 2 ranks, 16 KiB, a
 * loop of this call took 16.1 against 17.6 µs (launches alternating; the
 * value report's harness shows it within the machine's noise).
 */
function allgatherCounted(comm: Comm, n: number, e: Encoded): unknown[] {
  const r = RECEIVED, h = comm.handle, intra = !comm.isInter;
  const message = intra ? null : SENT.message(e);
  one[0] = e.byteLength;
  const D = DATATYPES.DOUBLE.handle, BYTE = DATATYPES.BYTE.handle;
  check(
    lib.MPI_Allgather(one, 1, D, r.peers(n), 1, D, h),
    "MPI_Allgather",
  );
  const buf = r.layoutOwned(n, false), { counts, displs } = r;
  check(
    message
      ? lib.MPI_Allgatherv(
        message,
        message.byteLength,
        BYTE,
        buf,
        counts,
        displs,
        BYTE,
        h,
      )
      : ALLGATHERV_IN_PLACE(
        IN_PLACE_PTR,
        0,
        BYTE,
        placeOwn(buf, e, comm.rank),
        counts,
        displs,
        BYTE,
        h,
      ),
    "MPI_Allgatherv",
  );
  SENT.shrink();
  if (intra) remember(comm, ALLGATHER, anyOver(r.sizes, n, slotSizeOf(comm)));
  return r.unpack(n, buf);
}

/** `allgather` with each value in its slot, and the rests of longer ones after. */
function allgatherInSlots(
  comm: Comm,
  n: number,
  message: Uint8Array,
): unknown[] {
  const s = SEND_SLOTS, r = RECV_SLOTS;
  const size = slotSizeOf(comm), BYTE = DATATYPES.BYTE.handle;
  s.room(1, size);
  r.room(n, size);
  if (s.put(0, message)) s.flagLonger(1);
  check(
    lib.MPI_Allgather(s.bytes, size, BYTE, r.bytes, size, BYTE, comm.handle),
    "MPI_Allgather",
  );
  const into = restsInto(n);
  if (into) {
    check(
      lib.MPI_Allgatherv(
        restOf(message, s),
        s.restCounts[0],
        BYTE,
        into,
        r.restCounts,
        r.restDispls,
        BYTE,
        comm.handle,
      ),
      "MPI_Allgatherv",
    );
  }
  return fromSlots(comm, ALLGATHER, n, into !== null);
}

/**
 * Where the rests go once `n` slots arrived in `RECV_SLOTS`, laid out, or
 * `null` when no sender flagged a longer message (nothing follows).
 */
function restsInto(n: number): Uint8Array | null {
  return RECV_SLOTS.anyLonger(n) ? RECV_SLOTS.layoutRests(n, RECEIVED) : null;
}

/**
 * Records for `op` whether rests followed, and decodes the `n` values
 * (the messages sent are no longer needed).
 */
function fromSlots(
  comm: Comm,
  op: number,
  n: number,
  rests: boolean,
): unknown[] {
  SENT.shrink();
  remember(comm, op, rests);
  return received(n, rests);
}

/**
 * Fills `SEND_SLOTS` with the first `n` messages `SENT` packed, each
 * flagged when any is longer than its slot.
 */
function slotsOfPacked(n: number, size: number): void {
  const s = SEND_SLOTS, { bytes, counts, displs } = SENT;
  s.room(n, size);
  let longer = false;
  for (let i = 0; i < n; i++) {
    const message = new Uint8Array(bytes.buffer, displs[i], counts[i]);
    if (s.put(i, message, displs[i])) longer = true;
  }
  if (longer) s.flagLonger(n);
}

/** Sends `objs[i]` from `root` to rank i; each rank returns its value. */
export function scatter(
  comm: Comm,
  objs: readonly unknown[] | undefined | null,
  root: number,
): unknown {
  const rt = rootRank(comm, root, "MPI_Scatter");
  const atRoot = isRoot(comm, rt), n = comm.peerCount;
  if (atRoot && (!Array.isArray(objs) || objs.length !== n)) {
    throw new TypeError(`objs must be an array of ${n} values at the root`);
  }
  if (slotsFor(comm, SCATTER)) {
    return scatterInSlots(
      comm,
      rt,
      atRoot,
      n,
      SENT.pack(atRoot ? objs! : NONE),
    );
  }
  // An intracommunicator's root writes its own message where it receives.
  const own = atRoot && !comm.isInter ? SENT.packOthers(objs!, rt) : null;
  if (!own) SENT.pack(atRoot ? objs! : NONE);
  return goesDirect(comm)
    ? scatterDirect(comm, rt, own)
    : scatterCounted(comm, rt, atRoot, n, own);
}

/**
 * `scatter` with the byte counts first; each is flagged (see `flagSizes`)
 * when the root has a message longer than a slot.
 */
function scatterCounted(
  comm: Comm,
  rt: number,
  atRoot: boolean,
  n: number,
  own: Encoded | null,
): unknown {
  const s = SENT, r = RECEIVED;
  const D = DATATYPES.DOUBLE.handle, BYTE = DATATYPES.BYTE.handle;
  if (atRoot && !comm.isInter) flagSizes(s.sizes, n, slotSizeOf(comm));
  const size = r.peers(1);
  size[0] = 0; // stays 0 where nothing is received (an intercommunicator's root group)
  check(
    lib.MPI_Scatter(s.sizes, 1, D, size, 1, D, rt, comm.handle),
    "MPI_Scatter",
  );
  if (!comm.isInter) remember(comm, SCATTER, unflag(size, 1));
  const mine = r.layoutOwned(1, false);
  check(
    own
      ? SCATTERV_IN_PLACE(
        s.bytes,
        s.counts,
        s.displs,
        BYTE,
        IN_PLACE_PTR,
        0,
        BYTE,
        rt,
        comm.handle,
      )
      : lib.MPI_Scatterv(
        s.bytes,
        s.counts,
        s.displs,
        BYTE,
        mine,
        r.counts[0],
        BYTE,
        rt,
        comm.handle,
      ),
    "MPI_Scatterv",
  );
  // After the sends: the other ranks need not wait for this copy.
  if (own) placeOwn(mine, own, 0);
  SENT.shrink();
  if (rt === C.PROC_NULL || rt === C.ROOT) return undefined;
  return r.unpack(1, mine)[0];
}

/** `scatter` with each value in its slot, and the rests of longer ones after. */
function scatterInSlots(
  comm: Comm,
  rt: number,
  atRoot: boolean,
  n: number,
  sendbuf: Uint8Array,
): unknown {
  const s = SEND_SLOTS, r = RECV_SLOTS;
  const size = slotSizeOf(comm), BYTE = DATATYPES.BYTE.handle;
  if (atRoot) slotsOfPacked(n, size);
  r.room(1, size);
  check(
    lib.MPI_Scatter(s.bytes, size, BYTE, r.bytes, size, BYTE, rt, comm.handle),
    "MPI_Scatter",
  );
  // The root flags every slot when any message is longer than its slot.
  const into = restsInto(1);
  if (into) {
    check(
      lib.MPI_Scatterv(
        sendbuf,
        s.restCounts,
        s.restDispls,
        BYTE,
        into,
        r.restCounts[0],
        BYTE,
        rt,
        comm.handle,
      ),
      "MPI_Scatterv",
    );
  }
  return fromSlots(comm, SCATTER, 1, into !== null)[0];
}

const NONE: readonly unknown[] = [];

/** Sends `objs[i]` to rank i; returns the values received, in rank order. */
export function alltoall(comm: Comm, objs: readonly unknown[]): unknown[] {
  const n = comm.peerCount;
  if (!Array.isArray(objs) || objs.length !== n) {
    throw new TypeError(`objs must be an array of ${n} values`);
  }
  if (slotsFor(comm, ALLTOALL)) return alltoallInSlots(comm, objs, n);
  if (!goesDirect(comm)) return alltoallCounted(comm, objs, n);
  return alltoallDirect(comm, SENT.packOthers(objs, comm.rank));
}

/**
 * `alltoall` with the byte counts first; on an intracommunicator each is
 * flagged (see `flagSizes`) when its sender has a message longer than a slot.
 */
function alltoallCounted(
  comm: Comm,
  objs: readonly unknown[],
  n: number,
): unknown[] {
  const D = DATATYPES.DOUBLE.handle, BYTE = DATATYPES.BYTE.handle;
  const intra = !comm.isInter, slot = intra ? slotSizeOf(comm) : 0;
  let longer = false;
  const out = exchangeValues(
    objs,
    n,
    (ss, rs) => {
      if (intra) flagSizes(ss, n, slot);
      check(
        lib.MPI_Alltoall(ss, 1, D, rs, 1, D, comm.handle),
        "MPI_Alltoall",
      );
      if (intra) longer = unflag(rs, n);
    },
    (sb, sc, sd, rb, rc, rd) =>
      check(
        lib.MPI_Alltoallv(sb, sc, sd, BYTE, rb, rc, rd, BYTE, comm.handle),
        "MPI_Alltoallv",
      ),
    intra ? comm.rank : -1,
  );
  if (intra) remember(comm, ALLTOALL, longer);
  return out;
}

/** `alltoall` with each value in its slot, and the rests of longer ones after. */
function alltoallInSlots(
  comm: Comm,
  objs: readonly unknown[],
  n: number,
): unknown[] {
  const s = SEND_SLOTS, r = RECV_SLOTS;
  const size = slotSizeOf(comm), BYTE = DATATYPES.BYTE.handle;
  const sendbuf = SENT.pack(objs);
  slotsOfPacked(n, size);
  r.room(n, size);
  check(
    lib.MPI_Alltoall(s.bytes, size, BYTE, r.bytes, size, BYTE, comm.handle),
    "MPI_Alltoall",
  );
  const into = restsInto(n);
  if (into) {
    check(
      lib.MPI_Alltoallv(
        sendbuf,
        s.restCounts,
        s.restDispls,
        BYTE,
        into,
        r.restCounts,
        r.restDispls,
        BYTE,
        comm.handle,
      ),
      "MPI_Alltoallv",
    );
  }
  return fromSlots(comm, ALLTOALL, n, into !== null);
}

/**
 * Whether a reduction tries the fast path (intracommunicators, a numeric
 * predefined op); every rank then agrees on the kinds of the values first.
 */
function fast(comm: Comm, op: ValueOp): op is Op {
  return fastOp(op) && !comm.isInter;
}

/**
 * Combines the values of all ranks with `op` at `root` (`undefined`
 * elsewhere). Different kinds with a predefined op throw the same
 * `TypeError` on every rank.
 */
export function reduce(
  comm: Comm,
  obj: unknown,
  op: ValueOp,
  root: number,
): unknown {
  const o = checkValueOp(op), rt = rootRank(comm, root, "MPI_Reduce");
  if (fast(comm, o)) {
    const x = allreduceAgreed("reduce", obj, o, comm.handle);
    if (x !== undefined) return isRoot(comm, rt) ? x : undefined;
    if (agreedKind() === "TypedArray") {
      const r = reduceArrays(obj, o, rt, comm.rank, comm.handle);
      if (r !== null) return r;
    }
  }
  const all = gather(comm, obj, rt);
  return all ? fold(o, all, all.length, "reduce") : undefined;
}

/** Combines the values of all ranks with `op`; every rank returns the result (or throws the same error). */
export function allreduce(comm: Comm, obj: unknown, op: ValueOp): unknown {
  const o = checkValueOp(op);
  if (fast(comm, o)) {
    const x = allreduceAgreed("allreduce", obj, o, comm.handle);
    if (x !== undefined) return x;
    if (agreedKind() === "TypedArray") {
      const r = reduceArrays(obj, o, undefined, comm.rank, comm.handle);
      if (r !== null) return r;
    }
  }
  const all = allgather(comm, obj);
  return fold(o, all, all.length, "allreduce");
}

/** Inclusive prefix reduction of values: rank r returns `op` over ranks 0..r. */
export function scan(comm: Comm, obj: unknown, op: ValueOp): unknown {
  const o = checkValueOp(op), r = comm.rank;
  if (fast(comm, o)) {
    const x = prefixAgreed(
      "scan",
      obj,
      r + 1,
      comm.size,
      comm.handle,
      (a, b) => applyOp(o, a, b) as number,
    );
    if (x !== undefined) return x;
  }
  return fold(o, allgather(comm, obj), r + 1, "scan");
}

/** Exclusive prefix reduction of values: `undefined` on rank 0. */
export function exscan(comm: Comm, obj: unknown, op: ValueOp): unknown {
  const o = checkValueOp(op), r = comm.rank;
  if (fast(comm, o)) {
    const x = prefixAgreed(
      "exscan",
      obj,
      r,
      comm.size,
      comm.handle,
      (a, b) => applyOp(o, a, b) as number,
    );
    if (x !== undefined) return r === 0 ? undefined : x;
  }
  const v = fold(o, allgather(comm, obj), r, "exscan");
  return r === 0 ? undefined : v;
}

/** Starts a barrier; the request's value is `undefined`. */
export function ibarrier(comm: Comm): Request {
  return requests.ibarrier(comm);
}

/** Starts a broadcast of a value from `root`; `wait()` gives it on every rank. */
export function ibcast(comm: Comm, obj: unknown, root: number): Request {
  return requests.ibcast(comm, obj, rootRank(comm, root, "MPI_Ibcast"));
}

/** Starts gathering one value per rank at `root`; `wait()` gives the array there. */
export function igather(comm: Comm, obj: unknown, root: number): Request {
  return requests.igather(comm, obj, rootRank(comm, root, "MPI_Igather"));
}

/** Starts gathering one value per rank on every rank. */
export function iallgather(comm: Comm, obj: unknown): Request {
  return requests.igather(comm, obj, undefined);
}

/** Starts scattering `objs[i]` from `root` to rank i. */
export function iscatter(
  comm: Comm,
  objs: readonly unknown[] | null | undefined,
  root: number,
): Request {
  return requests.iscatter(comm, objs, rootRank(comm, root, "MPI_Iscatter"));
}

/** Starts sending `objs[i]` to rank i; `wait()` gives the values received. */
export function ialltoall(comm: Comm, objs: readonly unknown[]): Request {
  return requests.ialltoall(comm, objs);
}

/** Starts a value reduction to `root`; `wait()` gives the result there. */
export function ireduce(
  comm: Comm,
  obj: unknown,
  op: ValueOp,
  root: number,
): Request {
  return requests.ireduce(
    comm,
    obj,
    checkValueOp(op),
    rootRank(comm, root, "MPI_Ireduce"),
  );
}

/** Starts a value reduction on every rank; `wait()`/`waitAsync()` give the result. */
export function iallreduce(comm: Comm, obj: unknown, op: ValueOp): Request {
  return requests.ireduce(comm, obj, checkValueOp(op), undefined);
}
