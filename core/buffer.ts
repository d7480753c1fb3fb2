/**
 * Buffer specifications (`BufSpec`): what Capitalized methods accept, and
 * their resolution into the `(address, count, datatype)` triple of C MPI.
 *
 * Resolution writes into a reusable `Resolved` so the hot path allocates
 * nothing; every count and displacement is checked against the buffer's
 * length (using the datatype's extent) before MPI sees it.
 *
 * @module
 */
import type { Handle, Memory } from "../ffi/lib.ts";
import { count as checkCount, describe, int } from "./errors.ts";
import { Datatype, DATATYPES } from "./datatype.ts";

/** Memory a buffer method can use in place. */
export type Buffer = ArrayBufferView | ArrayBuffer | SharedArrayBuffer;

/**
 * A buffer specification:
 * `buf`, `[buf, datatype]`, `[buf, count]`, `[buf, count, datatype]`,
 * `[buf, [count, displ], datatype]` (counts and displacements in elements).
 */
export type BufSpec =
  | Buffer
  | readonly [Buffer, Datatype]
  | readonly [Buffer, number]
  | readonly [Buffer, number, Datatype]
  | readonly [Buffer, readonly [number, number]]
  | readonly [Buffer, readonly [number, number], Datatype];

/** A resolved buffer specification: the `(address, count, datatype)` to hand to C. */
export class Resolved {
  /** Memory to pass (already offset by the displacement). */
  buf: Memory = null;
  /** Element count. */
  count = 0;
  /** Datatype handle. */
  type: Handle = 0;
  /** Datatype object. */
  datatype: Datatype = DATATYPES.BYTE;
  /** The buffer the user passed (kept alive by nonblocking requests). */
  owner: Buffer | null = null;
}

type ViewCtor = abstract new (...args: never[]) => ArrayBufferView;

/**
 * Datatypes by view kind, built on first use: `core/pack.ts`, which
 * `Datatype` imports, imports this module, so nothing here may touch
 * `DATATYPES` while the modules load.
 */
let viewTypes: Map<unknown, Datatype> | undefined;

function VIEW_TYPES(): Map<unknown, Datatype> {
  return viewTypes ??= new Map<unknown, Datatype>([
    [Int8Array, DATATYPES.INT8_T],
    [Uint8Array, DATATYPES.UINT8_T],
    [Uint8ClampedArray, DATATYPES.UINT8_T],
    [Int16Array, DATATYPES.INT16_T],
    [Uint16Array, DATATYPES.UINT16_T],
    [Int32Array, DATATYPES.INT32_T],
    [Uint32Array, DATATYPES.UINT32_T],
    [Float32Array, DATATYPES.FLOAT],
    [Float64Array, DATATYPES.DOUBLE],
    [BigInt64Array, DATATYPES.INT64_T],
    [BigUint64Array, DATATYPES.UINT64_T],
    [DataView, DATATYPES.BYTE],
  ]);
}

/**
 * The last two kinds looked up and their datatypes: a loop over one or two
 * kinds of buffer skips the map.
 */
const NO_KIND = {};
let kindA: unknown = NO_KIND, typeA: Datatype | undefined;
let kindB: unknown = NO_KIND, typeB: Datatype | undefined;

/** The datatype of a buffer's kind; `undefined` for a view kind MPI lacks. */
function kindDatatype(buf: Buffer): Datatype | undefined {
  const kind = buf.constructor;
  if (kind === kindA) return typeA;
  if (kind === kindB) return typeB;
  const dt = VIEW_TYPES().get(kind);
  if (dt) {
    kindB = kindA;
    typeB = typeA;
    kindA = kind;
    typeA = dt;
    return dt;
  }
  if (!ArrayBuffer.isView(buf)) return DATATYPES.BYTE;
  // Subclasses (Node's Buffer): walk up once and cache.
  for (
    let p = Object.getPrototypeOf(buf.constructor);
    p;
    p = Object.getPrototypeOf(p)
  ) {
    const found = VIEW_TYPES().get(p);
    if (found) {
      VIEW_TYPES().set(buf.constructor, found);
      return found;
    }
  }
  return undefined;
}

/**
 * The datatype inferred from a buffer's kind (`Float64Array` → `DOUBLE`,
 * ...). A kind of view with no MPI datatype is an error naming `what`:
 * moving it as bytes would make counts and reductions silently wrong.
 */
export function inferDatatype(buf: Buffer, what = "buf"): Datatype {
  const dt = kindDatatype(buf);
  if (dt) return dt;
  throw new TypeError(
    `${what}: ${buf.constructor.name} has no MPI datatype in this MPI library; pass its bytes (new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) or a datatype ([buf, count, datatype])`,
  );
}

