/**
 * Datatype constructors: `Dup`, `Create_contiguous`, `Create_vector`,
 * `Create_hvector`, `Create_indexed`, `Create_hindexed`,
 * `Create_indexed_block`, `Create_hindexed_block`, `Create_struct`,
 * `Create_subarray`, `Create_darray` and `Create_resized`. Each checks its
 * arguments (naming the one at fault), lays them out as C arrays and wraps
 * the new, uncommitted type.
 *
 * @module
 */
import { C, HANDLE_SIZE, lib, writeHandle } from "../ffi/lib.ts";
import { count as checkCount, describe, int } from "./errors.ts";
import {
  aint,
  aintArray,
  arrayOf,
  intArray,
  oneOf,
  positive,
  sameLength,
} from "./datatype_args.ts";
import { created, DatatypeCore, newtype } from "./datatype_core.ts";
import type { Datatype } from "./datatype.ts";

/**
 * The datatype constructors. Each returns a new type that must be
 * committed before use in communication and freed when done.
 */
export class DatatypeConstructors extends DatatypeCore {
  /** A duplicate of this type (`MPI_Type_dup`). */
  Dup(): Datatype {
    return created(lib.MPI_Type_dup(this.handle, newtype), "MPI_Type_dup");
  }

  /** `count` copies of this type laid end to end (`MPI_Type_contiguous`). */
  Create_contiguous(count: number): Datatype {
    return created(
      lib.MPI_Type_contiguous(checkCount(count, "count"), this.handle, newtype),
      "MPI_Type_contiguous",
    );
  }

  /**
   * `count` blocks of `blocklength` elements, block starts `stride`
   * elements apart (`MPI_Type_vector`).
   *
   * @example Column 1 of a row-major 4×4 matrix
   * ```ts ignore
   * const column = mpi.DOUBLE.Create_vector(4, 1, 4).Commit();
   * comm.Send([matrix, [1, 1], column], dest); // 1 column, starting at element 1
   * ```
   */
  Create_vector(count: number, blocklength: number, stride: number): Datatype {
    return created(
      lib.MPI_Type_vector(
        checkCount(count, "count"),
        checkCount(blocklength, "blocklength"),
        int(stride, "stride"),
        this.handle,
        newtype,
      ),
      "MPI_Type_vector",
    );
  }

  /** `Create_vector` with the stride in bytes (`MPI_Type_create_hvector`). */
  Create_hvector(
    count: number,
    blocklength: number,
    byteStride: number,
  ): Datatype {
    return created(
      lib.MPI_Type_create_hvector(
        checkCount(count, "count"),
        checkCount(blocklength, "blocklength"),
        aint(byteStride, "byteStride"),
        this.handle,
        newtype,
      ),
      "MPI_Type_create_hvector",
    );
  }

  /**
   * Blocks of `blocklengths[i]` elements at `displs[i]` elements
   * (`MPI_Type_indexed`).
   *
   * @example The upper triangle of a row-major 3×3 matrix
   * ```ts ignore
   * const upper = mpi.DOUBLE.Create_indexed([3, 2, 1], [0, 4, 8]).Commit();
   * ```
   */
  Create_indexed(
    blocklengths: ArrayLike<number>,
    displs: ArrayLike<number>,
  ): Datatype {
    const bl = intArray(blocklengths, "blocklengths", checkCount);
    const dp = sameLength(
      intArray(displs, "displs"),
      "displs",
      bl,
      "blocklengths",
    );
    return created(
      lib.MPI_Type_indexed(bl.length, bl, dp, this.handle, newtype),
      "MPI_Type_indexed",
    );
  }

