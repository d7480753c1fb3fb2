/**
 * `MPIError` and the checks every wrapper uses: turning a C return code into
 * an exception, and rejecting bad arguments before they reach MPI.
 *
 * @module
 */
import { C, fromCString, has, lib } from "../ffi/lib.ts";

const errorText = new Uint8Array(C.MAX_ERROR_STRING + 1);

/** What a user error handler threw, waiting for the failing call's error. */
let handlerError: { error: unknown } | undefined;

/**
 * Keeps an exception a user error handler threw, so the `MPIError` of the
 * call that invoked the handler carries it as its `cause`.
 */
export function deferHandlerError(error: unknown): void {
  handlerError ??= { error };
}
const intOut = new Int32Array(1);

function errorClassOf(code: number): number {
  return lib.MPI_Error_class(code, intOut) === 0 ? intOut[0] : code;
}

function errorStringOf(code: number): string {
  if (lib.MPI_Error_string(code, errorText, intOut) !== 0) {
    return `MPI error ${code}`;
  }
  return fromCString(errorText, intOut[0]);
}

/**
 * An error returned by an MPI call (or detected by mpi4ts before the call).
 *
 * @example Catch a truncated receive
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * try {
 *   mpi.COMM_WORLD.Recv(new Uint8Array(1), mpi.PROC_NULL);
 * } catch (e) {
 *   if (e instanceof mpi.MPIError && e.errorClass === mpi.ERR_TRUNCATE) {
 *     console.log("too small");
 *   }
 * }
 * ```
 */
export class MPIError extends Error {
  /** The error code the call returned. */
  readonly errorCode: number;
  /** The error class of that code (compare with `mpi.ERR_*`). */
  readonly errorClass: number;
  /** The C function that failed (`MPI_Send`, ...). */
  readonly call: string;

  /**
   * Makes an error for `errorCode` returned by C function `call`.
   *
   * @param errorCode the MPI error code
   * @param call the name of the failing C function
   * @param message text to use instead of `MPI_Error_string`
   * @param options the `cause`, when wrapping another error
   */
  constructor(
    errorCode: number,
    call: string,
    message?: string,
    options?: ErrorOptions,
  ) {
    const text = message ?? errorStringOf(errorCode);
    const pending = handlerError;
    handlerError = undefined;
    super(
      `${call}: ${text}`,
      options ?? (pending ? { cause: pending.error } : undefined),
    );
    this.name = "MPIError";
    this.errorCode = errorCode;
    this.errorClass = message === undefined
      ? errorClassOf(errorCode)
      : errorCode;
    this.call = call;
  }

  /** The `MPI_Error_string` text of the error code. */
  get errorString(): string {
    return errorStringOf(this.errorCode);
  }
}

/**
 * Throws `MPIError` unless `rc` is `MPI_SUCCESS`.
 *
 * @example
 * ```ts
 * check(0, "MPI_Barrier"); // MPI_SUCCESS: returns
 * check(1, "MPI_Barrier"); // throws MPIError naming MPI_Barrier
 * ```
 */
export function check(rc: number, call: string): void {
  if (rc !== 0) throw new MPIError(rc, call);
}

/** An `MPIError` of class `errorClass` raised by mpi4ts itself. */
export function mpiError(
  errorClass: number,
  call: string,
  text: string,
): MPIError {
  return new MPIError(errorClass, call, text);
}

/**
 * Throws an `MPIError` naming C function `call` unless the loaded library
 * has it (`what` says what needs it: "MPI-4 sessions", ...).
 *
 * @example
 * ```ts
 * requireCall("MPI_Session_init", "MPI-4 sessions"); // throws on Open MPI 4.1
 * ```
 */
export function requireCall(call: string, what: string): void {
  if (has(call)) return;
  throw new MPIError(
    C.ERR_UNSUPPORTED_OPERATION,
    call,
    `the loaded MPI library lacks ${call} (${what})`,
  );
}

/**
 * Returns `value` if it is an int32 integer, else throws naming `name`.
 *
 * @example
 * ```ts
 * const tag = int(7, "tag"); // 7; a TypeError or RangeError naming "tag" otherwise
 * ```
 */
export function int(value: unknown, name: string): number {
  // `| 0` also turns -0 (which the FFI rejects as an int) into 0.
  if (typeof value === "number" && (value | 0) === value) return value | 0;
  throw typeof value === "number"
    ? new RangeError(`${name} must be a 32-bit integer, got ${value}`)
    : new TypeError(`${name} must be an integer, got ${describe(value)}`);
}

/** Returns `value` if it is an integer ≥ 0 (fits an `int`), else throws naming `name`. */
export function count(value: unknown, name: string): number {
  const n = int(value, name);
  if (n < 0) throw new RangeError(`${name} must not be negative, got ${n}`);
  return n;
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  if (typeof value === "function") return "function";
  if (typeof value === "string") return `string '${value.slice(0, 20)}'`;
  return `${typeof value} ${String(value)}`;
}
