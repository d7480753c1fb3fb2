/**
 * `Datatype`, closing the chain of datatype layers (`core/datatype_core.ts`
 * → `core/datatype_constructors.ts` → here): decoding a type back into its
 * constructor call, packing, and the predefined datatypes.
 *
 * @module
 */
import {
  C,
  H,
  type Handle,
  HANDLE_SIZE,
  handleKey,
  lib,
  readHandle,
} from "../ffi/lib.ts";
import { DATATYPE_NAMES, type DatatypeName } from "../ffi/abi/types.ts";
import { check } from "./errors.ts";
import { DatatypeConstructors } from "./datatype_constructors.ts";
import { setDatatypeFactory } from "./datatype_core.ts";
import { decodeContents, type Decoded } from "./datatype_decode.ts";
import type { BufSpec } from "./buffer.ts";
import type { CommCore } from "../comm/core.ts";

/** `int *num_integers, *num_addresses, *num_datatypes, *combiner` */
const envelope = new Int32Array(4);
const envelopeCells = [0, 1, 2, 3].map((k) => envelope.subarray(k, k + 1));

/**
 * The counts `MPI_Type_get_envelope` reports: how many integers,
 * addresses and datatypes `Get_contents` returns, and the combiner
 * (compare with `mpi.COMBINER_*`).
 *
 * @example
 * ```ts ignore
 * const { combiner, integers } = mpi.DOUBLE.Create_vector(4, 1, 4).Get_envelope();
 * combiner === mpi.COMBINER_VECTOR; // true; integers === 3
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
 * ```ts ignore
 * const c = mpi.DOUBLE.Create_vector(4, 1, 4).Get_contents();
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

/** The packing methods of `Datatype`. */
export type PackMethod =
  | "Pack"
  | "Unpack"
  | "Pack_size"
  | "Pack_external"
  | "Unpack_external"
  | "Pack_external_size";

/**
 * `Pack`, `Unpack` and the pack sizes, taking the datatype first. They
 * need buffer specifications and communicators, which build on this
 * module, so `comm/pack.ts` implements them and `comm/comm.ts` installs
 * them.
 */
export type Packer = {
  readonly [K in PackMethod]: (
    type: Datatype,
    ...args: Parameters<Datatype[K]>
  ) => number;
};

let packer: Packer | undefined;

/** Installs the implementation of `Pack` and friends (done by `comm/comm.ts`). */
export function setPacker(p: Packer): void {
  packer = p;
}

function packing(): Packer {
  if (packer) return packer;
  throw new Error("Datatype packing is not loaded: import mpi4ts from mod.ts");
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
 * ```ts ignore
 * const column = mpi.DOUBLE.Create_vector(4, 1, 4).Commit();
 * comm.Send([matrix, 1, column], 1);
 * column.Free();
 * ```
 */
export class Datatype extends DatatypeConstructors {
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
   * ```ts ignore
   * const d = mpi.DOUBLE.Create_vector(4, 1, 4).decode();
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
   * ```ts ignore
   * const out = new Uint8Array(mpi.INT.Pack_size(2, comm) + mpi.DOUBLE.Pack_size(3, comm));
   * let pos = mpi.INT.Pack(ints, out, 0, comm);
   * pos = mpi.DOUBLE.Pack(doubles, out, pos, comm);
   * comm.Send([out, pos, mpi.PACKED], dest);
   * ```
   */
  Pack(
    inbuf: BufSpec,
    outbuf: BufSpec,
    position: number,
    comm: CommCore,
  ): number {
    return packing().Pack(this, inbuf, outbuf, position, comm);
  }

  /**
   * Unpacks elements of this type from the bytes of `inbuf` at byte
   * `position` into `outbuf` (`MPI_Unpack`); returns the position after
   * them.
   *
   * @example
   * ```ts ignore
   * let pos = mpi.INT.Unpack(packed, 0, ints, comm);
   * pos = mpi.DOUBLE.Unpack(packed, pos, doubles, comm);
   * ```
   */
  Unpack(
    inbuf: BufSpec,
    position: number,
    outbuf: BufSpec,
    comm: CommCore,
  ): number {
    return packing().Unpack(this, inbuf, position, outbuf, comm);
  }

  /** Upper bound of the bytes `Pack` needs for `count` elements (`MPI_Pack_size`). */
  Pack_size(count: number, comm: CommCore): number {
    return packing().Pack_size(this, count, comm);
  }

  /**
   * `Pack` in a portable representation, `"external32"` (big-endian IEEE)
   * being the standard one (`MPI_Pack_external`).
   *
   * @example
   * ```ts ignore
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
    return packing().Pack_external(this, datarep, inbuf, outbuf, position);
  }

  /** `Unpack` from a portable representation (`MPI_Unpack_external`). */
  Unpack_external(
    datarep: string,
    inbuf: BufSpec,
    position: number,
    outbuf: BufSpec,
  ): number {
    return packing().Unpack_external(this, datarep, inbuf, position, outbuf);
  }

  /** Bytes `Pack_external` needs for `count` elements (`MPI_Pack_external_size`). */
  Pack_external_size(datarep: string, count: number): number {
    return packing().Pack_external_size(this, datarep, count);
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
 * ```ts ignore
 * const etype = adopt(readHandle(etypeOut));
 * ```
 */
export function adopt(h: Handle): Datatype {
  const known = BY_HANDLE.get(handleKey(h));
  if (known) return known;
  const named = new Datatype(h, true).Get_envelope().combiner ===
    C.COMBINER_NAMED;
  return named ? new Datatype(h, true) : new Datatype(h);
}

setDatatypeFactory((h) => new Datatype(h));
