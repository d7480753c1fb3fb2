/**
 * Argument checks shared by the `File` calls: offsets (a `number` or a
 * `bigint`), file paths (a string or a `file:` URL), `MPI_Offset` results,
 * and the file handle itself (a clear error once the file is closed).
 *
 * @module
 */
import { backend, C, cString, type Pointer } from "../ffi/lib.ts";
import { describe, mpiError } from "../core/errors.ts";
import type { HandleObject } from "../core/handle.ts";

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** The last offset `number` converted, and its `bigint` (see `offsetArg`). */
let lastNumber = 0;
let lastBigint = 0n;

/**
 * An `MPI_Offset` argument: a safe-integer `number` or a `bigint` in the
 * 64-bit range; negative only where `signed` (relative seeks). Returned as
 * a `bigint`: Deno's FFI takes a 64-bit argument on its fast path only as
 * one (a number cost a 4 KiB `Write_at` 0.8 µs more, measured). A loop
 * at one offset reuses the last conversion: `BigInt()` allocates.
 *
 * @example
 * ```ts
 * const offset = offsetArg(4096, "offset", true); // 4096n, checked
 * ```
 */
export function offsetArg(
  value: unknown,
  name: string,
  signed = false,
): bigint {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) {
      throw new RangeError(
        `${name} must be an integer (a bigint beyond 2^53), got ${value}`,
      );
    }
    if (!signed && value < 0) {
      throw new RangeError(`${name} must not be negative, got ${value}`);
    }
    if (value !== lastNumber) {
      lastBigint = BigInt(value);
      lastNumber = value;
    }
    return lastBigint;
  }
  if (typeof value === "bigint") {
    if (value < (signed ? I64_MIN : 0n) || value > I64_MAX) {
      throw new RangeError(
        `${name} must be ${
          signed ? "a 64-bit" : "a non-negative 64-bit"
        } integer, got ${value}`,
      );
    }
    return value;
  }
  throw new TypeError(
    `${name} must be a number or a bigint, got ${describe(value)}`,
  );
}

/** An `MPI_Offset` result as a `number` (exact below 2^53 bytes). */
export function offsetResult(cell: BigInt64Array): number {
  return Number(cell[0]);
}

/**
 * A file path for C: a string or a `file:` URL, as a NUL-terminated UTF-8
 * string.
 *
 * @example
 * ```ts
 * const cPath = pathArg(new URL("file:///tmp/data.bin")); // "/tmp/data.bin\0"
 * ```
 */
export function pathArg(path: unknown, name = "path"): Uint8Array {
  let text: string;
  if (typeof path === "string") text = path;
  else if (path instanceof URL) {
    if (path.protocol !== "file:") {
      throw new TypeError(`${name} must be a file: URL, got ${path.href}`);
    }
    text = decodeURIComponent(path.pathname);
  } else {
    throw new TypeError(
      `${name} must be a string or a file URL, got ${describe(path)}`,
    );
  }
  if (text.length === 0) throw new TypeError(`${name} must not be empty`);
  if (text.includes("\0")) {
    throw new TypeError(`${name} must not contain a NUL character`);
  }
  return cString(text);
}

/** A file object as this module sees it: a handle owner. */
export type FileLike = HandleObject;

/**
 * The live `MPI_File` of `file`, or an `MPIError` (`ERR_FILE`) naming
 * `call` when the file was closed or is `FILE_NULL`.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const mode = mpi.MODE_RDWR | mpi.MODE_CREATE | mpi.MODE_DELETE_ON_CLOSE;
 * using file = mpi.File.Open(mpi.COMM_SELF, "/tmp/example.bin", mode);
 * const h = fileHandle(file, "MPI_File_sync"); // throws ERR_FILE once closed
 * ```
 */
export function fileHandle(file: FileLike, call: string): Pointer {
  if (!file.isLive) {
    throw mpiError(
      C.ERR_FILE,
      call,
      "the file is closed (or FILE_NULL); open it with File.Open",
    );
  }
  return file.handle as Pointer;
}

/** Reads the `MPI_File` an out-parameter cell holds (8 bytes in both ABIs). */
export function readFile(cell: BigUint64Array): Pointer {
  return cell[0] === 0n ? null : backend.pointer(cell[0]);
}
