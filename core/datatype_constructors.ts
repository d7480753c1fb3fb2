/**
 * Datatype constructors: `Dup`, `Create_contiguous`, `Create_vector`,
 * `Create_hvector`, `Create_indexed`, `Create_hindexed`,
 * `Create_indexed_block`, `Create_hindexed_block`, `Create_struct`,
 * `Create_subarray`, `Create_darray` and `Create_resized`. Each checks its
 * arguments (naming the one at fault), lays them out as C arrays and
 * returns the handle of the new, uncommitted type, which `Datatype` wraps.
 *
 * @module
 */
import {
  C,
  type Handle,
  HANDLE_SIZE,
  lib,
  readHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { check, count as checkCount, int } from "./errors.ts";
import {
  aint,
  aintArray,
  intArray,
  oneOf,
  positive,
  sameLength,
} from "./datatype_args.ts";
import type { Datatype } from "./datatype.ts";

/** The `MPI_Datatype *newtype` cell constructors write. */
const newtype = new Uint8Array(8);

/** Checks the return code of constructor `call` and reads the new handle. */
function made(rc: number, call: string): Handle {
  check(rc, call);
  return readHandle(newtype);
}

/** A duplicate of `type` (`MPI_Type_dup`). */
export function Dup(type: Datatype): Handle {
  return made(lib.MPI_Type_dup(type.handle, newtype), "MPI_Type_dup");
}

/** `count` copies of this type laid end to end (`MPI_Type_contiguous`). */
export function Create_contiguous(type: Datatype, count: number): Handle {
  return made(
    lib.MPI_Type_contiguous(checkCount(count, "count"), type.handle, newtype),
    "MPI_Type_contiguous",
  );
}

/** * `count` blocks of `blocklength` elements, block starts `stride` elements apart (`MPI_Type_vector`). */
export function Create_vector(
  type: Datatype,
  count: number,
  blocklength: number,
  stride: number,
): Handle {
  return made(
    lib.MPI_Type_vector(
      checkCount(count, "count"),
      checkCount(blocklength, "blocklength"),
      int(stride, "stride"),
      type.handle,
      newtype,
    ),
    "MPI_Type_vector",
  );
}

/** `Create_vector` with the stride in bytes (`MPI_Type_create_hvector`). */
export function Create_hvector(
  type: Datatype,
  count: number,
  blocklength: number,
  byteStride: number,
): Handle {
  return made(
    lib.MPI_Type_create_hvector(
      checkCount(count, "count"),
      checkCount(blocklength, "blocklength"),
      aint(byteStride, "byteStride"),
      type.handle,
      newtype,
    ),
    "MPI_Type_create_hvector",
  );
}

/** * Blocks of `blocklengths[i]` elements at `displs[i]` elements (`MPI_Type_indexed`). */
export function Create_indexed(
  type: Datatype,
  blocklengths: ArrayLike<number>,
  displs: ArrayLike<number>,
): Handle {
  const bl = intArray(blocklengths, "blocklengths", checkCount);
  const dp = sameLength(
    intArray(displs, "displs"),
    "displs",
    bl,
    "blocklengths",
  );
  return made(
    lib.MPI_Type_indexed(bl.length, bl, dp, type.handle, newtype),
    "MPI_Type_indexed",
  );
}

/** `Create_indexed` with displacements in bytes (`MPI_Type_create_hindexed`). */
export function Create_hindexed(
  type: Datatype,
  blocklengths: ArrayLike<number>,
  byteDispls: ArrayLike<number>,
): Handle {
  const bl = intArray(blocklengths, "blocklengths", checkCount);
  const dp = sameLength(
    aintArray(byteDispls, "byteDispls"),
    "byteDispls",
    bl,
    "blocklengths",
  );
  return made(
    lib.MPI_Type_create_hindexed(bl.length, bl, dp, type.handle, newtype),
    "MPI_Type_create_hindexed",
  );
}

/** * Blocks of `blocklength` elements at `displs[i]` elements (`MPI_Type_create_indexed_block`). */
export function Create_indexed_block(
  type: Datatype,
  blocklength: number,
  displs: ArrayLike<number>,
): Handle {
  const dp = intArray(displs, "displs");
  return made(
    lib.MPI_Type_create_indexed_block(
      dp.length,
      checkCount(blocklength, "blocklength"),
      dp,
      type.handle,
      newtype,
    ),
    "MPI_Type_create_indexed_block",
  );
}

/** * `Create_indexed_block` with displacements in bytes (`MPI_Type_create_hindexed_block`). */
export function Create_hindexed_block(
  type: Datatype,
  blocklength: number,
  byteDispls: ArrayLike<number>,
): Handle {
  const dp = aintArray(byteDispls, "byteDispls");
  return made(
    lib.MPI_Type_create_hindexed_block(
      dp.length,
      checkCount(blocklength, "blocklength"),
      dp,
      type.handle,
      newtype,
    ),
    "MPI_Type_create_hindexed_block",
  );
}

/** * Blocks of `blocklengths[i]` elements of `types[i]` at `byteDispls[i]` bytes: a C struct (`MPI_Type_create_struct`). */
export function Create_struct(
  blocklengths: ArrayLike<number>,
  byteDispls: ArrayLike<number>,
  types: ArrayLike<Datatype>,
): Handle {
  const bl = intArray(blocklengths, "blocklengths", checkCount);
  const dp = sameLength(
    aintArray(byteDispls, "byteDispls"),
    "byteDispls",
    bl,
    "blocklengths",
  );
  const ts = sameLength(
    Array.from(types),
    "types",
    bl,
    "blocklengths",
  );
  const handles = new Uint8Array(ts.length * HANDLE_SIZE);
  ts.forEach((t, i) => writeHandle(handles, i * HANDLE_SIZE, t.handle));
  return made(
    lib.MPI_Type_create_struct(bl.length, bl, dp, handles, newtype),
    "MPI_Type_create_struct",
  );
}

/** * The block `subsizes` at `starts` of an array of `sizes` elements (`MPI_Type_create_subarray`), in C (row-major) or Fortran order. */
export function Create_subarray(
  type: Datatype,
  sizes: ArrayLike<number>,
  subsizes: ArrayLike<number>,
  starts: ArrayLike<number>,
  order: number,
): Handle {
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
  return made(
    lib.MPI_Type_create_subarray(
      sz.length,
      sz,
      sub,
      st,
      checkOrder(order),
      type.handle,
      newtype,
    ),
    "MPI_Type_create_subarray",
  );
}

/** * The part process `rank` of `size` owns of a `gsizes` array distributed over a `psizes` process grid (`MPI_Type_create_darray`); `distribs` are `DISTRIBUTE_BLOCK | CYCLIC | NONE`, `dargs` their arguments (`DISTRIBUTE_DFLT_DARG` for the default). */
export function Create_darray(
  type: Datatype,
  size: number,
  rank: number,
  gsizes: ArrayLike<number>,
  distribs: ArrayLike<number>,
  dargs: ArrayLike<number>,
  psizes: ArrayLike<number>,
  order: number,
): Handle {
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
  return made(
    lib.MPI_Type_create_darray(
      n,
      r,
      gs.length,
      gs,
      ds,
      da,
      ps,
      checkOrder(order),
      type.handle,
      newtype,
    ),
    "MPI_Type_create_darray",
  );
}

/** * This type with lower bound `lb` and extent `extent`, in bytes (`MPI_Type_create_resized`): the distance between consecutive elements becomes `extent`. */
export function Create_resized(
  type: Datatype,
  lb: number,
  extent: number,
): Handle {
  return made(
    lib.MPI_Type_create_resized(
      type.handle,
      aint(lb, "lb"),
      aint(extent, "extent"),
      newtype,
    ),
    "MPI_Type_create_resized",
  );
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
