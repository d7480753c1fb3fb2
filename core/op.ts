/**
 * `Op`: reduction operations, predefined (`SUM`, `MAX`, ...) and
 * user-defined (`Op.Create`).
 *
 * @module
 */
import { C, H, type Handle, lib } from "../ffi/lib.ts";
import { OP_NAMES, type OpName } from "../ffi/abi/types.ts";
import { check } from "./errors.ts";
import { HandleObject, type Releaser } from "./handle.ts";

const intOut = new Int32Array(1);

/**
 * A reduction operation.
 *
 * @example
 * ```ts ignore
 * comm.Allreduce(mpi.IN_PLACE, data, mpi.MAX);
 * ```
 */
export class Op extends HandleObject {
  readonly #name: string | undefined;

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
}

/** Predefined operations by name. */
export const OPS: Readonly<Record<OpName, Op>> = Object.fromEntries(
  OP_NAMES.map((
    n,
  ) => [n, new Op(n === "OP_NULL" ? null : H[n], undefined, `MPI_${n}`)]),
) as Record<OpName, Op>;