/** Whether `x` is memory a buffer method accepts. */
export function isBuffer(x: unknown): x is Buffer {
  return ArrayBuffer.isView(x) || x instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== "undefined" &&
      x instanceof SharedArrayBuffer);
}

/** Number of elements of `buf` when counted as its own inferred type. */
function lengthOf(buf: Buffer): number {
  return "length" in buf && typeof buf.length === "number"
    ? buf.length
    : buf.byteLength;
}

function byteOffsetOf(buf: Buffer): number {
  return ArrayBuffer.isView(buf) ? buf.byteOffset : 0;
}

function backingOf(buf: Buffer): ArrayBufferLike {
  return ArrayBuffer.isView(buf) ? buf.buffer : buf;
}

/** A byte view of `length` bytes of `buf` starting `offset` bytes into it. */
export function bytesAt(
  buf: Buffer,
  offset: number,
  length: number,
): Uint8Array {
  return new Uint8Array(backingOf(buf), byteOffsetOf(buf) + offset, length);
}

function notABuffer(spec: unknown, what: string): TypeError {
  return new TypeError(
    `${what} must be a TypedArray, DataView, ArrayBuffer or [buffer, count?, datatype?], got ${
      describe(spec)
    }`,
  );
}

/** `[1, 2, 3]` (or `[[1, 2, 3], DOUBLE]`): data, not a buffer specification. */
function plainArray(what: string): TypeError {
  return new TypeError(
    `${what}: a plain array is not a buffer; pass a TypedArray ` +
      "(new Float64Array([1, 2, 3])), or use the lowercase method " +
      "(send, recv, bcast, ...) to move any value",
  );
}

function checkDatatype(x: unknown, what: string): Datatype {
  if (x instanceof Datatype) return x;
  throw new TypeError(
    `${what}: datatype must be a Datatype, got ${describe(x)}`,
  );
}

/**
 * Resolves `spec` into `m`. `what` names the argument in errors.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const data = new Float64Array(16);
 * const SEND = new Resolved();
 * resolve([data, 10, mpi.DOUBLE], SEND, "buf");
 * console.log(SEND.count, SEND.datatype.name); // 10 MPI_DOUBLE
 * ```
 */
export function resolve(spec: unknown, m: Resolved, what: string): Resolved {
  if (ArrayBuffer.isView(spec) || spec instanceof ArrayBuffer) {
    const dt = inferDatatype(spec, what);
    m.buf = spec as Memory;
    m.count = dt === DATATYPES.BYTE ? spec.byteLength : lengthOf(spec);
    m.type = dt.handle;
    m.datatype = dt;
    m.owner = spec;
    return m;
  }
  if (spec === null || spec === undefined) return empty(m);
  if (Array.isArray(spec)) {
    return spec[0] === BOTTOM
      ? resolveBottom(spec, m, what)
      : resolveTuple(spec, m, what);
  }
  if (isBuffer(spec)) return resolveTuple([spec], m, what);
  throw notABuffer(spec, what);
}

/** `[BOTTOM, count, datatype]`: absolute addresses inside the datatype. */
function resolveBottom(
  spec: readonly unknown[],
  m: Resolved,
  what: string,
): Resolved {
  if (spec.length !== 3) {
    throw new TypeError(`${what}: BOTTOM needs [BOTTOM, count, datatype]`);
  }
  const dt = checkDatatype(spec[2], what);
  m.buf = null;
  m.count = checkCount(spec[1], `${what} count`);
  m.type = dt.handle;
  m.datatype = dt;
  m.owner = null;
  return m;
}

/** Resolves to an empty message (`null` buffer, count 0, `BYTE`). */
export function empty(m: Resolved): Resolved {
  m.buf = null;
  m.count = 0;
  m.datatype = DATATYPES.BYTE;
  m.type = DATATYPES.BYTE.handle;
  m.owner = null;
  return m;
}

function resolveTuple(
  spec: readonly unknown[],
  m: Resolved,
  what: string,
  fallback?: Datatype,
): Resolved {
  if (spec.length < 1 || spec.length > 4) {
    throw new TypeError(
      `${what}: a buffer specification has 1 to 4 items, got ${spec.length}`,
    );
  }
  const buf = spec[0];
  if (!isBuffer(buf)) {
    const t = typeof buf;
    if (
      Array.isArray(buf) || t === "number" || t === "bigint" ||
      t === "boolean" || t === "string"
    ) throw plainArray(what);
    throw notABuffer(buf, what);
  }
  let countArg: unknown, displArg: unknown = 0, dtArg: unknown;
  const [, a, b, c] = spec;
  if (spec.length === 2) {
    if (a instanceof Datatype) dtArg = a;
    else countArg = a;
  } else if (spec.length === 3) {
    countArg = a;
    dtArg = b;
  } else if (spec.length === 4) {
    countArg = a;
    displArg = b;
    dtArg = c;
  }
  if (Array.isArray(countArg)) {
    if (countArg.length !== 2) {
      throw new TypeError(
        `${what}: expected [count, displ], got ${countArg.length} items`,
      );
    }
    [countArg, displArg] = countArg;
  }
  const dt = dtArg === undefined || dtArg === null
    ? fallback ?? inferDatatype(buf, what)
    : checkDatatype(dtArg, what);
  return place(buf, countArg, displArg, dt, m, what);
}

