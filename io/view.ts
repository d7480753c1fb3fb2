/**
 * A file's view (where each process's data lies: displacement, elementary
 * type, file type, data representation) and its file pointers.
 *
 * @module
 */
import {
  C,
  cString,
  fromCString,
  HANDLE_SIZE,
  has,
  lib,
  readHandle,
} from "../ffi/lib.ts";
import { check, describe, int } from "../core/errors.ts";
import { adopt, Datatype, DATATYPES } from "../core/datatype.ts";
import { infoHandle } from "../core/info.ts";
import { fileHandle, type FileLike, offsetArg, offsetResult } from "./args.ts";

const offsetOut = new BigInt64Array(1);
const etypeOut = new Uint8Array(8);
const filetypeOut = new Uint8Array(8);
/** `MPI_MAX_DATAREP_STRING` is 128 in both libraries (plus the NUL). */
const datarepOut = new Uint8Array(129);

function datatypeArg(value: unknown, name: string): Datatype {
  if (value instanceof Datatype) return value;
  throw new TypeError(`${name} must be a Datatype, got ${describe(value)}`);
}

/** A data representation name: `"native"`, `"internal"`, `"external32"`. */
function datarepArg(value: unknown): Uint8Array {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(
      `datarep must be a non-empty string ("native", "internal", "external32"), got ${
        describe(value)
      }`,
    );
  }
  return cString(value);
}

/**
 * Sets the view (`MPI_File_set_view`, collective): this process sees the
 * file from byte `disp` on as a sequence of `etype`s laid out by
 * `filetype`; `disp` may be `DISPLACEMENT_CURRENT` with `MODE_SEQUENTIAL`.
 */
export function setView(
  file: FileLike,
  disp: unknown,
  etype: unknown,
  filetype: unknown,
  datarep: unknown,
  info: unknown,
): void {
  const fh = fileHandle(file, "MPI_File_set_view");
  const d = disp === C.DISPLACEMENT_CURRENT ? disp : offsetArg(disp, "disp");
  const e = datatypeArg(etype ?? DATATYPES.BYTE, "etype");
  const f = datatypeArg(filetype ?? e, "filetype");
  check(
    lib.MPI_File_set_view(
      fh,
      d,
      e.handle,
      f.handle,
      datarepArg(datarep ?? "native"),
      infoHandle(info),
    ),
    "MPI_File_set_view",
  );
}

/**
 * The view (`MPI_File_get_view`): `[disp, etype, filetype, datarep]`.
 * Derived types in it are new objects the caller owns.
 */
export function getView(file: FileLike): [number, Datatype, Datatype, string] {
  const fh = fileHandle(file, "MPI_File_get_view");
  datarepOut.fill(0);
  check(
    lib.MPI_File_get_view(fh, offsetOut, etypeOut, filetypeOut, datarepOut),
    "MPI_File_get_view",
  );
  return [
    offsetResult(offsetOut),
    adopt(readHandle(etypeOut.subarray(0, HANDLE_SIZE))),
    adopt(readHandle(filetypeOut.subarray(0, HANDLE_SIZE))),
    fromCString(datarepOut),
  ];
}

function whenceArg(value: unknown): number {
  const w = int(value, "whence");
  if (w === C.SEEK_SET || w === C.SEEK_CUR || w === C.SEEK_END) return w;
  throw new RangeError(
    `whence must be SEEK_SET, SEEK_CUR or SEEK_END, got ${w}`,
  );
}

/** Moves the individual (`shared` false) or shared file pointer, in etypes. */
export function seek(
  file: FileLike,
  shared: boolean,
  offset: unknown,
  whence: unknown,
): void {
  const call = shared ? "MPI_File_seek_shared" : "MPI_File_seek";
  const fh = fileHandle(file, call);
  const o = offsetArg(offset, "offset", true);
  check(lib[call](fh, o, whenceArg(whence)), call);
}

/** The individual or shared file pointer, in etypes from the view's start. */
export function position(file: FileLike, shared: boolean): number {
  const call = shared
    ? "MPI_File_get_position_shared"
    : "MPI_File_get_position";
  check(lib[call](fileHandle(file, call), offsetOut), call);
  return offsetResult(offsetOut);
}

/** The absolute byte position of view offset `offset` (`MPI_File_get_byte_offset`). */
export function byteOffset(file: FileLike, offset: unknown): number {
  const fh = fileHandle(file, "MPI_File_get_byte_offset");
  check(
    lib.MPI_File_get_byte_offset(fh, offsetArg(offset, "offset"), offsetOut),
    "MPI_File_get_byte_offset",
  );
  return offsetResult(offsetOut);
}

/** Bytes `datatype` spans in the file's data representation. */
export function typeExtent(file: FileLike, datatype: unknown): number {
  const large = has("MPI_File_get_type_extent_c");
  const call = large
    ? "MPI_File_get_type_extent_c"
    : "MPI_File_get_type_extent";
  const fh = fileHandle(file, call);
  const dt = datatypeArg(datatype, "datatype");
  check(lib[call](fh, dt.handle, offsetOut), call);
  return offsetResult(offsetOut);
}
