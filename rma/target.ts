/**
 * The target side of an RMA call, in mpi4py's forms: a displacement `disp`,
 * `[disp]`, `[disp, count]` or `[disp, count, datatype]` (count and datatype
 * default to the origin's). A target rank whose memory size this process
 * knows (its own; every peer of a shared window) is checked so that an
 * access past the end of the window is a `RangeError` before MPI is called.
 *
 * @module
 */
import { C, type Handle } from "../ffi/lib.ts";
import type { Resolved } from "../core/buffer.ts";
import { Datatype } from "../core/datatype.ts";
import { count, describe, int, mpiError } from "../core/errors.ts";
import type { WinFacts } from "./facts.ts";

/** A target displacement, count and datatype. */
export type TargetSpec =
  | number
  | bigint
  | readonly [disp: number | bigint]
  | readonly [disp: number | bigint, count: number]
  | readonly [disp: number | bigint, count: number, datatype: Datatype];

/** A resolved target (reused: one per call site). */
export class Target {
  /**
   * Displacement in the target's displacement units (bytes on dynamic
   * windows), as a `bigint`: Deno's FFI takes its slow path (1.4 µs instead
   * of 0.2 µs per `MPI_Put`) when a number is passed for an `MPI_Aint`.
   */
  disp: bigint = 0n;
  /** Element count. */
  count = 0;
  /** Datatype handle. */
  type: Handle = 0;
  /** Datatype object. */
  datatype: Datatype | null = null;
}

/** The last number displacement converted and its `bigint`: a loop at one displacement allocates nothing. */
let lastDisp = 0, lastBig = 0n;

/** A target displacement (an integer ≥ 0, or a `bigint` address) as a `bigint`, naming `name`. */
export function dispArg(value: unknown, name: string): bigint {
  if (value === 0) return 0n;
  if (value === lastDisp) return lastBig;
  if (typeof value === "bigint" && value >= 0n) return value;
  if (Number.isSafeInteger(value) && (value as number) > 0) {
    lastDisp = value as number;
    return lastBig = BigInt(lastDisp);
  }
  throw badDisp(value, name);
}

function badDisp(value: unknown, name: string): Error {
  return typeof value === "bigint"
    ? new RangeError(`${name} must not be negative, got ${value}`)
    : typeof value === "number"
    ? new RangeError(`${name} must be an integer ≥ 0, got ${value}`)
    : new TypeError(`${name} must be an integer, got ${describe(value)}`);
}

/** Checks `rank` names a process of the window's group (or `PROC_NULL`). */
export function checkRank(f: WinFacts, rank: unknown, call: string): number {
  const r = int(rank, "targetRank");
  if ((r >= 0 && r < f.groupSize) || r === C.PROC_NULL) return r;
  throw notInGroup(f, r, call);
}

function notInGroup(f: WinFacts, r: number, call: string): Error {
  return mpiError(
    C.ERR_RANK,
    call,
    `targetRank ${r} is not in the window's group (size ${f.groupSize})`,
  );
}

/**
 * Resolves `spec` into `t`, defaulting to the origin message `o`, and
 * checks the access fits `rank`'s memory when its size is known.
 */
export function resolveTarget(
  f: WinFacts,
  rank: number,
  spec: unknown,
  o: Resolved,
  t: Target,
): Target {
  if (spec === undefined || spec === null) {
    return defaultTarget(f, rank, 0, o, t);
  }
  if (typeof spec === "number" || typeof spec === "bigint") {
    return defaultTarget(f, rank, spec, o, t);
  }
  if (!Array.isArray(spec) || spec.length < 1 || spec.length > 3) {
    throw badTarget(spec);
  }
  const disp = spec[0], n = spec[1], dt = spec[2];
  t.disp = dispArg(disp, "target displacement");
  t.count = n === undefined || n === null ? o.count : count(n, "target count");
  if (dt === undefined || dt === null) {
    t.datatype = o.datatype;
    t.type = o.type;
  } else if (dt instanceof Datatype) {
    t.datatype = dt;
    t.type = dt.handle;
  } else {
    throw new TypeError(
      `target datatype must be a Datatype, got ${describe(dt)}`,
    );
  }
  checkRange(f, rank, disp as number | bigint, t.count, t.datatype);
  return t;
}

/** A target at `disp` with the origin's count and datatype. */
function defaultTarget(
  f: WinFacts,
  rank: number,
  disp: number | bigint,
  o: Resolved,
  t: Target,
): Target {
  t.disp = dispArg(disp, "target displacement");
  t.count = o.count;
  t.datatype = o.datatype;
  t.type = o.type;
  checkRange(f, rank, disp, t.count, t.datatype);
  return t;
}

function badTarget(spec: unknown): TypeError {
  return new TypeError(
    `target must be disp, [disp], [disp, count] or [disp, count, datatype], got ${
      describe(spec)
    }`,
  );
}

/** The last access found to fit: a loop of equal accesses checks once. */
const fitted = { type: null as Datatype | null, n: 0, offset: 0, size: 0 };

/** Throws `RangeError` if `count` × `datatype` at `disp` (in units) overruns `rank`'s known memory. */
export function checkRange(
  f: WinFacts,
  rank: number,
  disp: number | bigint,
  n: number,
  datatype: Datatype,
): void {
  if (rank < 0 || n === 0) return;
  const size = f.sizes[rank];
  if (size < 0) return;
  const offset = Number(disp) * f.units[rank];
  if (
    datatype === fitted.type && n === fitted.n && offset === fitted.offset &&
    size === fitted.size
  ) return;
  if (datatype.fits(n, offset, size)) {
    fitted.type = datatype;
    fitted.n = n;
    fitted.offset = offset;
    fitted.size = size;
    return;
  }
  throw overrun(f, rank, disp, n, datatype, offset);
}

function overrun(
  f: WinFacts,
  rank: number,
  disp: number | bigint,
  n: number,
  datatype: Datatype,
  offset: number,
): RangeError {
  return new RangeError(
    `target: ${n} × ${
      datatype.name || "derived datatype"
    } at displacement ${disp} (byte ${offset}) overruns rank ${rank}'s window memory (${
      f.sizes[rank]
    } bytes)`,
  );
}
