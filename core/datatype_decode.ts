/**
 * Reading a datatype's recipe back: combiner names, and the arguments of
 * `MPI_Type_get_contents` turned into the mpi4ts constructor call that
 * builds the type (like mpi4py's `Datatype.decode`).
 *
 * @module
 */
import { C } from "../ffi/lib.ts";
import type { Datatype } from "./datatype.ts";

/**
 * How a datatype was made: its combiner, the mpi4ts method that makes it
 * (`method`, called on `oldtype`; `Datatype.Create_struct` is static) and
 * that method's arguments. `NAMED` types are predefined; the `F90_*`
 * combiners have no mpi4ts constructor, their `args` are the raw integers.
 *
 * @example Rebuild a vector type from its decoding
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using column = mpi.DOUBLE.Create_vector(4, 1, 4);
 * const d = column.decode();
 * if (d.combiner === "VECTOR") {
 *   const [count, blocklength, stride] = d.args as number[];
 *   using copy = d.oldtype.Create_vector(count, blocklength, stride);
 * }
 * ```
 */
export type Decoded<T = Datatype> =
  | { combiner: "NAMED"; method: null; oldtype: null; args: [] }
  | { combiner: "DUP"; method: "Dup"; oldtype: T; args: [] }
  | {
    combiner: "CONTIGUOUS";
    method: "Create_contiguous";
    oldtype: T;
    args: [count: number];
  }
  | {
    combiner: "VECTOR";
    method: "Create_vector";
    oldtype: T;
    args: [count: number, blocklength: number, stride: number];
  }
  | {
    combiner: "HVECTOR";
    method: "Create_hvector";
    oldtype: T;
    args: [count: number, blocklength: number, byteStride: number];
  }
  | {
    combiner: "INDEXED";
    method: "Create_indexed";
    oldtype: T;
    args: [blocklengths: number[], displs: number[]];
  }
  | {
    combiner: "HINDEXED";
    method: "Create_hindexed";
    oldtype: T;
    args: [blocklengths: number[], byteDispls: number[]];
  }
  | {
    combiner: "INDEXED_BLOCK";
    method: "Create_indexed_block";
    oldtype: T;
    args: [blocklength: number, displs: number[]];
  }
  | {
    combiner: "HINDEXED_BLOCK";
    method: "Create_hindexed_block";
    oldtype: T;
    args: [blocklength: number, byteDispls: number[]];
  }
  | {
    combiner: "STRUCT";
    method: "Create_struct";
    oldtype: null;
    args: [blocklengths: number[], byteDispls: number[], types: T[]];
  }
  | {
    combiner: "SUBARRAY";
    method: "Create_subarray";
    oldtype: T;
    args: [
      sizes: number[],
      subsizes: number[],
      starts: number[],
      order: number,
    ];
  }
  | {
    combiner: "DARRAY";
    method: "Create_darray";
    oldtype: T;
    args: [
      size: number,
      rank: number,
      gsizes: number[],
      distribs: number[],
      dargs: number[],
      psizes: number[],
      order: number,
    ];
  }
  | {
    combiner: "RESIZED";
    method: "Create_resized";
    oldtype: T;
    args: [lb: number, extent: number];
  }
  | {
    combiner: "F90_REAL" | "F90_COMPLEX" | "F90_INTEGER";
    method: null;
    oldtype: null;
    args: number[];
  };

/**
 * Name of a combiner, without `MPI_COMBINER_` (`"VECTOR"` for
 * `MPI_COMBINER_VECTOR`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using type = mpi.DOUBLE.Create_contiguous(2);
 * const name: mpi.CombinerName = type.decode().combiner; // "CONTIGUOUS"
 * ```
 */
export type CombinerName = Decoded["combiner"];

const COMBINER_NAMES: readonly CombinerName[] = [
  "NAMED",
  "DUP",
  "CONTIGUOUS",
  "VECTOR",
  "HVECTOR",
  "INDEXED",
  "HINDEXED",
  "INDEXED_BLOCK",
  "HINDEXED_BLOCK",
  "STRUCT",
  "SUBARRAY",
  "DARRAY",
  "F90_REAL",
  "F90_COMPLEX",
  "F90_INTEGER",
  "RESIZED",
];

