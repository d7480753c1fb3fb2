/**
 * Connecting independent jobs: ports (`MPI_Open_port`, `MPI_Close_port`),
 * the name service (`MPI_Publish_name`, `MPI_Unpublish_name`,
 * `MPI_Lookup_name`), `MPI_Comm_accept` / `MPI_Comm_connect` over a port,
 * and `MPI_Comm_join` over a connected socket. Calls that make a
 * communicator return its handle; `comm/comm.ts` wraps it.
 *
 * @module
 */
import {
  abi,
  C,
  cString,
  fromCString,
  H,
  type Handle,
  lib,
  readHandle,
} from "../ffi/lib.ts";
import { describe, int, mpiError } from "../core/errors.ts";
import { isConnectedSocket, whileBlocking } from "../ffi/socket.ts";
import { type Info, INFO_NULL, infoHandle } from "../core/info.ts";
import { rootRank } from "../core/checks.ts";
import type { Comm } from "../comm/comm.ts";
import { agree } from "./agree.ts";
import { processError } from "./failure.ts";
import { returnErrors } from "./spawn.ts";
import { rc } from "../rc.ts";

function text(value: unknown, name: string): Uint8Array {
  if (typeof value === "string" && value !== "") return cString(value);
  throw new TypeError(
    `${name} must be a non-empty string, got ${describe(value)}`,
  );
}

/**
 * A port name for `Accept`/`Connect`, at the root. Open MPI's port names
 * are `<job>.<rank>:<tag>`; given anything else its 4.1 fails at the root
 * only and leaves the other ranks waiting, so such a name is refused first.
 */
function portArg(value: unknown, call: string): Uint8Array {
  const bytes = text(value, "port");
  if (abi.name === "openmpi" && !/^\d+\.\d+:\d+$/.test(value as string)) {
    throw mpiError(
      C.ERR_PORT,
      call,
      `port '${value}' is not an Open MPI port name (from Open_port or Lookup_name)`,
    );
  }
  return bytes;
}

function call(status: number, name: string): void {
  if (status !== 0) throw processError(status, name);
}

/**
 * Opens a port that other jobs can `Connect` to (`MPI_Open_port`) and
 * returns its name; `Accept` on it waits for them. Close it with
 * `Close_port` when done. Where the library cannot open ports (MPICH built
 * with the ch4:ucx device), throws an `MPIError` that says so.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * try {
 *   const port = mpi.Open_port();
 *   console.log("connect to", port);
 *   mpi.Close_port(port);
 * } catch (e) {
 *   console.log((e as Error).message);
 * }
 * ```
 */
export function Open_port(info: Info = INFO_NULL): string {
  const port = new Uint8Array(C.MAX_PORT_NAME + 1);
  call(lib.MPI_Open_port(infoHandle(info), port), "MPI_Open_port");
  return fromCString(port);
}

/**
 * Closes a port opened with `Open_port` (`MPI_Close_port`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const close = (port: string) => mpi.Close_port(port);
 * console.log(typeof close);
 * ```
 */
export function Close_port(port: string): void {
  call(lib.MPI_Close_port(text(port, "port")), "MPI_Close_port");
}

/**
 * Publishes `port` under the name `service` (`MPI_Publish_name`), so that
 * other jobs find it with `Lookup_name`. Open MPI's name service spans
 * jobs only when they share an `ompi-server` (`mpiexec --ompi-server
 * file:uri`); without one a name is seen by its own job only.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const publish = (port: string) => mpi.Publish_name("my-service", port);
 * console.log(typeof publish);
 * ```
 */
export function Publish_name(
  service: string,
  port: string,
  info: Info = INFO_NULL,
): void {
  const s = text(service, "service");
  const p = text(port, "port");
  call(lib.MPI_Publish_name(s, infoHandle(info), p), "MPI_Publish_name");
}

/**
 * Withdraws a name published with `Publish_name` (`MPI_Unpublish_name`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const withdraw = (port: string) => mpi.Unpublish_name("my-service", port);
 * console.log(typeof withdraw);
 * ```
 */
export function Unpublish_name(
  service: string,
  port: string,
  info: Info = INFO_NULL,
): void {
  const s = text(service, "service");
  const p = text(port, "port");
  call(lib.MPI_Unpublish_name(s, infoHandle(info), p), "MPI_Unpublish_name");
}

/**
 * The port published under the name `service` (`MPI_Lookup_name`); an
 * unknown name throws an `MPIError` of class `ERR_NAME`.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * try {
 *   console.log(mpi.Lookup_name("my-service"));
 * } catch (e) {
 *   console.log("not published:", (e as Error).message);
 * }
 * ```
 */
export function Lookup_name(service: string, info: Info = INFO_NULL): string {
  const s = text(service, "service");
  const port = new Uint8Array(C.MAX_PORT_NAME + 1);
  call(lib.MPI_Lookup_name(s, infoHandle(info), port), "MPI_Lookup_name");
  return fromCString(port);
}

function meet(
  which: "MPI_Comm_accept" | "MPI_Comm_connect",
  comm: Comm,
  port: unknown,
  info: unknown,
  root: number,
): Handle {
  const r = rootRank(comm, root, which);
  let name: Uint8Array | null = null;
  let hints = H.INFO_NULL!;
  agree(comm, r, which, () => {
    name = portArg(port, which);
    hints = infoHandle(info);
    return 0;
  }, () => {});
  const out = new Uint8Array(8);
  call(lib[which](name, hints, r, comm.handle, out), which);
  return readHandle(out);
}

/**
 * `MPI_Comm_accept` over the intracommunicator `comm`: waits for a
 * `connect` to `port` (significant at `root` only, as is `info`).
 */
export function accept(
  comm: Comm,
  port: unknown,
  info: unknown,
  root: number,
): Handle {
  return meet("MPI_Comm_accept", comm, port, info, root);
}

/** `MPI_Comm_connect` over the intracommunicator `comm` to `port`. */
export function connect(
  comm: Comm,
  port: unknown,
  info: unknown,
  root: number,
): Handle {
  return meet("MPI_Comm_connect", comm, port, info, root);
}

/**
 * `MPI_Comm_join`: an intercommunicator with the process at the other end
 * of the connected socket `fd` (made blocking for the call, as MPI reads it
 * with blocking calls), its errors made to return per the `errors`
 * setting. A descriptor that is not a connected socket is refused before
 * MPI waits on it.
 */
export function join(fd: unknown): Handle {
  const n = int(fd, "fd");
  if (n < 0) throw new RangeError(`fd must be a file descriptor, got ${n}`);
  if (!isConnectedSocket(n)) {
    throw mpiError(
      C.ERR_ARG,
      "MPI_Comm_join",
      `fd ${n} is not a connected socket`,
    );
  }
  const out = new Uint8Array(8);
  whileBlocking(n, () => call(lib.MPI_Comm_join(n, out), "MPI_Comm_join"));
  const h = readHandle(out);
  if (rc.errors === "exception") returnErrors(h);
  return h;
}
