/**
 * `Datatype`: layout and bounds, the type constructors
 * (`datatype_constructors.ts`), decoding a type back into its constructor
 * call, packing (`pack.ts`), and the predefined datatypes.
 *
 * @module
 */
import {
  C,
  fromCString,
  H,
  type Handle,
  HANDLE_SIZE,
  handleKey,
  lib,
  readHandle,
} from "../ffi/lib.ts";
import { DATATYPE_NAMES, type DatatypeName } from "../ffi/abi/types.ts";
import { check, describe } from "./errors.ts";
import { HandleObject } from "./handle.ts";
import * as ctor from "./datatype_constructors.ts";
import { arrayOf } from "./datatype_args.ts";
import {
  capacity,
  fits,
  freeType,
  type Layout,
  queryLayout,
  span,
  typeCell,
} from "./datatype_layout.ts";
import { decodeContents, type Decoded } from "./datatype_decode.ts";
import type { BufSpec } from "./buffer.ts";
import { packer } from "./pack.ts";
import type { Comm } from "../comm/comm.ts";

/** `int *num_integers, *num_addresses, *num_datatypes, *combiner` */
const envelope = new Int32Array(4);
const intOut = new Int32Array(1);
const envelopeCells = [0, 1, 2, 3].map((k) => envelope.subarray(k, k + 1));

/**
 * The counts `MPI_Type_get_envelope` reports: how many integers,
 * addresses and datatypes `Get_contents` returns, and the combiner
 * (compare with `mpi.COMBINER_*`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using vector = mpi.DOUBLE.Create_vector(4, 1, 4);
 * const { combiner, integers } = vector.Get_envelope();
 * console.log(combiner === mpi.COMBINER_VECTOR, integers); // true 3
 * ```
 */
export interface Envelope {
  /** Number of integer arguments. */
  integers: number;
  /** Number of address (`MPI_Aint`) arguments. */
  addresses: number;
  /** Number of datatype arguments. */
  datatypes: number;
  /** How the type was made (`mpi.COMBINER_*`). */
  combiner: number;
}

/**
 * The arguments a datatype was made with (`MPI_Type_get_contents`).
 * Predefined datatypes among them are the module's constants; derived ones
 * are new objects the caller owns and should `Free()`.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using vector = mpi.DOUBLE.Create_vector(4, 1, 4);
 * const c = vector.Get_contents();
 * // { combiner: mpi.COMBINER_VECTOR, integers: [4, 1, 4], addresses: [], datatypes: [mpi.DOUBLE] }
 * ```
 */
export interface Contents {
  /** How the type was made (`mpi.COMBINER_*`). */
  combiner: number;
  /** Integer arguments. */
  integers: number[];
  /** Address arguments, in bytes. */
  addresses: number[];
  /** Datatype arguments. */
  datatypes: Datatype[];
}

