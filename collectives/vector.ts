/**
 * The vector collectives (`Gatherv`, `Scatterv`, `Allgatherv`, `Alltoallv`)
 * and their buffer specifications, which follow mpi4py:
 * `[buf, counts]`, `[buf, [counts, displs]]`, `[buf, counts, displs, datatype]`,
 * `[buf, [counts, displs], datatype]`. Counts and displacements are in
 * elements; a single number of counts is used for every rank; missing
 * counts split the buffer evenly (remainder to the lowest ranks); missing
 * displacements lay the blocks end to end. Every block is checked against
 * the buffer before MPI is called.
 *
 * @module
 */
import {
  H,
  type Handle,
  HANDLE_SIZE,
  IN_PLACE_PTR,
  type Memory,
  type Pointer,
  writeHandle,
} from "../ffi/lib.ts";
import {
  type Buffer,
  IN_PLACE,
  inferDatatype,
  isBuffer,
} from "../core/buffer.ts";
import { Datatype } from "../core/datatype.ts";
import { count as checkCount, describe } from "../core/errors.ts";
import { slabBytes, slabDoubles, slabInts } from "../core/slab.ts";
import type { SendSpec } from "./buffers.ts";
import type { Comm } from "../comm/comm.ts";
import { INT_MAX } from "../core/large.ts";
import { isRoot, rootRank } from "../core/checks.ts";
import type { CollectiveCall } from "./call.ts";
import { largeGathervCall } from "./large_vector.ts";

/**
 * Per-rank counts or displacements: one number for every rank, or one
 * each, in an array or a typed array (as mpi4py takes a NumPy array).
 */
export type PerRank = number | ArrayLike<number>;

/** A vector buffer specification (see the module documentation). */
export type VecSpec =
  | Buffer
  | readonly [Buffer, PerRank]
  | readonly [Buffer, readonly [PerRank, PerRank]]
  | readonly [Buffer, readonly [PerRank, PerRank], Datatype]
  | readonly [Buffer, PerRank, PerRank, Datatype];

/**
 * An `Alltoallw` buffer specification: `[buf, counts, byteDispls, types]`
 * or `[buf, [counts, byteDispls], types]`; `types` is one Datatype or one
 * per rank.
 */
export type WSpec =
  | readonly [Buffer, PerRank, PerRank, Datatype | readonly Datatype[]]
  | readonly [
    Buffer,
    readonly [PerRank, PerRank],
    Datatype | readonly Datatype[],
  ];

/** A resolved vector buffer. */
interface Vector {
  buf: Memory;
  counts: Int32Array;
  displs: Int32Array;
  type: Handle;
  datatype: Datatype;
  owner: unknown;
}

/**
 * A resolved vector buffer whose counts and displacements may exceed
 * `INT_MAX` (what `Gatherv`'s large-count path takes).
 */
export interface WideVector {
  buf: Memory;
  counts: Float64Array;
  displs: Float64Array;
  datatype: Datatype;
  owner: unknown;
}

/**
 * Element `i` of `what` (or `what` itself, `i` < 0) as a count or
 * displacement: an integer from 0 to 2^53 - 1. The name is built only for
 * the error, so checking a rank's entry allocates nothing.
 */
function wideCount(value: unknown, what: string, i = -1): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
    return value + 0; // no -0
  }
  const name = i < 0 ? what : `${what}[${i}]`;
  if (typeof value !== "number") {
    throw new TypeError(`${name} must be an integer, got ${describe(value)}`);
  }
  throw new RangeError(
    Number.isSafeInteger(value)
      ? `${name} must not be negative, got ${value}`
      : `${name} must be an integer, got ${value}`,
  );
}

