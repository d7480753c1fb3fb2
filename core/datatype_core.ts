/**
 * The datatype core: handle, size, extents and bounds (queried once and
 * cached), the bounds checks buffer methods rely on, name and commit. Type
 * constructors are layered on top in `core/datatype_constructors.ts`, and
 * `core/datatype.ts` closes the chain with `Datatype`.
 *
 * @module
 */
import {
  C,
  fromCString,
  type Handle,
  lib,
  readHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { check, mpiError } from "./errors.ts";
import { HandleObject } from "./handle.ts";
import type { Datatype } from "./datatype.ts";

const countOut = new BigInt64Array(2);
const intOut = new Int32Array(1);

/** A one-handle cell for C functions taking `MPI_Datatype *`. */
function cell(h: Handle): Uint8Array {
  const c = new Uint8Array(8);
  writeHandle(c, 0, h);
  return c;
}

function freeType(h: Handle): void {
  check(lib.MPI_Type_free(cell(h)), "MPI_Type_free");
}

/** Wraps a new datatype handle the caller owns (installed by `core/datatype.ts`). */
export type DatatypeFactory = (handle: Handle) => Datatype;

let factory: DatatypeFactory | undefined;

/** Installs the factory that wraps new datatype handles. */
export function setDatatypeFactory(f: DatatypeFactory): void {
  factory = f;
}

/** The `MPI_Datatype *newtype` cell constructors write and `created` reads. */
export const newtype: Uint8Array = new Uint8Array(8);

/**
 * Checks the return code of constructor `call` and wraps the new type it
 * wrote into `newtype`.
 *
 * @example
 * ```ts ignore
 * return created(lib.MPI_Type_dup(this.handle, newtype), "MPI_Type_dup");
 * ```
 */
export function created(rc: number, call: string): Datatype {
  check(rc, call);
  return factory!(readHandle(newtype));
}

/** Layout facts of a datatype, in bytes. */
interface Layout {
  size: number;
  lb: number;
  extent: number;
  trueLb: number;
  trueExtent: number;
}

/**
 * Datatype basics shared by every datatype: the handle, its layout and the
 * bounds checks of buffer methods.
 */
export class DatatypeCore extends HandleObject {
  #layout: Layout | undefined;
  #name: string | undefined;

  /**
   * Wraps a C datatype handle. Users get datatypes from the predefined
   * constants and constructors rather than from this constructor.
   *
   * @param handle the C handle (`null` for `DATATYPE_NULL`)
   * @param predefined whether MPI owns it (then `Free()` is a no-op)
   * @param name the MPI name of a predefined type
   */
  constructor(handle: Handle | null, predefined = false, name?: string) {
    super(handle, predefined ? undefined : freeType);
    this.#name = name;
  }

  /** `ERR_TYPE`: the class of errors for a freed or null datatype. */
  protected get nullErrorClass(): number {
    return C.ERR_TYPE;
  }

  #query(): Layout {
    const h = this.handle;
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

  get #facts(): Layout {
    return this.#layout ??= this.#query();
  }

  /** Number of bytes of data one element carries (`MPI_Type_size`). */
  get size(): number {
    return this.#facts.size;
  }
  /** Distance in bytes between consecutive elements (`MPI_Type_get_extent`). */
  get extent(): number {
    return this.#facts.extent;
  }
  /** Lower bound in bytes. */
  get lb(): number {
    return this.#facts.lb;
  }
  /** Upper bound in bytes (`lb + extent`). */
  get ub(): number {
    return this.#facts.lb + this.#facts.extent;
  }
  /** True lower bound: offset of the first byte of data. */
  get true_lb(): number {
    return this.#facts.trueLb;
  }
  /** True extent: span of the bytes actually touched by one element. */
  get true_extent(): number {
    return this.#facts.trueExtent;
  }
  /** True upper bound (`true_lb + true_extent`). */
  get true_ub(): number {
    return this.#facts.trueLb + this.#facts.trueExtent;
  }

  /**
   * One past the last byte `count` elements touch, counted from the buffer
   * start (0 when they touch nothing). Element _i_ lies `i × extent` bytes
   * in and touches `[true_lb, true_ub)` from there; extents may be negative.
   */
  span(count: number): number {
    const f = this.#facts;
    if (count === 0 || f.size === 0) return 0;
    return f.trueLb + f.trueExtent + Math.max(0, (count - 1) * f.extent);
  }

  /** The first byte `count` elements touch, from the buffer start (may be negative). */
  #first(count: number): number {
    const f = this.#facts;
    if (count === 0 || f.size === 0) return 0;
    return f.trueLb + Math.min(0, (count - 1) * f.extent);
  }

  /**
   * Whether `count` elements starting `offset` bytes into a buffer of
   * `byteLength` bytes stay inside it (the bounds check of buffer methods).
   */
  fits(count: number, offset: number, byteLength: number): boolean {
    return offset + this.#first(count) >= 0 &&
      offset + this.span(count) <= byteLength;
  }

  /** The most elements whose bytes end within `byteLength` bytes (the default count). */
  capacity(byteLength: number): number {
    const f = this.#facts;
    if (f.extent <= 0) return 0;
    if (f.size === 0) return Math.floor(byteLength / f.extent);
    const end = f.trueLb + f.trueExtent;
    if (f.trueLb < 0 || end > byteLength) return 0;
    // Element k occupies [k * extent + trueLb, k * extent + end).
    return Math.floor((byteLength - end) / f.extent) + 1;
  }

  /** The type's name (`MPI_Type_get_name`), e.g. `"MPI_DOUBLE"`. */
  get name(): string {
    if (this.#name !== undefined) return this.#name;
    const buf = new Uint8Array(C.MAX_OBJECT_NAME + 1);
    check(lib.MPI_Type_get_name(this.handle, buf, intOut), "MPI_Type_get_name");
    return fromCString(buf, intOut[0]);
  }

  /** Commits the type for use in communication; returns `this`. */
  Commit(): this {
    check(lib.MPI_Type_commit(cell(this.handle)), "MPI_Type_commit");
    return this;
  }

  /** @internal Raises the error for a type that cannot be used in `call`. */
  static invalid(call: string, why: string): Error {
    return mpiError(C.ERR_TYPE, call, why);
  }
}