/**
 * An MPI datatype: a predefined one (`mpi.DOUBLE`, ...) or one built with a
 * constructor (`Create_vector`, ...). Derived types must be committed before
 * use in communication; constructors in mpi4ts return uncommitted types, as
 * in MPI, and `Commit()` returns `this` for chaining. Buffer methods check
 * that `count` elements of a derived type stay inside the buffer, using its
 * extent and true bounds.
 *
 * @example Send a column of a row-major 4×4 matrix
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * const matrix = new Float64Array(16).map((_, i) => i);
 * using column = mpi.DOUBLE.Create_vector(4, 1, 4).Commit();
 * const got = new Float64Array(4);
 * comm.Sendrecv([matrix, 1, column], comm.rank, 0, got, comm.rank, 0);
 * console.log(got); // [0, 4, 8, 12]
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

  get #facts(): Layout {
    return this.#layout ??= queryLayout(this.handle);
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
   * start (0 when they touch nothing).
   */
  span(count: number): number {
    return span(this.#facts, count);
  }

  /**
   * Whether `count` elements starting `offset` bytes into a buffer of
   * `byteLength` bytes stay inside it (the bounds check of buffer methods).
   */
  fits(count: number, offset: number, byteLength: number): boolean {
    return fits(this.#facts, count, offset, byteLength);
  }

  /** The most elements whose bytes end within `byteLength` bytes (the default count). */
  capacity(byteLength: number): number {
    return capacity(this.#facts, byteLength);
  }

  /** The type's name (`MPI_Type_get_name`), e.g. `"MPI_DOUBLE"`. */
  get name(): string {
    if (this.#name !== undefined) return this.#name;
    const buf = new Uint8Array(C.MAX_OBJECT_NAME + 1);
    check(lib.MPI_Type_get_name(this.handle, buf, intOut), "MPI_Type_get_name");
    return fromCString(buf, intOut[0]);
  }

  /** Commits the type for use in communication (`MPI_Type_commit`); returns `this`. */
  Commit(): this {
    check(lib.MPI_Type_commit(typeCell(this.handle)), "MPI_Type_commit");
    return this;
  }

  // ------------------------------------------------------- constructors

  /** A duplicate of this type (`MPI_Type_dup`). */
  Dup(): Datatype {
    return new Datatype(ctor.Dup(this));
  }

  /** `count` copies of this type laid end to end (`MPI_Type_contiguous`). */
  Create_contiguous(count: number): Datatype {
    return new Datatype(ctor.Create_contiguous(this, count));
  }

  /**
   * `count` blocks of `blocklength` elements, block starts `stride`
   * elements apart (`MPI_Type_vector`).
   *
   * @example Column 1 of a row-major 4×4 matrix
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const comm = mpi.COMM_WORLD;
   * const matrix = new Float64Array(16).map((_, i) => i);
   * using column = mpi.DOUBLE.Create_vector(4, 1, 4).Commit();
   * const got = new Float64Array(4);
   * // 1 column, starting at element 1
   * comm.Sendrecv([matrix, [1, 1], column], comm.rank, 0, got, comm.rank, 0);
   * console.log(got); // [1, 5, 9, 13]
   * ```
   */
  Create_vector(count: number, blocklength: number, stride: number): Datatype {
    return new Datatype(ctor.Create_vector(this, count, blocklength, stride));
  }

  /** `Create_vector` with the stride in bytes (`MPI_Type_create_hvector`). */
  Create_hvector(
    count: number,
    blocklength: number,
    byteStride: number,
  ): Datatype {
    return new Datatype(
      ctor.Create_hvector(this, count, blocklength, byteStride),
    );
  }

  /**
   * Blocks of `blocklengths[i]` elements at `displs[i]` elements
   * (`MPI_Type_indexed`).
   *
   * @example The upper triangle of a row-major 3×3 matrix
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * using upper = mpi.DOUBLE.Create_indexed([3, 2, 1], [0, 4, 8]).Commit();
   * ```
   */
  Create_indexed(
    blocklengths: ArrayLike<number>,
    displs: ArrayLike<number>,
  ): Datatype {
    return new Datatype(ctor.Create_indexed(this, blocklengths, displs));
  }

  /** `Create_indexed` with displacements in bytes (`MPI_Type_create_hindexed`). */
  Create_hindexed(
    blocklengths: ArrayLike<number>,
    byteDispls: ArrayLike<number>,
  ): Datatype {
    return new Datatype(ctor.Create_hindexed(this, blocklengths, byteDispls));
  }

  /**
   * Blocks of `blocklength` elements at `displs[i]` elements
   * (`MPI_Type_create_indexed_block`).
   */
  Create_indexed_block(
    blocklength: number,
    displs: ArrayLike<number>,
  ): Datatype {
    return new Datatype(ctor.Create_indexed_block(this, blocklength, displs));
  }

  /**
   * `Create_indexed_block` with displacements in bytes
   * (`MPI_Type_create_hindexed_block`).
   */
  Create_hindexed_block(
    blocklength: number,
    byteDispls: ArrayLike<number>,
  ): Datatype {
    return new Datatype(
      ctor.Create_hindexed_block(this, blocklength, byteDispls),
    );
  }

  /**
   * Blocks of `blocklengths[i]` elements of `types[i]` at `byteDispls[i]`
   * bytes: a C struct (`MPI_Type_create_struct`).
   *
   * @example An array of `{ int32 a; float64 b }` records (16 bytes each)
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const comm = mpi.COMM_WORLD;
   * const bytes = new ArrayBuffer(16 * 10);
   * using record = mpi.Datatype.Create_struct([1, 1], [0, 8], [mpi.INT32_T, mpi.DOUBLE])
   *   .Commit();
   * comm.Sendrecv([bytes, 10, record], comm.rank, 0, new ArrayBuffer(160), comm.rank, 0);
   * ```
   */
  static Create_struct(
    blocklengths: ArrayLike<number>,
    byteDispls: ArrayLike<number>,
    types: ArrayLike<Datatype>,
  ): Datatype {
    return new Datatype(
      ctor.Create_struct(
        blocklengths,
        byteDispls,
        arrayOf(types, "types", checkDatatype),
      ),
    );
  }

  /**
   * The block `subsizes` at `starts` of an array of `sizes` elements
   * (`MPI_Type_create_subarray`), in C (row-major) or Fortran order.
   *
   * @example The 2×2 block at row 1, column 1 of a 4×4 matrix
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const comm = mpi.COMM_WORLD;
   * const matrix = new Float64Array(16).map((_, i) => i);
   * using block = mpi.DOUBLE.Create_subarray([4, 4], [2, 2], [1, 1]).Commit();
   * const got = new Float64Array(4);
   * comm.Sendrecv([matrix, 1, block], comm.rank, 0, got, comm.rank, 0);
   * console.log(got); // [5, 6, 9, 10]
   * ```
   */
  Create_subarray(
    sizes: ArrayLike<number>,
    subsizes: ArrayLike<number>,
    starts: ArrayLike<number>,
    order: number = C.ORDER_C,
  ): Datatype {
    return new Datatype(
      ctor.Create_subarray(this, sizes, subsizes, starts, order),
    );
  }

  /**
   * The part process `rank` of `size` owns of a `gsizes` array distributed
   * over a `psizes` process grid (`MPI_Type_create_darray`); `distribs` are
   * `DISTRIBUTE_BLOCK | CYCLIC | NONE`, `dargs` their arguments
   * (`DISTRIBUTE_DFLT_DARG` for the default).
   *
   * @example Rows of an 8×8 matrix in blocks over 4 processes
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * using mine = mpi.DOUBLE.Create_darray(
   *   4,
   *   mpi.COMM_WORLD.rank % 4,
   *   [8, 8],
   *   [mpi.DISTRIBUTE_BLOCK, mpi.DISTRIBUTE_NONE],
   *   [mpi.DISTRIBUTE_DFLT_DARG, mpi.DISTRIBUTE_DFLT_DARG],
   *   [4, 1],
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
    return new Datatype(
      ctor.Create_darray(
        this,
        size,
        rank,
        gsizes,
        distribs,
        dargs,
        psizes,
        order,
      ),
    );
  }

  /**
   * This type with lower bound `lb` and extent `extent`, in bytes
   * (`MPI_Type_create_resized`): the distance between consecutive elements
   * becomes `extent`.
   *
   * @example Interleave: one double every 16 bytes
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const comm = mpi.COMM_WORLD;
   * const data = new Float64Array(8).map((_, i) => i);
   * using spaced = mpi.DOUBLE.Create_resized(0, 16).Commit();
   * const got = new Float64Array(4);
   * comm.Sendrecv([data, 4, spaced], comm.rank, 0, got, comm.rank, 0);
   * console.log(got); // elements 0, 2, 4, 6
   * ```
   */
  Create_resized(lb: number, extent: number): Datatype {
    return new Datatype(ctor.Create_resized(this, lb, extent));
  }

  // ----------------------------------------------------------- decoding

  /** How many arguments `Get_contents` returns, and the combiner (`MPI_Type_get_envelope`). */
  Get_envelope(): Envelope {
    const [i, a, d, c] = envelopeCells;
    check(
      lib.MPI_Type_get_envelope(this.handle, i, a, d, c),
      "MPI_Type_get_envelope",
    );
    const [integers, addresses, datatypes, combiner] = envelope;
    return { integers, addresses, datatypes, combiner };
  }

  /**
   * The arguments this type was made with (`MPI_Type_get_contents`); empty
   * for a predefined type. Derived datatypes in the result are new objects
   * the caller owns.
   */
  Get_contents(): Contents {
    const { integers, addresses, datatypes, combiner } = this.Get_envelope();
    const ints = new Int32Array(integers);
    const addrs = new BigInt64Array(addresses);
    const types = new Uint8Array(datatypes * HANDLE_SIZE);
    if (combiner !== C.COMBINER_NAMED) {
      check(
        lib.MPI_Type_get_contents(
          this.handle,
          integers,
          addresses,
          datatypes,
          ints,
          addrs,
          types,
        ),
        "MPI_Type_get_contents",
      );
    }
    return {
      combiner,
      integers: Array.from(ints),
      addresses: Array.from(addrs, Number),
      datatypes: Array.from(
        { length: datatypes },
        (_, k) => adopt(readHandle(types, k * HANDLE_SIZE)),
      ),
    };
  }

  /**
   * The constructor call that makes this type: the combiner, the method,
   * the type it was called on and its arguments (like mpi4py's
   * `Datatype.decode`). Derived datatypes in the result are new objects the
   * caller owns.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * using vector = mpi.DOUBLE.Create_vector(4, 1, 4);
   * const d = vector.decode();
   * // { combiner: "VECTOR", method: "Create_vector", oldtype: mpi.DOUBLE, args: [4, 1, 4] }
   * ```
   */
  decode(): Decoded {
    const c = this.Get_contents();
    return decodeContents(c.combiner, c.integers, c.addresses, c.datatypes);
  }

  /**
   * Packs `inbuf` (elements of this type; a buffer spec whose count
   * defaults to what fits) into the bytes of `outbuf` from byte `position`
   * (`MPI_Pack`); returns the position after the packed data.
   *
   * @example Pack two arrays into one message
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const comm = mpi.COMM_WORLD;
   * const ints = new Int32Array([1, 2]), doubles = new Float64Array([0.5, 1.5, 2.5]);
   * const out = new Uint8Array(mpi.INT.Pack_size(2, comm) + mpi.DOUBLE.Pack_size(3, comm));
   * let pos = mpi.INT.Pack(ints, out, 0, comm);
   * pos = mpi.DOUBLE.Pack(doubles, out, pos, comm);
   * comm.Sendrecv([out, pos, mpi.PACKED], comm.rank, 0, new Uint8Array(pos), comm.rank, 0);
   * ```
   */
  Pack(
    inbuf: BufSpec,
    outbuf: BufSpec,
    position: number,
    comm: Comm,
  ): number {
    return packer.Pack(this, inbuf, outbuf, position, comm);
  }

  /**
   * Unpacks elements of this type from the bytes of `inbuf` at byte
   * `position` into `outbuf` (`MPI_Unpack`); returns the position after
   * them.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const comm = mpi.COMM_WORLD;
   * const packed = new Uint8Array(64);
   * let pos = mpi.INT.Pack(new Int32Array([1, 2]), packed, 0, comm);
   * mpi.DOUBLE.Pack(new Float64Array([0.5]), packed, pos, comm);
   * const ints = new Int32Array(2), doubles = new Float64Array(1);
   * pos = mpi.INT.Unpack(packed, 0, ints, comm);
   * pos = mpi.DOUBLE.Unpack(packed, pos, doubles, comm);
   * ```
   */
  Unpack(
    inbuf: BufSpec,
    position: number,
    outbuf: BufSpec,
    comm: Comm,
  ): number {
    return packer.Unpack(this, inbuf, position, outbuf, comm);
  }

  /** Upper bound of the bytes `Pack` needs for `count` elements (`MPI_Pack_size`). */
  Pack_size(count: number, comm: Comm): number {
    return packer.Pack_size(this, count, comm);
  }

  /**
   * `Pack` in a portable representation, `"external32"` (big-endian IEEE)
   * being the standard one (`MPI_Pack_external`).
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const out = new Uint8Array(mpi.INT32_T.Pack_external_size("external32", 1));
   * mpi.INT32_T.Pack_external("external32", new Int32Array([1]), out, 0); // out: 0 0 0 1
   * ```
   */
  Pack_external(
    datarep: string,
    inbuf: BufSpec,
    outbuf: BufSpec,
    position: number,
  ): number {
    return packer.Pack_external(this, datarep, inbuf, outbuf, position);
  }

  /** `Unpack` from a portable representation (`MPI_Unpack_external`). */
  Unpack_external(
    datarep: string,
    inbuf: BufSpec,
    position: number,
    outbuf: BufSpec,
  ): number {
    return packer.Unpack_external(this, datarep, inbuf, position, outbuf);
  }

  /** Bytes `Pack_external` needs for `count` elements (`MPI_Pack_external_size`). */
  Pack_external_size(datarep: string, count: number): number {
    return packer.Pack_external_size(this, datarep, count);
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

/** Predefined datatypes by handle; the first name wins where two share one. */
const BY_HANDLE = new Map<bigint | number, Datatype>();
for (const n of DATATYPE_NAMES) {
  const h = H[n];
  if (h !== null && !BY_HANDLE.has(handleKey(h))) {
    BY_HANDLE.set(handleKey(h), DATATYPES[n]);
  }
}

/**
 * Wraps a datatype handle MPI returned (`Get_contents`, a file's view): a
 * predefined constant, or a new type the caller owns.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * console.log(adopt(mpi.DOUBLE.handle) === mpi.DOUBLE); // true
 * ```
 */
export function adopt(h: Handle): Datatype {
  const known = BY_HANDLE.get(handleKey(h));
  if (known) return known;
  const named = new Datatype(h, true).Get_envelope().combiner ===
    C.COMBINER_NAMED;
  return named ? new Datatype(h, true) : new Datatype(h);
}

function checkDatatype(x: unknown, name: string): Datatype {
  if (x instanceof Datatype) return x;
  throw new TypeError(`${name} must be a Datatype, got ${describe(x)}`);
}