/** Whether `x` holds one entry per rank: an array, or a typed array as mpi4py takes a NumPy one. */
function isPerRank(x: unknown): x is ArrayLike<unknown> {
  return Array.isArray(x) ||
    (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/**
 * Checks one count or displacement (entry `i` of `what`, or `what` itself
 * when `i` < 0): returns it, throws the error naming it, or returns -1 to
 * decline it (`plainInt`: left to the general path).
 */
type Entry = (value: unknown, what: string, i: number) => number;

/**
 * One checked entry per rank into `out`: `value` for every rank, or the
 * entries of `value`; `undefined` when `entry` declines one.
 */
function perRankInto<T extends Float64Array | Int32Array>(
  value: unknown,
  out: T,
  what: string,
  entry: Entry,
): T | undefined {
  const n = out.length;
  if (typeof value === "number") {
    const v = entry(value, what, -1);
    return v < 0 ? undefined : out.fill(v) as T;
  }
  if (!isPerRank(value)) {
    throw new TypeError(
      `${what} must be a number or an array of ${n} numbers, got ${
        describe(value)
      }`,
    );
  }
  if (value.length !== n) {
    throw new TypeError(
      `${what} must have ${n} entries, one per rank, got ${value.length}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const v = entry(value[i], what, i);
    if (v < 0) return undefined;
    out[i] = v;
  }
  return out;
}

/** A count or byte displacement that must fit a C `int`. */
function intCount(value: unknown, what: string, i: number): number {
  if (typeof value === "number" && (value | 0) === value && value >= 0) {
    return value | 0;
  }
  return checkCount(value, i < 0 ? what : `${what}[${i}]`); // throws
}

/**
 * Per-rank values as C `int`s (one number for every rank, or an array or
 * typed array of `n`), or the error naming the first that is not.
 *
 * @example
 * ```ts
 * perRankInt([4, 6], 2, "recvcounts"); // Int32Array [4, 6]
 * perRankInt(3, 2, "recvcounts"); // Int32Array [3, 3]
 * ```
 */
export function perRankInt(
  value: unknown,
  n: number,
  what: string,
): Int32Array {
  return perRankInto(value, slabInts(n), what, intCount)!; // intCount never declines
}

/** A C `int` count or displacement as given, else -1: the general path checks it. */
function plainInt(value: unknown): number {
  return typeof value === "number" && (value | 0) === value && value >= 0
    ? value
    : -1;
}

function parts(
  spec: unknown,
  what: string,
): [Buffer, unknown, unknown, Datatype | undefined] {
  if (isBuffer(spec)) return [spec, undefined, undefined, undefined];
  if (!Array.isArray(spec) || !isBuffer(spec[0])) {
    throw new TypeError(
      `${what} must be a buffer or [buffer, counts, displs?, datatype?], got ${
        describe(spec)
      }`,
    );
  }
  const [buf, a, b, c] = spec;
  const pair = Array.isArray(a) && a.length === 2 &&
    (isPerRank(a[0]) || isPerRank(a[1]));
  if (pair) return [buf, a[0], a[1], b as Datatype | undefined];
  if (spec.length === 4) return [buf, a, b, c as Datatype];
  if (spec.length === 3 && b instanceof Datatype) return [buf, a, undefined, b];
  return [buf, a, b, undefined];
}

/**
 * Resolves a vector buffer specification for `n` ranks, counts and
 * displacements as plain numbers (up to 2^53 - 1), every block checked
 * against the buffer. `resolveVector` narrows the result to C `int`s.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const recv = new Uint8Array(10);
 * const v = resolveWide([recv, [[4, 6], [0, 4]], mpi.UINT8_T], 2, "recvbuf");
 * console.log(v.counts, v.displs); // Float64Array [4, 6], Float64Array [0, 4]
 * ```
 */
export function resolveWide(
  spec: unknown,
  n: number,
  what: string,
): WideVector {
  return resolveAs(spec, n, what, slabDoubles, wideCount)!; // never declines
}

/**
 * Resolves `spec` with counts and displacements in arrays `cut` makes,
 * each entry (given or computed) checked by `entry`, then every block
 * against the buffer; `undefined` when `entry` declines an entry.
 */
function resolveAs<T extends Float64Array | Int32Array>(
  spec: unknown,
  n: number,
  what: string,
  cut: (n: number) => T,
  entry: Entry,
):
  | { buf: Memory; counts: T; displs: T; datatype: Datatype; owner: unknown }
  | undefined {
  const [buf, countsArg, displsArg, dtArg] = parts(spec, what);
  if (dtArg !== undefined && !(dtArg instanceof Datatype)) {
    throw new TypeError(
      `${what}: datatype must be a Datatype, got ${describe(dtArg)}`,
    );
  }
  const datatype = dtArg ?? inferDatatype(buf, what);
  const extent = datatype.extent;
  const countsName = `${what} counts`, displsName = `${what} displs`;
  let counts: T | undefined = cut(n);
  if (countsArg === undefined) {
    const capacity = datatype.capacity(buf.byteLength);
    const each = Math.floor(capacity / n), rest = capacity % n;
    for (let i = 0; i < n; i++) {
      const v = entry(each + (i < rest ? 1 : 0), countsName, i);
      if (v < 0) return undefined;
      counts[i] = v;
    }
  } else counts = perRankInto(countsArg, counts, countsName, entry);
  if (counts === undefined) return undefined;
  let displs: T | undefined = cut(n);
  if (displsArg === undefined || typeof displsArg === "number") {
    const stride = displsArg === undefined
      ? -1
      : wideCount(displsArg, displsName);
    for (let i = 1, at = 0; i < n; i++) {
      at = stride < 0 ? at + counts[i - 1] : i * stride;
      const v = entry(at, displsName, i);
      if (v < 0) return undefined;
      displs[i] = v;
    }
  } else displs = perRankInto(displsArg, displs, displsName, entry);
  if (displs === undefined) return undefined;
  for (let i = 0; i < n; i++) {
    if (!datatype.fits(counts[i], displs[i] * extent, buf.byteLength)) {
      throw new RangeError(
        `${what}: block ${i} (${counts[i]} elements at ${
          displs[i]
        }) overruns the buffer (${buf.byteLength} bytes)`,
      );
    }
  }
  return { buf: buf as Memory, counts, displs, datatype, owner: buf };
}

/** Whether every count and displacement of `v` fits a C `int`. */
export function fitsInt(v: WideVector): boolean {
  for (let i = 0; i < v.counts.length; i++) {
    if (v.counts[i] > INT_MAX || v.displs[i] > INT_MAX) return false;
  }
  return true;
}

/** `values` as C `int`s, or the error naming the first above `INT_MAX`. */
function ints(values: Float64Array, what: string): Int32Array {
  const out = slabInts(values.length);
  for (let i = 0; i < values.length; i++) {
    if (values[i] > INT_MAX) throw tooLarge(`${what}[${i}]`, values[i]);
    out[i] = values[i];
  }
  return out;
}

/**
 * Resolves a vector buffer specification for `n` ranks, counts and
 * displacements as C `int`s (a value above 2^31 - 1 is a `RangeError`
 * naming it).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const recv = new Float64Array(10);
 * const v = resolveVector([recv, [[4, 6], [0, 4]], mpi.DOUBLE], 2, "recvbuf");
 * console.log(v.counts, v.displs); // Int32Array [4, 6], Int32Array [0, 4]
 * ```
 */
export function resolveVector(spec: unknown, n: number, what: string): Vector {
  // Counts that are C ints as given resolve in one pass; anything else
  // takes the general path, which names what is wrong.
  const v = resolveAs(spec, n, what, slabInts, plainInt);
  if (v === undefined) return narrow(resolveWide(spec, n, what), what);
  // Spelled out, in narrow's shape: V8 under Node made a spread of `v` a
  // new object layout each call (Alltoallv 9.6 against 1.8 µs, 2 ranks).
  return {
    buf: v.buf,
    counts: v.counts,
    displs: v.displs,
    type: v.datatype.handle,
    datatype: v.datatype,
    owner: v.owner,
  };
}

function narrow(v: WideVector, what: string): Vector {
  return {
    buf: v.buf,
    counts: ints(v.counts, `${what} counts`),
    displs: ints(v.displs, `${what} displs`),
    type: v.datatype.handle,
    datatype: v.datatype,
    owner: v.owner,
  };
}

/**
 * The error for a count or displacement above 2^31 - 1 in a vector
 * collective that has no large-count form here (only `Gatherv` has one): a
 * C `int` must not wrap silently.
 */
function tooLarge(what: string, value: number): RangeError {
  return new RangeError(
    `${what}: ${value} elements exceed 2^31 - 1, which this vector collective takes (only Gatherv has a large-count form)`,
  );
}

const NONE: Vector = {
  buf: null,
  counts: new Int32Array(0),
  displs: new Int32Array(0),
  type: H.BYTE!,
  datatype: undefined as unknown as Datatype,
  owner: null,
};

/** The send side of an `IN_PLACE` vector collective. */
function inPlace(type: Handle): SendSide {
  return { buf: IN_PLACE_PTR, count: 0, type, size: 0 };
}

/** A resolved send side of a vector collective. */
export interface SendSide {
  buf: Memory | Pointer;
  count: number;
  type: Handle;
  size: number;
}

/** Resolves a send side; `wide` lets its count exceed `INT_MAX` (Gatherv). */
function send(spec: unknown, what: string, wide = false): SendSide {
  const [buf, count, , dt] = parts(spec, what);
  const datatype = dt ?? inferDatatype(buf, what);
  const n = count === undefined
    ? datatype.capacity(buf.byteLength)
    : checkCount(count, `${what} count`);
  if (n > INT_MAX && !wide) throw tooLarge(what, n);
  if (!datatype.fits(n, 0, buf.byteLength)) {
    throw new RangeError(
      `${what}: ${n} elements overrun the buffer (${buf.byteLength} bytes)`,
    );
  }
  return {
    buf: buf as Memory,
    count: n,
    type: datatype.handle,
    size: n * datatype.size,
  };
}

/** Checks entry `i` of an `Alltoallw` type list. */
function typeAt(x: unknown, what: string, i: number): Datatype {
  if (x instanceof Datatype) return x;
  throw new TypeError(`${what}[${i}] must be a Datatype, got ${describe(x)}`);
}

/** A resolved `Alltoallw` side: byte displacements and a datatype per rank. */
interface WVector {
  buf: Memory | Pointer;
  counts: Int32Array;
  displs: Int32Array;
  types: Uint8Array;
  owner: unknown;
}

/**
 * Resolves an `Alltoallw` buffer specification for `n` ranks:
 * `[buf, counts, byteDispls, types]` or `[buf, [counts, byteDispls], types]`,
 * where `types` is one Datatype or one per rank.
 */
export function resolveW(spec: unknown, n: number, what: string): WVector {
  if (!Array.isArray(spec) || !isBuffer(spec[0])) {
    throw new TypeError(
      `${what} must be [buffer, counts, byteDispls, types], got ${
        describe(spec)
      }`,
    );
  }
  const [buf, a, b, c] = spec.length === 3
    ? [spec[0], ...spec[1], spec[2]]
    : spec;
  const counts = perRankInt(a, n, `${what} counts`);
  const displs = perRankInt(b, n, `${what} displs`);
  const many = Array.isArray(c);
  if (many && c.length !== n) {
    throw new TypeError(`${what} types must have ${n} entries`);
  }
  const types = slabBytes(n * HANDLE_SIZE);
  for (let i = 0; i < n; i++) {
    const dt = typeAt(many ? c[i] : c, `${what} types`, i);
    if (!dt.fits(counts[i], displs[i], buf.byteLength)) {
      throw new RangeError(
        `${what}: block ${i} (${counts[i]} × ${dt.name} at byte ${
          displs[i]
        }) overruns the buffer (${buf.byteLength} bytes)`,
      );
    }
    writeHandle(types, i * HANDLE_SIZE, dt.handle);
  }
  return { buf: buf as Memory, counts, displs, types, owner: buf };
}

/**
 * `MPI_Gatherv`, checked. A count or displacement above 2^31 - 1 (the
 * send count here, or the root's counts and displacements) takes the
 * large-count path of `collectives/large_vector.ts`; each rank decides from
 * its own arguments, and both paths make the same collective.
 */
export function gathervCall(
  comm: Comm,
  sendbuf: SendSpec,
  recvbuf: VecSpec | null | undefined,
  root: number,
): CollectiveCall {
  const rt = rootRank(comm, root, "MPI_Gatherv");
  const w = isRoot(comm, rt)
    ? resolveWide(recvbuf, comm.peerCount, "recvbuf")
    : undefined;
  const ip = sendbuf === IN_PLACE;
  const s = ip
    ? inPlace(w?.datatype.handle ?? NONE.type)
    : send(sendbuf, "sendbuf", true);
  if (s.count > INT_MAX || (w !== undefined && !fitsInt(w))) {
    return largeGathervCall(comm, s, w, rt, ip);
  }
  const r = w === undefined ? NONE : narrow(w, "recvbuf");
  return {
    name: "MPI_Gatherv",
    comm: comm.handle,
    args: [s.buf, s.count, s.type, r.buf, r.counts, r.displs, r.type, rt],
    inPlaceAt: ip ? 0 : undefined,
    keep: [s.buf, r.owner, r.counts, r.displs],
  };
}

/** `MPI_Allgatherv`, checked. */
export function allgathervCall(
  comm: Comm,
  sendbuf: SendSpec,
  recvbuf: VecSpec,
): CollectiveCall {
  const r = resolveVector(recvbuf, comm.peerCount, "recvbuf");
  const ip = sendbuf === IN_PLACE;
  const s = ip ? inPlace(r.type) : send(sendbuf, "sendbuf");
  return {
    name: "MPI_Allgatherv",
    comm: comm.handle,
    args: [s.buf, s.count, s.type, r.buf, r.counts, r.displs, r.type],
    inPlaceAt: ip ? 0 : undefined,
    keep: [s.buf, r.owner, r.counts, r.displs],
  };
}

/** `MPI_Scatterv`, checked. */
export function scattervCall(
  comm: Comm,
  sendbuf: VecSpec | null | undefined,
  recvbuf: SendSpec,
  root: number,
): CollectiveCall {
  const rt = rootRank(comm, root, "MPI_Scatterv");
  const s = isRoot(comm, rt)
    ? resolveVector(sendbuf, comm.peerCount, "sendbuf")
    : NONE;
  const ip = recvbuf === IN_PLACE;
  const r = ip ? inPlace(s.type) : send(recvbuf, "recvbuf");
  return {
    name: "MPI_Scatterv",
    comm: comm.handle,
    args: [s.buf, s.counts, s.displs, s.type, r.buf, r.count, r.type, rt],
    inPlaceAt: ip ? 4 : undefined,
    keep: [s.owner, s.counts, s.displs, r.buf],
  };
}

/** `MPI_Alltoallv`, checked. */
export function alltoallvCall(
  comm: Comm,
  sendbuf: VecSpec | typeof IN_PLACE,
  recvbuf: VecSpec,
): CollectiveCall {
  const n = comm.peerCount;
  const r = resolveVector(recvbuf, n, "recvbuf");
  const ip = sendbuf === IN_PLACE;
  const s = ip
    ? { ...r, buf: IN_PLACE_PTR }
    : resolveVector(sendbuf, n, "sendbuf");
  return {
    name: "MPI_Alltoallv",
    comm: comm.handle,
    args: [
      s.buf,
      s.counts,
      s.displs,
      s.type,
      r.buf,
      r.counts,
      r.displs,
      r.type,
    ],
    inPlaceAt: ip ? 0 : undefined,
    keep: [s.owner, s.counts, s.displs, r.owner, r.counts, r.displs],
  };
}

/** `MPI_Alltoallw`, checked. */
export function alltoallwCall(
  comm: Comm,
  sendbuf: WSpec | typeof IN_PLACE,
  recvbuf: WSpec,
): CollectiveCall {
  const n = comm.peerCount;
  const r = resolveW(recvbuf, n, "recvbuf");
  const ip = sendbuf === IN_PLACE;
  const s = ip ? { ...r, buf: IN_PLACE_PTR } : resolveW(sendbuf, n, "sendbuf");
  return {
    name: "MPI_Alltoallw",
    comm: comm.handle,
    args: [
      s.buf,
      s.counts,
      s.displs,
      s.types,
      r.buf,
      r.counts,
      r.displs,
      r.types,
    ],
    inPlaceAt: ip ? 0 : undefined,
    keep: [
      s.owner,
      s.counts,
      s.displs,
      s.types,
      r.owner,
      r.counts,
      r.displs,
      r.types,
    ],
  };
}
