/**
 * `Op`: reduction operations, predefined (`SUM`, `MAX`, ...) and
 * user-defined (`Op.Create`).
 *
 * @module
 */
import {
  backend,
  C,
  H,
  type Handle,
  handleKey,
  lib,
  type Pointer,
  readHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { OP_NAMES, type OpName } from "../ffi/abi/types.ts";
import { Datatype, DATATYPES } from "./datatype.ts";
import { check, describe } from "./errors.ts";
import { HandleObject, type Releaser } from "./handle.ts";

const intOut = new Int32Array(1);
const handleOut = new Uint8Array(8);

/** An element view a user op receives: a TypedArray over MPI's memory. */
export type OpVector =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** A user reduction: combine `invec` into `inoutvec`, element by element. */
export type UserFunction = (
  invec: OpVector,
  inoutvec: OpVector,
  datatype: Datatype,
) => void;

type VectorCtor = new (buffer: ArrayBufferLike) => OpVector;

/** The element view of each predefined datatype, by handle. */
const ELEMENTS: Map<bigint | number, [Datatype, VectorCtor]> = new Map();
for (
  const [ctor, names] of [
    [Int8Array, ["INT8_T", "CHAR", "SIGNED_CHAR"]],
    [Uint8Array, ["UINT8_T", "UNSIGNED_CHAR", "BYTE", "C_BOOL"]],
    [Int16Array, ["INT16_T", "SHORT"]],
    [Uint16Array, ["UINT16_T", "UNSIGNED_SHORT"]],
    [Int32Array, ["INT32_T", "INT"]],
    [Uint32Array, ["UINT32_T", "UNSIGNED"]],
    [BigInt64Array, [
      "INT64_T",
      "LONG",
      "LONG_LONG",
      "AINT",
      "OFFSET",
      "COUNT",
    ]],
    [BigUint64Array, ["UINT64_T", "UNSIGNED_LONG", "UNSIGNED_LONG_LONG"]],
    [Float32Array, ["FLOAT"]],
    [Float64Array, ["DOUBLE"]],
  ] as const
) {
  for (const n of names) {
    const dt = DATATYPES[n];
    if (H[n] !== null) {
      ELEMENTS.set(handleKey(H[n]), [dt, ctor as unknown as VectorCtor]);
    }
  }
}

function vectorsFor(
  dtPtr: Pointer,
  len: number,
  inPtr: Pointer,
  inoutPtr: Pointer,
): [OpVector, OpVector, Datatype] {
  const handle = readHandle(new Uint8Array(backend.view(dtPtr, 8)));
  const known = ELEMENTS.get(handleKey(handle));
  const datatype = known?.[0] ?? new Datatype(handle, true);
  const Ctor = known?.[1] ?? (Uint8Array as unknown as VectorCtor);
  const bytes = len * datatype.size;
  return [
    new Ctor(backend.view(inPtr, bytes)),
    new Ctor(backend.view(inoutPtr, bytes)),
    datatype,
  ];
}

/**
 * A reduction operation.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const data = new Float64Array([mpi.COMM_WORLD.rank]);
 * mpi.COMM_WORLD.Allreduce(mpi.IN_PLACE, data, mpi.MAX);
 * ```
 */
export class Op extends HandleObject {
  readonly #name: string | undefined;
  /** The first error a user function threw during the current call. */
  #error: unknown = undefined;

  /**
   * Wraps an operation handle; users get ops from the predefined constants
   * and `Op.Create`.
   *
   * @param handle the C handle
   * @param release how to free it (`undefined` for predefined ops)
   * @param name the MPI name of a predefined op
   */
  constructor(handle: Handle | null, release?: Releaser, name?: string) {
    super(handle, release);
    this.#name = name;
  }

  /** `ERR_OP`: the class of errors for a freed or null op. */
  protected get nullErrorClass(): number {
    return C.ERR_OP;
  }

  /** The MPI name of a predefined op (`"MPI_SUM"`), else `"user op"`. */
  get name(): string {
    return this.#name ?? "user op";
  }

  /** Whether the operation is commutative (`MPI_Op_commutative`). */
  get is_commutative(): boolean {
    check(lib.MPI_Op_commutative(this.handle, intOut), "MPI_Op_commutative");
    return intOut[0] !== 0;
  }

  /** Same as `is_commutative`. */
  Is_commutative(): boolean {
    return this.is_commutative;
  }

  /**
   * A user-defined reduction: `fn(invec, inoutvec, datatype)` must combine
   * `invec` into `inoutvec` in place. The vectors are zero-copy TypedArray
   * views of MPI's memory, typed after the datatype (`Float64Array` for
   * `DOUBLE`, ...; a `Uint8Array` of the packed bytes for derived types).
   * If `fn` throws, the collective that called it throws that error (as
   * `cause`) on this rank; other ranks get whatever MPI combined.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const comm = mpi.COMM_WORLD;
   * const data = new Float64Array([-comm.rank, 1]);
   * const out = new Float64Array(2);
   * using absmax = mpi.Op.Create((a, b) => {
   *   for (let i = 0; i < a.length; i++) {
   *     b[i] = Math.max(Math.abs(a[i] as number), Math.abs(b[i] as number));
   *   }
   * }, true);
   * comm.Allreduce(data, out, absmax);
   * ```
   */
  static Create(fn: UserFunction, commute = false): Op {
    if (typeof fn !== "function") {
      throw new TypeError(
        `fn must be a function (invec, inoutvec, datatype) => void, got ${
          describe(fn)
        }`,
      );
    }
    const self: { op?: Op } = {};
    const callback = backend.callback(
      {
        parameters: ["pointer", "pointer", "pointer", "pointer"],
        result: "void",
      },
      ((inPtr: Pointer, inoutPtr: Pointer, lenPtr: Pointer, dtPtr: Pointer) => {
        const op = self.op;
        if (op === undefined || op.#error !== undefined) return;
        try {
          const len = new Int32Array(backend.view(lenPtr, 4))[0];
          fn(...vectorsFor(dtPtr, len, inPtr, inoutPtr));
        } catch (error) {
          op.#error = error;
        }
      }) as (...args: never[]) => void,
    );
    check(
      lib.MPI_Op_create(callback.pointer, commute ? 1 : 0, handleOut),
      "MPI_Op_create",
    );
    const release = (h: Handle) => {
      const cell = new Uint8Array(8);
      writeHandle(cell, 0, h);
      check(lib.MPI_Op_free(cell), "MPI_Op_free");
      callback.close();
    };
    self.op = new Op(readHandle(handleOut), release);
    return self.op;
  }

  /** Whether a user function raised an error during the last call, not yet rethrown. */
  get threw(): boolean {
    return this.#error !== undefined;
  }

  /** Rethrows an error a user function raised during the last call. */
  rethrow(call: string): void {
    const error = this.#error;
    if (error === undefined) return;
    this.#error = undefined;
    throw new Error(
      `${call}: the user op threw: ${(error as Error)?.message ?? error}`,
      {
        cause: error,
      },
    );
  }
}

/** Predefined operations by name. */
export const OPS: Readonly<Record<OpName, Op>> = Object.fromEntries(
  OP_NAMES.map((
    n,
  ) => [n, new Op(n === "OP_NULL" ? null : H[n], undefined, `MPI_${n}`)]),
) as Record<OpName, Op>;