/**
 * Resolves `spec` as elements of `type` (the data side of `Pack` and
 * `Unpack`): a bare buffer holds as many as fit, and a datatype given in
 * the spec must be `type`.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const data = new Float64Array(4);
 * const m = resolveAs([data, 3], mpi.DOUBLE, new Resolved(), "inbuf"); // 3 doubles
 * ```
 */
export function resolveAs(
  spec: unknown,
  type: Datatype,
  m: Resolved,
  what: string,
): Resolved {
  if (isBuffer(spec)) return resolveTuple([spec], m, what, type);
  if (!Array.isArray(spec)) throw notABuffer(spec, what);
  resolveTuple(spec, m, what, type);
  if (m.datatype === type) return m;
  throw new TypeError(
    `${what}: datatype ${m.datatype.name} differs from ${
      type.name || "the packing datatype"
    }`,
  );
}

/** Fills `m` for `count` elements of `dt` starting `displ` elements into `buf`. */
function place(
  buf: Buffer,
  countArg: unknown,
  displArg: unknown,
  dt: Datatype,
  m: Resolved,
  what: string,
): Resolved {
  const inferred = dt === kindDatatype(buf) && dt.extent > 0;
  const extent = dt.extent;
  const displ = checkCount(displArg, `${what} displacement`);
  const offset = displ * extent;
  const available = buf.byteLength - offset;
  if (available < 0) {
    throw new RangeError(
      `${what}: displacement ${displ} is past the end of the buffer (${buf.byteLength} bytes)`,
    );
  }
  const n = countArg === undefined || countArg === null
    ? (inferred ? Math.floor(available / extent) : dt.capacity(available))
    : checkCount(countArg, `${what} count`);
  if (inferred ? n * extent > available : !dt.fits(n, offset, buf.byteLength)) {
    throw new RangeError(
      `${what}: ${n} × ${dt.name || "derived datatype"} (${
        dt.span(n)
      } bytes) overruns the buffer (${available} bytes from displacement ${displ})`,
    );
  }
  m.buf = offset === 0 && ArrayBuffer.isView(buf)
    ? buf as Memory
    : offset === 0 && buf instanceof ArrayBuffer
    ? buf
    : bytesAt(buf, offset, available);
  m.count = n;
  m.type = dt.handle;
  m.datatype = dt;
  m.owner = buf;
  return m;
}

/** Reads an optional integer argument with a default. */
export function intArg(value: unknown, fallback: number, name: string): number {
  return value === undefined ? fallback : int(value, name);
}

/** Views `buf` as its full byte range. */
export function asBytes(buf: Buffer): Uint8Array {
  return bytesAt(buf, 0, buf.byteLength);
}

/** The TypedArray constructor behind a datatype, for user ops and value reductions. */
export function viewCtorOf(dt: Datatype): ViewCtor | undefined {
  for (const [ctor, t] of VIEW_TYPES()) {
    if (t === dt && ctor !== DataView) return ctor as ViewCtor;
  }
  return undefined;
}

/** A special buffer argument: `IN_PLACE` or `BOTTOM`. */
export class Sentinel {
  /** The MPI name. */
  readonly name: string;
  /**
   * Made by the library; users use the exported instances and calls.
   *
   * @param name the MPI name
   */
  constructor(name: string) {
    this.name = name;
  }
  /** The MPI name. */
  toString(): string {
    return this.name;
  }
}

/**
 * `MPI_IN_PLACE`: as the send buffer of a collective, take the data from
 * (and leave the result in) the receive buffer.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const data = new Float64Array([1, 2]);
 * mpi.COMM_WORLD.Allreduce(mpi.IN_PLACE, data, mpi.SUM);
 * ```
 */
export const IN_PLACE: Sentinel = new Sentinel("IN_PLACE");

/**
 * `MPI_BOTTOM`: address 0, for datatypes built from absolute addresses.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * const x = new Float64Array([1.5]);
 * // A struct of absolute addresses goes with BOTTOM as its buffer.
 * console.log(mpi.BOTTOM instanceof mpi.Sentinel, x.length); // true 1
 * ```
 */
export const BOTTOM: Sentinel = new Sentinel("BOTTOM");