  /** `Create_indexed` with displacements in bytes (`MPI_Type_create_hindexed`). */
  Create_hindexed(
    blocklengths: ArrayLike<number>,
    byteDispls: ArrayLike<number>,
  ): Datatype {
    const bl = intArray(blocklengths, "blocklengths", checkCount);
    const dp = sameLength(
      aintArray(byteDispls, "byteDispls"),
      "byteDispls",
      bl,
      "blocklengths",
    );
    return created(
      lib.MPI_Type_create_hindexed(bl.length, bl, dp, this.handle, newtype),
      "MPI_Type_create_hindexed",
    );
  }

  /**
   * Blocks of `blocklength` elements at `displs[i]` elements
   * (`MPI_Type_create_indexed_block`).
   */
  Create_indexed_block(
    blocklength: number,
    displs: ArrayLike<number>,
  ): Datatype {
    const dp = intArray(displs, "displs");
    return created(
      lib.MPI_Type_create_indexed_block(
        dp.length,
        checkCount(blocklength, "blocklength"),
        dp,
        this.handle,
        newtype,
      ),
      "MPI_Type_create_indexed_block",
    );
  }

  /**
   * `Create_indexed_block` with displacements in bytes
   * (`MPI_Type_create_hindexed_block`).
   */
  Create_hindexed_block(
    blocklength: number,
    byteDispls: ArrayLike<number>,
  ): Datatype {
    const dp = aintArray(byteDispls, "byteDispls");
    return created(
      lib.MPI_Type_create_hindexed_block(
        dp.length,
        checkCount(blocklength, "blocklength"),
        dp,
        this.handle,
        newtype,
      ),
      "MPI_Type_create_hindexed_block",
    );
  }

  /**
   * Blocks of `blocklengths[i]` elements of `types[i]` at `byteDispls[i]`
   * bytes: a C struct (`MPI_Type_create_struct`).
   *
   * @example An array of `{ int32 a; float64 b }` records (16 bytes each)
   * ```ts ignore
   * const record = mpi.Datatype.Create_struct([1, 1], [0, 8], [mpi.INT32_T, mpi.DOUBLE]).Commit();
   * comm.Send([new DataView(bytes), 10, record], dest);
   * ```
   */
  static Create_struct(
    blocklengths: ArrayLike<number>,
    byteDispls: ArrayLike<number>,
    types: ArrayLike<Datatype>,
  ): Datatype {
    const bl = intArray(blocklengths, "blocklengths", checkCount);
    const dp = sameLength(
      aintArray(byteDispls, "byteDispls"),
      "byteDispls",
      bl,
      "blocklengths",
    );
    const ts = sameLength(
      arrayOf(types, "types", checkDatatype),
      "types",
      bl,
      "blocklengths",
    );
    const handles = new Uint8Array(ts.length * HANDLE_SIZE);
    ts.forEach((t, i) => writeHandle(handles, i * HANDLE_SIZE, t.handle));
    return created(
      lib.MPI_Type_create_struct(bl.length, bl, dp, handles, newtype),
      "MPI_Type_create_struct",
    );
  }

  /**
   * The block `subsizes` at `starts` of an array of `sizes` elements
   * (`MPI_Type_create_subarray`), in C (row-major) or Fortran order.
   *
   * @example The 2×2 block at row 1, column 1 of a 4×4 matrix
   * ```ts ignore
   * const block = mpi.DOUBLE.Create_subarray([4, 4], [2, 2], [1, 1]).Commit();
   * comm.Send([matrix, 1, block], dest);
   * ```
   */
  Create_subarray(
    sizes: ArrayLike<number>,
    subsizes: ArrayLike<number>,
    starts: ArrayLike<number>,
    order: number = C.ORDER_C,
  ): Datatype {
    const sz = intArray(sizes, "sizes", positive);
    const sub = sameLength(
      intArray(subsizes, "subsizes", checkCount),
      "subsizes",
      sz,
      "sizes",
    );
    const st = sameLength(
      intArray(starts, "starts", checkCount),
      "starts",
      sz,
      "sizes",
    );
    st.forEach((s, i) => {
      if (s + sub[i] > sz[i]) {
        throw new RangeError(
          `starts[${i}] + subsizes[${i}] (${s} + ${
            sub[i]
          }) exceeds sizes[${i}] (${sz[i]})`,
        );
      }
    });
    return created(
      lib.MPI_Type_create_subarray(
        sz.length,
        sz,
        sub,
        st,
        checkOrder(order),
        this.handle,
        newtype,
      ),
      "MPI_Type_create_subarray",
    );
  }

