/**
 * User error classes, codes and strings (`Add_error_class`, ...): errors an
 * application defines so its own failures travel through MPI's error
 * handlers and surface as `MPIError`s with their own class and text.
 *
 * @module
 */
import { C, cString, fromCString, lib } from "../ffi/lib.ts";
import { check, int, mpiError } from "./errors.ts";

const intOut = new Int32Array(1);

/**
 * A new error class (`MPI_Add_error_class`), above `ERR_LASTCODE`.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const cls = mpi.Add_error_class();
 * const code = mpi.Add_error_code(cls);
 * mpi.Add_error_string(code, "solver diverged");
 * try {
 *   mpi.COMM_SELF.Call_errhandler(code);
 * } catch (e) {
 *   if (e instanceof mpi.MPIError) console.log(e.errorClass === cls, e.message);
 * }
 * ```
 */
export function Add_error_class(): number {
  check(lib.MPI_Add_error_class(intOut), "MPI_Add_error_class");
  return intOut[0];
}

/**
 * A new error code of class `errorclass` (`MPI_Add_error_code`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const code = mpi.Add_error_code(mpi.Add_error_class());
 * console.log(mpi.Get_error_class(code));
 * ```
 */
export function Add_error_code(errorclass: number): number {
  const cls = int(errorclass, "errorclass");
  check(lib.MPI_Add_error_code(cls, intOut), "MPI_Add_error_code");
  return intOut[0];
}

/**
 * Sets the text of a user error class or code (`MPI_Add_error_string`); an
 * `MPIError` of that code carries it as its message.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const cls = mpi.Add_error_class();
 * mpi.Add_error_string(cls, "checkpoint missing");
 * console.log(mpi.Get_error_string(cls)); // "checkpoint missing"
 * ```
 */
export function Add_error_string(errorcode: number, string: string): void {
  const code = int(errorcode, "errorcode");
  if (typeof string !== "string") {
    throw new TypeError(`string must be a string, got ${typeof string}`);
  }
  const bytes = cString(string);
  if (bytes.length > C.MAX_ERROR_STRING) {
    throw new RangeError(
      `string must be at most ${C.MAX_ERROR_STRING - 1} bytes of UTF-8, got ${
        bytes.length - 1
      }`,
    );
  }
  check(lib.MPI_Add_error_string(code, bytes), "MPI_Add_error_string");
}

/**
 * The error class of an error code (`MPI_Error_class`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * console.log(mpi.Get_error_class(mpi.ERR_RANK) === mpi.ERR_RANK); // true
 * ```
 */
export function Get_error_class(errorcode: number): number {
  const code = int(errorcode, "errorcode");
  check(lib.MPI_Error_class(code, intOut), "MPI_Error_class");
  return intOut[0];
}

/**
 * The text of an error code or class (`MPI_Error_string`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * console.log(mpi.Get_error_string(mpi.ERR_TAG));
 * ```
 */
export function Get_error_string(errorcode: number): string {
  const code = int(errorcode, "errorcode");
  const text = new Uint8Array(C.MAX_ERROR_STRING + 1);
  check(lib.MPI_Error_string(code, text, intOut), "MPI_Error_string");
  return fromCString(text, intOut[0]);
}

/**
 * Throws the `MPIError` that says the library lacks MPI-4.1 call `call`: no
 * library mpi4ts supports declares the removal calls yet, so they are not in
 * the symbol table.
 */
function removeCall(call: string, value: unknown, name: string): never {
  int(value, name);
  throw mpiError(
    C.ERR_UNSUPPORTED_OPERATION,
    call,
    `the loaded MPI library lacks ${call} (MPI-4.1)`,
  );
}

/**
 * Removes a user error class (`MPI_Remove_error_class`, MPI-4.1). The
 * libraries mpi4ts supports lack it: this throws an `MPIError` naming it.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * try {
 *   mpi.Remove_error_class(mpi.Add_error_class());
 * } catch (e) {
 *   console.log((e as mpi.MPIError).call); // "MPI_Remove_error_class"
 * }
 * ```
 */
export function Remove_error_class(errorclass: number): void {
  removeCall("MPI_Remove_error_class", errorclass, "errorclass");
}

/**
 * Removes a user error code (`MPI_Remove_error_code`, MPI-4.1); throws an
 * `MPIError` naming it where the library lacks it.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * try {
 *   mpi.Remove_error_code(mpi.Add_error_code(mpi.Add_error_class()));
 * } catch (e) {
 *   console.log((e as mpi.MPIError).call); // "MPI_Remove_error_code"
 * }
 * ```
 */
export function Remove_error_code(errorcode: number): void {
  removeCall("MPI_Remove_error_code", errorcode, "errorcode");
}

/**
 * Removes the text of a user error code (`MPI_Remove_error_string`,
 * MPI-4.1); throws an `MPIError` naming it where the library lacks it.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * try {
 *   mpi.Remove_error_string(mpi.Add_error_class());
 * } catch (e) {
 *   console.log((e as mpi.MPIError).call); // "MPI_Remove_error_string"
 * }
 * ```
 */
export function Remove_error_string(errorcode: number): void {
  removeCall("MPI_Remove_error_string", errorcode, "errorcode");
}