const BY_VALUE = new Map<number, CombinerName>(
  COMBINER_NAMES.map((n) => [C[`COMBINER_${n}`], n]),
);

/**
 * The name of combiner value `value` of the loaded MPI.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * combinerName(mpi.COMBINER_VECTOR); // "VECTOR"
 * ```
 */
export function combinerName(value: number): CombinerName {
  const name = BY_VALUE.get(value);
  if (name === undefined) throw new RangeError(`unknown combiner ${value}`);
  return name;
}

/** Reads `int`s in order, the way `MPI_Type_get_contents` lays them out. */
class Ints {
  #at = 0;
  readonly #ints: ArrayLike<number>;
  constructor(ints: ArrayLike<number>) {
    this.#ints = ints;
  }
  next(): number {
    return this.#ints[this.#at++];
  }
  take(n: number): number[] {
    return Array.from({ length: n }, () => this.next());
  }
}

/**
 * The constructor call behind the contents of a datatype (the arrays of
 * `MPI_Type_get_contents`, in the order MPI-4.1 §5.1.13 gives them).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * decodeContents(mpi.COMBINER_VECTOR, [4, 1, 4], [], [mpi.DOUBLE]);
 * // { combiner: "VECTOR", method: "Create_vector", oldtype: mpi.DOUBLE, args: [4, 1, 4] }
 * ```
 */
export function decodeContents<T>(
  combiner: number,
  integers: ArrayLike<number>,
  addresses: readonly number[],
  datatypes: readonly T[],
): Decoded<T> {
  const i = new Ints(integers);
  const a = addresses, oldtype = datatypes[0];
  const name = combinerName(combiner);
  switch (name) {
    case "NAMED":
      return { combiner: name, method: null, oldtype: null, args: [] };
    case "DUP":
      return { combiner: name, method: "Dup", oldtype, args: [] };
    case "CONTIGUOUS":
      return {
        combiner: name,
        method: "Create_contiguous",
        oldtype,
        args: [i.next()],
      };
    case "VECTOR":
      return {
        combiner: name,
        method: "Create_vector",
        oldtype,
        args: [i.next(), i.next(), i.next()],
      };
    case "HVECTOR":
      return {
        combiner: name,
        method: "Create_hvector",
        oldtype,
        args: [i.next(), i.next(), a[0]],
      };
    case "INDEXED": {
      const n = i.next();
      return {
        combiner: name,
        method: "Create_indexed",
        oldtype,
        args: [i.take(n), i.take(n)],
      };
    }
    case "HINDEXED":
      return {
        combiner: name,
        method: "Create_hindexed",
        oldtype,
        args: [i.take(i.next()), [...a]],
      };
    case "INDEXED_BLOCK": {
      const n = i.next();
      return {
        combiner: name,
        method: "Create_indexed_block",
        oldtype,
        args: [i.next(), i.take(n)],
      };
    }
    case "HINDEXED_BLOCK": {
      const [, blocklength] = i.take(2); // count, blocklength
      return {
        combiner: name,
        method: "Create_hindexed_block",
        oldtype,
        args: [blocklength, [...a]],
      };
    }
    case "STRUCT":
      return {
        combiner: name,
        method: "Create_struct",
        oldtype: null,
        args: [i.take(i.next()), [...a], [...datatypes]],
      };
    case "SUBARRAY": {
      const d = i.next();
      return {
        combiner: name,
        method: "Create_subarray",
        oldtype,
        args: [i.take(d), i.take(d), i.take(d), i.next()],
      };
    }
    case "DARRAY": {
      const [size, rank, d] = i.take(3);
      return {
        combiner: name,
        method: "Create_darray",
        oldtype,
        args: [
          size,
          rank,
          i.take(d),
          i.take(d),
          i.take(d),
          i.take(d),
          i.next(),
        ],
      };
    }
    case "RESIZED":
      return {
        combiner: name,
        method: "Create_resized",
        oldtype,
        args: [a[0], a[1]],
      };
    default:
      return {
        combiner: name,
        method: null,
        oldtype: null,
        args: Array.from(integers),
      };
  }
}
