/**
 * Making windows: `MPI_Win_create` over user memory, `MPI_Win_allocate` and
 * `MPI_Win_allocate_shared` over memory MPI allocates, and
 * `MPI_Win_create_dynamic`. Each returns what the `Win` constructor needs;
 * every new window gets the error handler of the predefined communicators,
 * so its errors are exceptions (MPI's default for windows is fatal).
 *
 * @module
 */
import { rc } from "../rc.ts";
import {
  backend,
  C,
  H,
  type Handle,
  lib,
  readHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { BOTTOM, type Buffer, bytesAt, isBuffer } from "../core/buffer.ts";
import { check, count, describe } from "../core/errors.ts";
import { aint } from "../core/datatype_args.ts";
import { HandleObject } from "../core/handle.ts";
import { infoHandle } from "../core/info.ts";

/** What creation hands to the `Win` constructor. */
export interface Created {
  /** The new window. */
  readonly handle: Handle;
  /** Address of this rank's memory (0 for none). */
  readonly base: bigint;
  /** Bytes of this rank's memory. */
  readonly size: number;
  /** This rank's displacement unit. */
  readonly dispUnit: number;
  /** User memory to keep alive until `Free` (`Create`). */
  readonly memory: Buffer | null;
  /** Every rank's requested size (shared windows), by rank in `comm`. */
  readonly sizes?: Float64Array;
}

const winOut = new Uint8Array(8);
const baseOut = new Uint8Array(8);

/** The C handle of a communicator argument, naming `comm` in errors. */
function commHandle(comm: unknown): Handle {
  if (comm instanceof HandleObject && "Get_rank" in comm) return comm.handle;
  throw new TypeError(`comm must be a communicator, got ${describe(comm)}`);
}

function dispUnitArg(value: unknown): number {
  const unit = count(value, "dispUnit");
  if (unit === 0) throw new RangeError("dispUnit must be positive, got 0");
  return unit;
}

function sizeArg(value: unknown): number {
  const size = aint(value, "size");
  if (size < 0) throw new RangeError(`size must not be negative, got ${size}`);
  return size;
}

/** Windows report their errors as the predefined communicators do. */
function returnErrors(win: Handle): Handle {
  if (rc.errors === "exception") {
    check(
      lib.MPI_Win_set_errhandler(win, H.ERRORS_RETURN!),
      "MPI_Win_set_errhandler",
    );
  }
  return win;
}

function baseAddress(): bigint {
  return new DataView(baseOut.buffer).getBigUint64(0, true);
}

/** `MPI_Win_create` over `memory` (a buffer, or `null`/`BOTTOM` for none). */
export function create(
  memory: unknown,
  dispUnit: unknown,
  info: unknown,
  comm: unknown,
): Created {
  const unit = dispUnitArg(dispUnit);
  const infoH = infoHandle(info);
  const commH = commHandle(comm);
  let bytes: Uint8Array | null = null;
  if (memory !== null && memory !== undefined && memory !== BOTTOM) {
    if (!isBuffer(memory)) {
      throw new TypeError(
        `memory must be a TypedArray, DataView, ArrayBuffer, SharedArrayBuffer, null or BOTTOM, got ${
          describe(memory)
        }`,
      );
    }
    bytes = bytesAt(memory, 0, memory.byteLength);
  }
  const size = bytes?.byteLength ?? 0;
  check(
    lib.MPI_Win_create(
      size > 0 ? bytes : null,
      size,
      unit,
      infoH,
      commH,
      winOut,
    ),
    "MPI_Win_create",
  );
  const handle = returnErrors(readHandle(winOut));
  const base = size > 0 ? backend.addressOf(bytes!) : 0n;
  checkPlacement(handle, commH, base);
  return {
    handle,
    base,
    size,
    dispUnit: unit,
    memory: bytes === null ? null : memory as Buffer,
  };
}

const flagIn = new Int32Array(1);
const flagAll = new Int32Array(1);
const attrOut = new BigUint64Array(1);

/**
 * Some libraries (MPICH 4.0 over UCX) expose a window over memory that is
 * not 16-byte aligned at the aligned address below it, so a `Put` would
 * write before the user's memory. Every process checks the base MPI
 * reports; if any differs, the window is freed on all of them and creation
 * fails, naming `memory`.
 */
function checkPlacement(win: Handle, comm: Handle, base: bigint): void {
  check(
    lib.MPI_Win_get_attr(win, C.WIN_BASE, attrOut, flagIn),
    "MPI_Win_get_attr",
  );
  flagIn[0] = base !== 0n && attrOut[0] !== base ? 1 : 0;
  check(
    lib.MPI_Allreduce(flagIn, flagAll, 1, H.INT!, H.MAX!, comm),
    "MPI_Allreduce",
  );
  if (flagAll[0] === 0) return;
  freeWindow(win);
  throw new RangeError(
    `memory: this MPI library would expose the window at another address than the memory (${
      flagIn[0] ? `base ${attrOut[0]} for memory at ${base}` : "on another rank"
    }); give it memory aligned to 16 bytes`,
  );
}

/** `MPI_Win_allocate` (`shared`: `MPI_Win_allocate_shared`) of `size` bytes. */
export function allocate(
  size: unknown,
  dispUnit: unknown,
  info: unknown,
  comm: unknown,
  shared: boolean,
): Created {
  const bytes = sizeArg(size);
  const unit = dispUnitArg(dispUnit);
  const infoH = infoHandle(info);
  const commH = commHandle(comm);
  const call = shared ? "MPI_Win_allocate_shared" : "MPI_Win_allocate";
  // MPICH 4.0 over UCX addresses a segment that does not start on a
  // 16-byte boundary at the boundary below it; rounding every size up keeps
  // each segment (they are contiguous) aligned. Views and checks use the
  // size asked for.
  const padded = Math.ceil(bytes / 16) * 16;
  check(
    (shared ? lib.MPI_Win_allocate_shared : lib.MPI_Win_allocate)(
      padded,
      unit,
      infoH,
      commH,
      baseOut,
      winOut,
    ),
    call,
  );
  return {
    handle: returnErrors(readHandle(winOut)),
    base: bytes > 0 ? baseAddress() : 0n,
    size: bytes,
    dispUnit: unit,
    memory: null,
    sizes: shared ? allSizes(bytes, commH) : undefined,
  };
}

/** Every rank's `size` (`MPI_Allgather`). */
function allSizes(size: number, comm: Handle): Float64Array {
  check(lib.MPI_Comm_size(comm, flagIn), "MPI_Comm_size");
  const sizes = new Float64Array(flagIn[0]);
  check(
    lib.MPI_Allgather(
      new Float64Array([size]),
      1,
      H.DOUBLE!,
      sizes,
      1,
      H.DOUBLE!,
      comm,
    ),
    "MPI_Allgather",
  );
  return sizes;
}

/** `MPI_Win_create_dynamic`: a window with no memory until `Attach`. */
export function createDynamic(info: unknown, comm: unknown): Created {
  const infoH = infoHandle(info);
  const commH = commHandle(comm);
  check(
    lib.MPI_Win_create_dynamic(infoH, commH, winOut),
    "MPI_Win_create_dynamic",
  );
  return {
    handle: returnErrors(readHandle(winOut)),
    base: 0n,
    size: 0,
    dispUnit: 1,
    memory: null,
  };
}

/** Frees a window (`MPI_Win_free`); collective. */
export function freeWindow(handle: Handle): void {
  const cell = new Uint8Array(8);
  writeHandle(cell, 0, handle);
  check(lib.MPI_Win_free(cell), "MPI_Win_free");
}
