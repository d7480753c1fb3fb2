/**
 * The layout of a datatype — size, bounds and extents, queried once — and
 * the bounds arithmetic buffer methods rely on: where `count` elements
 * start and end, whether they fit in a buffer, and how many do.
 *
 * @module
 */
import { type Handle, lib, writeHandle } from "../ffi/lib.ts";
import { check } from "./errors.ts";

const countOut = new BigInt64Array(2);

/** Layout facts of a datatype, in bytes. */
export interface Layout {
  /** Bytes of data in one element. */
  size: number;
  /** Lower bound. */
  lb: number;
  /** Distance between consecutive elements. */
  extent: number;
  /** Offset of the first byte of data. */
  trueLb: number;
  /** Span of the bytes one element touches. */
  trueExtent: number;
}

/** A one-handle cell for C functions taking `MPI_Datatype *`. */
export function typeCell(h: Handle): Uint8Array {
  const c = new Uint8Array(8);
  writeHandle(c, 0, h);
  return c;
}

/** Frees a datatype handle (`MPI_Type_free`). */
export function freeType(h: Handle): void {
  check(lib.MPI_Type_free(typeCell(h)), "MPI_Type_free");
}

/** Reads the layout of a datatype from MPI. */
export function queryLayout(h: Handle): Layout {
  check(lib.MPI_Type_size_x(h, countOut), "MPI_Type_size_x");
  const size = Number(countOut[0]);
  check(
    lib.MPI_Type_get_extent_x(h, countOut, countOut.subarray(1)),
    "MPI_Type_get_extent_x",
  );
  const lb = Number(countOut[0]), extent = Number(countOut[1]);
  check(
    lib.MPI_Type_get_true_extent_x(h, countOut, countOut.subarray(1)),
    "MPI_Type_get_true_extent_x",
  );
  return {
    size,
    lb,
    extent,
    trueLb: Number(countOut[0]),
    trueExtent: Number(countOut[1]),
  };
}

/**
 * One past the last byte `count` elements touch, counted from the buffer
 * start (0 when they touch nothing). Element _i_ lies `i × extent` bytes
 * in and touches `[true_lb, true_ub)` from there; extents may be negative.
 */
export function span(f: Layout, count: number): number {
  if (count === 0 || f.size === 0) return 0;
  return f.trueLb + f.trueExtent + Math.max(0, (count - 1) * f.extent);
}

/** The first byte `count` elements touch, from the buffer start (may be negative). */
function first(f: Layout, count: number): number {
  if (count === 0 || f.size === 0) return 0;
  return f.trueLb + Math.min(0, (count - 1) * f.extent);
}

/**
 * Whether `count` elements starting `offset` bytes into a buffer of
 * `byteLength` bytes stay inside it.
 */
export function fits(
  f: Layout,
  count: number,
  offset: number,
  byteLength: number,
): boolean {
  return offset + first(f, count) >= 0 &&
    offset + span(f, count) <= byteLength;
}

/** The most elements whose bytes end within `byteLength` bytes. */
export function capacity(f: Layout, byteLength: number): number {
  if (f.extent <= 0) return 0;
  if (f.size === 0) return Math.floor(byteLength / f.extent);
  const end = f.trueLb + f.trueExtent;
  if (f.trueLb < 0 || end > byteLength) return 0;
  // Element k occupies [k * extent + trueLb, k * extent + end).
  return Math.floor((byteLength - end) / f.extent) + 1;
}