  /**
   * The part process `rank` of `size` owns of a `gsizes` array distributed
   * over a `psizes` process grid (`MPI_Type_create_darray`); `distribs` are
   * `DISTRIBUTE_BLOCK | CYCLIC | NONE`, `dargs` their arguments
   * (`DISTRIBUTE_DFLT_DARG` for the default).
   *
   * @example Rows of an 8×8 matrix in blocks over 4 processes
   * ```ts ignore
   * const mine = mpi.DOUBLE.Create_darray(
   *   4, rank, [8, 8], [mpi.DISTRIBUTE_BLOCK, mpi.DISTRIBUTE_NONE],
   *   [mpi.DISTRIBUTE_DFLT_DARG, mpi.DISTRIBUTE_DFLT_DARG], [4, 1],
   * ).Commit();
   * ```
   */
  Create_darray(
    size: number,
    rank: number,
    gsizes: ArrayLike<number>,
    distribs: ArrayLike<number>,
    dargs: ArrayLike<number>,
    psizes: ArrayLike<number>,
    order: number = C.ORDER_C,
  ): Datatype {
    const n = positive(size, "size");
    const r = checkCount(rank, "rank");
    if (r >= n) {
      throw new RangeError(`rank must be less than size (${n}), got ${r}`);
    }
    const gs = intArray(gsizes, "gsizes", positive);
    const same = <T extends ArrayLike<number>>(a: T, name: string): T =>
      sameLength(a, name, gs, "gsizes");
    const ds = same(intArray(distribs, "distribs", checkDistrib), "distribs");
    const da = same(intArray(dargs, "dargs"), "dargs");
    const ps = same(intArray(psizes, "psizes", positive), "psizes");
    return created(
      lib.MPI_Type_create_darray(
        n,
        r,
        gs.length,
        gs,
        ds,
        da,
        ps,
        checkOrder(order),
        this.handle,
        newtype,
      ),
      "MPI_Type_create_darray",
    );
  }

  /**
   * This type with lower bound `lb` and extent `extent`, in bytes
   * (`MPI_Type_create_resized`): the distance between consecutive elements
   * becomes `extent`.
   *
   * @example Interleave: one double every 16 bytes
   * ```ts ignore
   * const spaced = mpi.DOUBLE.Create_resized(0, 16).Commit();
   * comm.Send([data, 4, spaced], dest); // elements 0, 2, 4, 6
   * ```
   */
  Create_resized(lb: number, extent: number): Datatype {
    return created(
      lib.MPI_Type_create_resized(
        this.handle,
        aint(lb, "lb"),
        aint(extent, "extent"),
        newtype,
      ),
      "MPI_Type_create_resized",
    );
  }
}

function checkDatatype(x: unknown, name: string): Datatype {
  if (x instanceof DatatypeCore) return x as Datatype;
  throw new TypeError(`${name} must be a Datatype, got ${describe(x)}`);
}

function checkOrder(order: unknown): number {
  return oneOf(order, "order", {
    ORDER_C: C.ORDER_C,
    ORDER_FORTRAN: C.ORDER_FORTRAN,
  });
}

function checkDistrib(value: unknown, name: string): number {
  return oneOf(value, name, {
    DISTRIBUTE_BLOCK: C.DISTRIBUTE_BLOCK,
    DISTRIBUTE_CYCLIC: C.DISTRIBUTE_CYCLIC,
    DISTRIBUTE_NONE: C.DISTRIBUTE_NONE,
  });
}
