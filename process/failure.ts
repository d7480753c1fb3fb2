/**
 * The `MPIError` of a failed process call, with what the user can do about
 * it: the loaded library may be unable to start processes or open ports at
 * all, or have no free slots for new processes.
 *
 * @module
 */
import { abi } from "../ffi/lib.ts";
import { MPIError } from "../core/errors.ts";
import { Get_library_version } from "../core/environment.ts";

/** Calls that start processes. */
const STARTS = new Set(["MPI_Comm_spawn", "MPI_Comm_spawn_multiple"]);

/** Calls that need the library to connect processes at run time. */
const DYNAMIC = new Set([
  ...STARTS,
  "MPI_Open_port",
  "MPI_Comm_accept",
  "MPI_Comm_connect",
  "MPI_Comm_join",
]);

let device: string | undefined;

/** The MPICH device the library was built with (`ch4:ucx`, `ch3:nemesis`, ...). */
function mpichDevice(): string {
  device ??= /MPICH Device:\s*(\S+)/.exec(Get_library_version())?.[1] ?? "";
  return device;
}

/** What to do about a failure of `call` on the loaded library, or "". */
function hint(call: string): string {
  if (
    abi.name === "mpich" && DYNAMIC.has(call) && mpichDevice() === "ch4:ucx"
  ) {
    return "This MPI library cannot start processes or open ports: MPICH " +
      "built with the ch4:ucx device (as Debian's and Ubuntu's mpich " +
      "packages are) has no dynamic processes. Use Open MPI, or an MPICH " +
      "built with the ch3 or ch4:ofi device.";
  }
  if (abi.name === "openmpi" && STARTS.has(call)) {
    return "If Open MPI reported that not enough slots are available: the " +
      "Info's map_by places no more processes than there are slots; add " +
      '":OVERSUBSCRIBE" to it, or leave map_by out (mpi4ts then allows ' +
      "oversubscription). When the root's start fails, Open MPI 4.1 leaves " +
      "the other ranks waiting in the call.";
  }
  return "";
}

/**
 * The `MPIError` of `status` returned by `call`: MPI's own text, followed by
 * what to do about it where the cause is known. Its `errorClass` is the
 * class of `status`.
 */
export function processError(status: number, call: string): MPIError {
  const plain = new MPIError(status, call);
  const extra = hint(call);
  if (!extra) return plain;
  const error = new MPIError(status, call, `${plain.errorString}. ${extra}`);
  Object.defineProperty(error, "errorClass", { value: plain.errorClass });
  return error;
}
