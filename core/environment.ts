/**
 * The MPI environment: initialization and finalization, thread levels,
 * timers, versions, processor name, the `Bsend` buffer, and abort.
 *
 * @module
 */
import { backend, C, fromCString, H, lib, type Pointer } from "../ffi/lib.ts";
import { check, int, mpiError } from "./errors.ts";
import { ensureActive, state, updateActive } from "./state.ts";
import { rc, type ThreadLevelName } from "../rc.ts";

const intOut = new Int32Array(2);

/** Thread levels by `rc` name. */
export const THREAD_LEVELS: Readonly<Record<ThreadLevelName, number>> = {
  single: C.THREAD_SINGLE,
  funneled: C.THREAD_FUNNELED,
  serialized: C.THREAD_SERIALIZED,
  multiple: C.THREAD_MULTIPLE,
};

function flag(fn: (out: Int32Array) => number, call: string): boolean {
  check(fn(intOut), call);
  return intOut[0] !== 0;
}

/** Whether `MPI_Init` has been called (`MPI_Initialized`). */
export function Is_initialized(): boolean {
  return flag(lib.MPI_Initialized, "MPI_Initialized");
}

/** Whether `MPI_Finalize` has completed (`MPI_Finalized`). */
export function Is_finalized(): boolean {
  return flag(lib.MPI_Finalized, "MPI_Finalized");
}

/**
 * Initializes MPI with thread support `required` and returns the level
 * provided (`MPI_Init_thread`). Only needed with `rc.initialize = false`.
 *
 * @example
 * ```ts
 * import { rc } from "@mpi4ts/mpi/rc";
 * rc.initialize = false;
 * const mpi = await import("@mpi4ts/mpi");
 * const provided = mpi.Init_thread(mpi.THREAD_MULTIPLE);
 * ```
 */
export function Init_thread(required: number = C.THREAD_MULTIPLE): number {
  if (state.finalized) {
    throw mpiError(
      C.ERR_OTHER,
      "MPI_Init_thread",
      "MPI cannot be initialized again after Finalize()",
    );
  }
  if (state.initialized) {
    throw mpiError(
      C.ERR_OTHER,
      "MPI_Init_thread",
      "MPI is already initialized",
    );
  }
  check(
    lib.MPI_Init_thread(null, null, int(required, "required"), intOut),
    "MPI_Init_thread",
  );
  state.initialized = true;
  state.active = true;
  state.ownsInit = true;
  const provided = intOut[0];
  setErrhandlers();
  return provided;
}

const ERRHANDLERS = {
  exception: H.ERRORS_RETURN,
  fatal: H.ERRORS_ARE_FATAL,
  abort: H.ERRORS_ARE_FATAL,
} as const;

/** Sets the error handler of the predefined communicators per `rc.errors`. */
function setErrhandlers(): void {
  const eh = ERRHANDLERS[rc.errors]!;
  check(
    lib.MPI_Comm_set_errhandler(H.COMM_WORLD!, eh),
    "MPI_Comm_set_errhandler",
  );
  check(
    lib.MPI_Comm_set_errhandler(H.COMM_SELF!, eh),
    "MPI_Comm_set_errhandler",
  );
  // Files opened later take MPI_FILE_NULL's handler, ERRORS_RETURN by MPI's
  // default; only the other modes change it (MPICH's FILE_NULL is address 0).
  if (rc.errors === "exception") return;
  const fileNull = H.FILE_NULL === 0 ? null : H.FILE_NULL as Pointer;
  check(
    lib.MPI_File_set_errhandler(fileNull, eh),
    "MPI_File_set_errhandler",
  );
}

/** Initializes MPI with `THREAD_MULTIPLE` (`MPI_Init`). */
export function Init(): void {
  Init_thread(C.THREAD_MULTIPLE);
}

const finalizers: (() => void)[] = [];

/** Registers cleanup to run just before `MPI_Finalize` (freeing cached objects). */
export function beforeFinalize(fn: () => void): void {
  finalizers.push(fn);
}

/** Finalizes MPI (`MPI_Finalize`). Nothing MPI may be called afterwards. */
export function Finalize(): void {
  ensureActive("MPI_Finalize");
  if (!state.initialized) {
    // Only sessions made MPI usable: there is no world model to finalize.
    throw mpiError(
      C.ERR_OTHER,
      "MPI_Finalize",
      "MPI is not initialized (only sessions are open); Finalize the sessions instead",
    );
  }
  for (const fn of finalizers.splice(0)) fn();
  state.finalized = true;
  updateActive();
  check(lib.MPI_Finalize(), "MPI_Finalize");
}

/** The thread level MPI provides (`MPI_Query_thread`). */
export function Query_thread(): number {
  ensureActive("MPI_Query_thread");
  check(lib.MPI_Query_thread(intOut), "MPI_Query_thread");
  return intOut[0];
}

/** Whether this is the thread that initialized MPI (`MPI_Is_thread_main`). */
export function Is_thread_main(): boolean {
  ensureActive("MPI_Is_thread_main");
  return flag(lib.MPI_Is_thread_main, "MPI_Is_thread_main");
}

/** Wall-clock time in seconds (`MPI_Wtime`). */
export function Wtime(): number {
  return lib.MPI_Wtime();
}

/** Resolution of `Wtime` in seconds (`MPI_Wtick`). */
export function Wtick(): number {
  return lib.MPI_Wtick();
}

/** The name of this processor (host) (`MPI_Get_processor_name`). */
export function Get_processor_name(): string {
  const buf = new Uint8Array(C.MAX_PROCESSOR_NAME + 1);
  check(lib.MPI_Get_processor_name(buf, intOut), "MPI_Get_processor_name");
  return fromCString(buf, intOut[0]);
}

/** The MPI standard version the library implements, `[major, minor]`. */
export function Get_version(): [number, number] {
  const minor = new Int32Array(1);
  check(lib.MPI_Get_version(intOut, minor), "MPI_Get_version");
  return [intOut[0], minor[0]];
}

/** The library's version string (`MPI_Get_library_version`). */
export function Get_library_version(): string {
  const buf = new Uint8Array(C.MAX_LIBRARY_VERSION_STRING + 1);
  check(lib.MPI_Get_library_version(buf, intOut), "MPI_Get_library_version");
  return fromCString(buf, intOut[0]).trim();
}

/** Aborts every process of the job with `errorcode` (`MPI_Abort` on `COMM_WORLD`). */
export function Abort(errorcode = 0): never {
  lib.MPI_Abort(H.COMM_WORLD!, int(errorcode, "errorcode"));
  backend.exit(errorcode || 1);
}

let attached: ArrayBufferView | ArrayBuffer | null = null;

/**
 * Gives MPI `buf` for buffered sends (`MPI_Buffer_attach`); size it with
 * `BSEND_OVERHEAD` per pending message.
 */
export function Attach_buffer(buf: ArrayBufferView | ArrayBuffer): void {
  const bytes = ArrayBuffer.isView(buf)
    ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
    : new Uint8Array(buf);
  check(lib.MPI_Buffer_attach(bytes, bytes.byteLength), "MPI_Buffer_attach");
  attached = buf;
}

/** Takes back the buffer given to `Attach_buffer`, after pending buffered sends complete. */
export function Detach_buffer(): ArrayBufferView | ArrayBuffer | null {
  const addr = new BigUint64Array(1);
  check(lib.MPI_Buffer_detach(addr, intOut), "MPI_Buffer_detach");
  const buf = attached;
  attached = null;
  return buf;
}
