/**
 * A file's state: size, access mode, group, hints, atomicity, sync and
 * error handler.
 *
 * @module
 */
import { lib, readHandle } from "../ffi/lib.ts";
import { check, describe } from "../core/errors.ts";
import { type Group, wrapGroup } from "../core/group.ts";
import { Info } from "../core/info.ts";
import { infoHandle } from "../core/info.ts";
import { Errhandler } from "../core/errhandler.ts";
import { fileHandle, type FileLike, offsetArg, offsetResult } from "./args.ts";

const offsetOut = new BigInt64Array(1);
const intOut = new Int32Array(1);
const handleOut = new Uint8Array(8);

/** Resizes the file to `size` bytes (`MPI_File_set_size`, collective). */
export function setSize(file: FileLike, size: unknown): void {
  const fh = fileHandle(file, "MPI_File_set_size");
  check(
    lib.MPI_File_set_size(fh, offsetArg(size, "size")),
    "MPI_File_set_size",
  );
}

/** Reserves `size` bytes on disk (`MPI_File_preallocate`, collective). */
export function preallocate(file: FileLike, size: unknown): void {
  const fh = fileHandle(file, "MPI_File_preallocate");
  check(
    lib.MPI_File_preallocate(fh, offsetArg(size, "size")),
    "MPI_File_preallocate",
  );
}

/** The file's size in bytes (`MPI_File_get_size`). */
export function getSize(file: FileLike): number {
  const fh = fileHandle(file, "MPI_File_get_size");
  check(lib.MPI_File_get_size(fh, offsetOut), "MPI_File_get_size");
  return offsetResult(offsetOut);
}

/** The access mode the file was opened with (`MPI_File_get_amode`). */
export function getAmode(file: FileLike): number {
  const fh = fileHandle(file, "MPI_File_get_amode");
  check(lib.MPI_File_get_amode(fh, intOut), "MPI_File_get_amode");
  return intOut[0];
}

/** The group of processes that opened the file (`MPI_File_get_group`). */
export function getGroup(file: FileLike): Group {
  const fh = fileHandle(file, "MPI_File_get_group");
  check(lib.MPI_File_get_group(fh, handleOut), "MPI_File_get_group");
  return wrapGroup(readHandle(handleOut));
}

/** Sets hints (`MPI_File_set_info`, collective). */
export function setInfo(file: FileLike, info: unknown): void {
  const fh = fileHandle(file, "MPI_File_set_info");
  check(lib.MPI_File_set_info(fh, infoHandle(info)), "MPI_File_set_info");
}

/** The hints in use (`MPI_File_get_info`): a new `Info` the caller owns. */
export function getInfo(file: FileLike): Info {
  const fh = fileHandle(file, "MPI_File_get_info");
  check(lib.MPI_File_get_info(fh, handleOut), "MPI_File_get_info");
  return new Info(readHandle(handleOut));
}

/** Sets atomic mode (`MPI_File_set_atomicity`, collective). */
export function setAtomicity(file: FileLike, flag: unknown): void {
  if (typeof flag !== "boolean") {
    throw new TypeError(`flag must be a boolean, got ${describe(flag)}`);
  }
  const fh = fileHandle(file, "MPI_File_set_atomicity");
  check(
    lib.MPI_File_set_atomicity(fh, flag ? 1 : 0),
    "MPI_File_set_atomicity",
  );
}

/** Whether atomic mode is on (`MPI_File_get_atomicity`). */
export function getAtomicity(file: FileLike): boolean {
  const fh = fileHandle(file, "MPI_File_get_atomicity");
  check(lib.MPI_File_get_atomicity(fh, intOut), "MPI_File_get_atomicity");
  return intOut[0] !== 0;
}

/** Flushes written data to the storage device (`MPI_File_sync`, collective). */
export function sync(file: FileLike): void {
  check(lib.MPI_File_sync(fileHandle(file, "MPI_File_sync")), "MPI_File_sync");
}

/** Sets the file's error handler (`MPI_File_set_errhandler`). */
export function setErrhandler(file: FileLike, errhandler: unknown): void {
  if (!(errhandler instanceof Errhandler)) {
    throw new TypeError(
      `errhandler must be an Errhandler, got ${describe(errhandler)}`,
    );
  }
  const fh = fileHandle(file, "MPI_File_set_errhandler");
  check(
    lib.MPI_File_set_errhandler(fh, errhandler.handle),
    "MPI_File_set_errhandler",
  );
}

/** The file's error handler (`MPI_File_get_errhandler`). */
export function getErrhandler(file: FileLike): Errhandler {
  const fh = fileHandle(file, "MPI_File_get_errhandler");
  check(
    lib.MPI_File_get_errhandler(fh, handleOut),
    "MPI_File_get_errhandler",
  );
  return new Errhandler(readHandle(handleOut), false);
}
