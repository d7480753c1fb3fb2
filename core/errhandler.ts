/**
 * Error handlers: `ERRORS_RETURN` (mpi4ts's default: errors become
 * `MPIError`) and `ERRORS_ARE_FATAL`.
 *
 * @module
 */
import {
  backend,
  C,
  H,
  type Handle,
  HANDLE_SIZE,
  handleKey,
  lib,
  type Pointer,
  readHandle,
  writeHandle,
} from "../ffi/lib.ts";
import {
  check,
  deferHandlerError,
  describe,
  MPIError,
  requireCall,
} from "./errors.ts";
import { HandleObject } from "./handle.ts";

function freeErrhandler(h: Handle): void {
  const cell = new Uint8Array(8);
  writeHandle(cell, 0, h);
  check(lib.MPI_Errhandler_free(cell), "MPI_Errhandler_free");
}

/**
 * An MPI error handler: `ERRORS_RETURN` (mpi4ts's default: errors become
 * `MPIError`), `ERRORS_ARE_FATAL`, or one made from a JavaScript function
 * (`Comm.Create_errhandler`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * mpi.COMM_SELF.Set_errhandler(mpi.ERRORS_ARE_FATAL);
 * mpi.COMM_SELF.Set_errhandler(mpi.ERRORS_RETURN);
 * ```
 */
export class Errhandler extends HandleObject {
  /**
   * Wraps an error handler handle (users use `ERRORS_RETURN` and
   * `ERRORS_ARE_FATAL`).
   *
   * @param handle the C handle
   * @param predefined whether MPI owns it
   */
  constructor(handle: Handle | null, predefined: boolean) {
    super(handle, predefined ? undefined : freeErrhandler);
  }

  /** `ERR_ARG`: the class of errors for a freed error handler. */
  protected get nullErrorClass(): number {
    return C.ERR_ARG;
  }
}

/** Errors return to the caller (mpi4ts turns them into `MPIError`). */
export const ERRORS_RETURN: Errhandler = new Errhandler(H.ERRORS_RETURN, true);

/** Errors abort the job. */
export const ERRORS_ARE_FATAL: Errhandler = new Errhandler(
  H.ERRORS_ARE_FATAL,
  true,
);

/**
 * A user error handler: called with the object an error happened on and the
 * error code, before the failing call returns (and throws its `MPIError`).
 */
export type ErrhandlerFunction<T> = (obj: T, errorCode: number) => void;

/**
 * Native callbacks of user error handlers. MPI may call a handler for as
 * long as any object it was set on lives, even after `Free()` of the
 * `Errhandler`, so the trampolines stay for the life of the process.
 */
const handlerCallbacks: unknown[] = [];

/**
 * Makes an error handler from `fn` with C function `call`
 * (`MPI_Comm_create_errhandler`, `MPI_Win_create_errhandler`, ...), whose
 * handler receives `(handle *, int *errorcode, ...)`; `wrap` turns the handle
 * into the object `fn` sees. An exception `fn` throws becomes the `cause` of
 * the `MPIError` the failing call throws.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using eh = mpi.Comm.Create_errhandler((comm, code) => console.log(code));
 * mpi.COMM_SELF.Set_errhandler(eh); // made by createErrhandler
 * mpi.COMM_SELF.Set_errhandler(mpi.ERRORS_RETURN);
 * ```
 */
export function createErrhandler<T>(
  call: string,
  wrap: (handle: Handle) => T,
  fn: ErrhandlerFunction<T>,
): Errhandler {
  if (typeof fn !== "function") {
    throw new TypeError(
      `fn must be a function (obj, errorCode) => void, got ${describe(fn)}`,
    );
  }
  requireCall(call, "user error handlers");
  const create = (lib as unknown as Record<string, unknown>)[call];
  const callback = backend.callback(
    { parameters: ["pointer", "pointer"], result: "void" },
    ((objPtr: Pointer, codePtr: Pointer) => {
      try {
        const handle = readHandle(
          new Uint8Array(backend.view(objPtr, HANDLE_SIZE)),
        );
        const code = new Int32Array(backend.view(codePtr, 4))[0];
        fn(wrap(handle), code);
      } catch (error) {
        deferHandlerError(error);
      }
    }) as (...args: never[]) => void,
  );
  handlerCallbacks.push(callback);
  const out = new Uint8Array(8);
  check(
    (create as (fn: Pointer, out: Uint8Array) => number)(
      callback.pointer,
      out,
    ),
    call,
  );
  return new Errhandler(readHandle(out), false);
}

/**
 * What `Call_errhandler` does after MPI ran the handler `current` (a handle
 * `MPI_X_get_errhandler` returned, freed here) and returned `rc`: under `ERRORS_RETURN` the
 * error comes back to the caller, so a nonzero `errorcode` throws the
 * `MPIError` a failing call would.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * mpi.COMM_SELF.Call_errhandler(mpi.SUCCESS); // its rc goes through afterCallErrhandler
 * ```
 */
export function afterCallErrhandler(
  call: string,
  rc: number,
  errorcode: number,
  current: Handle,
): void {
  const returns = handleKey(current) === handleKey(H.ERRORS_RETURN);
  freeErrhandler(current);
  check(rc, call);
  if (returns && errorcode !== C.SUCCESS) throw new MPIError(errorcode, call);
}
