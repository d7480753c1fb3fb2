/**
 * `Datatype`: predefined MPI datatypes, their sizes and extents (queried
 * once and cached), and the map from TypedArray kinds to datatypes.
 *
 * @module
 */
import {
  C,
  fromCString,
  H,
  type Handle,
  lib,
  readHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { DATATYPE_NAMES, type DatatypeName } from "../ffi/abi/types.ts";
import { check, mpiError } from "./errors.ts";
import { HandleObject } from "./handle.ts";

const handleOut = new Uint8Array(8);
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

/** Layout facts of a datatype, in bytes. */
interface Layout {
  size: number;
  lb: number;
  extent: number;
  trueLb: number;
  trueExtent: number;
}

/**
 * An MPI datatype: a predefined one (`mpi.DOUBLE`, ...) or one built with a
 * constructor (`Create_vector`, ...). Derived types must be committed before
 * use in communication; constructors in mpi4ts return uncommitted types, as
 * in MPI, and `Commit()` returns `this` for chaining.
 *
 * @example Send a column of a row-major 4×4 matrix
 * ```ts ignore
 * const column = mpi.DOUBLE.Create_vector(4, 1, 4).Commit();
 * comm.Send([matrix, 1, column], 1);
 * column.Free();
 * ```
 */
export class Datatype extends HandleObject {
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

  /** Number of bytes `count` elements touch from the buffer start (bounds check). */
  span(count: number): number {
    if (count === 0) return 0;
    const f = this.#facts;
    return (count - 1) * f.extent + f.trueLb + f.trueExtent;
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

  /** A duplicate of this type (`MPI_Type_dup`). */
  Dup(): Datatype {
    check(lib.MPI_Type_dup(this.handle, handleOut), "MPI_Type_dup");
    return new Datatype(readHandle(handleOut));
  }

  /** `count` copies of this type laid end to end (`MPI_Type_contiguous`). */
  Create_contiguous(count: number): Datatype {
    check(
      lib.MPI_Type_contiguous(count, this.handle, handleOut),
      "MPI_Type_contiguous",
    );
    return new Datatype(readHandle(handleOut));
  }

  /** @internal Raises the error for a type that cannot be used in `call`. */
  static invalid(call: string, why: string): Error {
    return mpiError(C.ERR_TYPE, call, why);
  }
}

function predefined(name: DatatypeName): Datatype {
  const label = `MPI_${name === "TWOINT" ? "2INT" : name}`;
  const handle = name === "DATATYPE_NULL" ? null : H[name];
  return new Datatype(handle, true, label);
}

/** Predefined datatypes by name (a null object when the library lacks one). */
export const DATATYPES: Readonly<Record<DatatypeName, Datatype>> = Object
  .fromEntries(DATATYPE_NAMES.map((n) => [n, predefined(n)])) as Record<
    DatatypeName,
    Datatype
  >;
