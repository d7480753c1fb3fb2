/**
 * Opening, closing and deleting files. `MPI_File_close` is collective, so
 * the garbage collector never closes a file; instead every file still open
 * when the program ends is closed just before `MPI_Finalize`, in the order
 * the files were opened (the same order on every rank, so the collective
 * closes match up and exit neither hangs nor leaks the handles).
 *
 * @module
 */
import { backend, C, type Handle, lib, type Pointer } from "../ffi/lib.ts";
import { check, describe, int } from "../core/errors.ts";
import { beforeFinalize } from "../core/environment.ts";
import { infoHandle } from "../core/info.ts";
import { HandleObject } from "../core/handle.ts";
import { fileHandle, type FileLike, pathArg, readFile } from "./args.ts";

const fileOut = new BigUint64Array(1);

/** Files open in this process, in opening order, with how each forgets its handle. */
const open = new Map<FileLike, () => void>();

/**
 * Registers an open file and how its wrapper drops its handle once closed
 * (called by the `File` constructor).
 */
export function track(file: FileLike, forget: () => void): void {
  open.set(file, forget);
}

beforeFinalize(() => {
  for (const file of [...open.keys()]) {
    try {
      closeFile(file);
    } catch {
      // Exit goes on: MPI_Finalize reclaims what close could not.
    }
  }
});

/** The `MPI_Comm` of a communicator argument. */
function commArg(comm: unknown): Handle {
  if (comm instanceof HandleObject && "Get_rank" in comm) return comm.handle;
  throw new TypeError(
    `comm must be an intracommunicator, got ${describe(comm)}`,
  );
}

/**
 * Opens `path` on every process of `comm` (`MPI_File_open`, collective)
 * and hands the new handle to `wrap`.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const fh = openFile(
 *   mpi.COMM_SELF,
 *   "/tmp/x",
 *   mpi.MODE_RDWR | mpi.MODE_CREATE | mpi.MODE_DELETE_ON_CLOSE,
 *   undefined,
 *   (h) => new mpi.File(h),
 * );
 * fh.Close();
 * ```
 */
export function openFile<F extends FileLike>(
  comm: unknown,
  path: unknown,
  amode: unknown,
  info: unknown,
  wrap: (handle: Pointer) => F,
): F {
  const c = commArg(comm);
  const name = pathArg(path);
  const mode = int(amode, "amode");
  const i = infoHandle(info);
  check(lib.MPI_File_open(c, name, mode, i, fileOut), "MPI_File_open");
  return wrap(readFile(fileOut));
}

/**
 * Closes `file` (`MPI_File_close`, collective) and drops its handle. A
 * file already closed is left as it is.
 */
export function closeFile(file: FileLike): void {
  if (!file.isLive) return;
  const fh = fileHandle(file, "MPI_File_close");
  fileOut[0] = backend.address(fh);
  const forget = open.get(file);
  open.delete(file);
  forget?.();
  check(lib.MPI_File_close(fileOut), "MPI_File_close");
}

/** Deletes the file at `path` (`MPI_File_delete`). */
export function deleteFile(path: unknown, info: unknown): void {
  check(
    lib.MPI_File_delete(pathArg(path), infoHandle(info)),
    "MPI_File_delete",
  );
}

/** `MPI_MODE_RDONLY`, the default access mode of `File.Open`. */
export const DEFAULT_AMODE: number = C.MODE_RDONLY;
