/**
 * A window's memory as JavaScript sees it: `tomemory()` and
 * `Shared_query(rank)` views (plain memory, no MPI call per access),
 * `Attach`/`Detach` of user memory on dynamic windows, and detaching every
 * view over MPI memory when the window is freed, so no access can reach
 * freed memory.
 *
 * @module
 */
import { backend, C, lib } from "../ffi/lib.ts";
import { type Buffer, bytesAt, isBuffer } from "../core/buffer.ts";
import { check, describe, int, mpiError } from "../core/errors.ts";
import type { WinFacts } from "./facts.ts";

const sizeOut = new BigInt64Array(1);
const unitOut = new Int32Array(1);
const baseOut = new BigUint64Array(1);

/** A buffer over `size` bytes of MPI memory at `base`, detached at `Free`. */
function viewOf(f: WinFacts, base: bigint, size: number): ArrayBuffer {
  if (size === 0 || base === 0n) return new ArrayBuffer(0);
  let ab = f.views.get(base);
  if (ab === undefined || ab.byteLength !== size) {
    ab = backend.view(backend.pointer(base), size);
    f.views.set(base, ab);
  }
  return ab;
}

/**
 * This rank's window memory as bytes: the user's own memory for `Create`,
 * MPI's for `Allocate`/`Allocate_shared`, empty for dynamic windows.
 */
export function tomemory(f: WinFacts): Uint8Array {
  f.handle();
  const kept = f.kept.values().next().value;
  if (f.flavor === C.WIN_FLAVOR_CREATE) {
    return kept ? bytesAt(kept, 0, kept.byteLength) : new Uint8Array(0);
  }
  if (f.flavor === C.WIN_FLAVOR_DYNAMIC) return new Uint8Array(0);
  return new Uint8Array(viewOf(f, f.base, f.sizes[f.groupRank]));
}

/** `[bytes, dispUnit]` of `rank`'s segment of a shared window (`MPI_Win_shared_query`). */
export function sharedQuery(
  f: WinFacts,
  rank: unknown,
): [Uint8Array, number] {
  const win = f.handle();
  const r = int(rank, "rank");
  if (r !== C.PROC_NULL && (r < 0 || r >= f.groupSize)) {
    throw mpiError(
      C.ERR_RANK,
      "MPI_Win_shared_query",
      `rank ${r} is not in the window's group (size ${f.groupSize})`,
    );
  }
  check(
    lib.MPI_Win_shared_query(win, r, sizeOut, unitOut, baseOut),
    "MPI_Win_shared_query",
  );
  const size = r === C.PROC_NULL ? Number(sizeOut[0]) : f.sizes[r];
  return [new Uint8Array(viewOf(f, baseOut[0], size)), unitOut[0]];
}

/**
 * Records every peer's segment size (as asked for: MPI may report more)
 * and unit of a shared window, for range checks and views.
 */
export function learnPeers(f: WinFacts, asked: Float64Array): void {
  const win = f.handle();
  for (let r = 0; r < f.groupSize; r++) {
    check(
      lib.MPI_Win_shared_query(win, r, sizeOut, unitOut, baseOut),
      "MPI_Win_shared_query",
    );
    f.sizes[r] = Math.min(Number(sizeOut[0]), asked[r]);
    f.units[r] = unitOut[0];
  }
}

function memoryArg(memory: unknown, call: string): Uint8Array {
  if (isBuffer(memory)) return bytesAt(memory, 0, memory.byteLength);
  throw new TypeError(
    `${call}: memory must be a TypedArray, DataView, ArrayBuffer or SharedArrayBuffer, got ${
      describe(memory)
    }`,
  );
}

/** Attaches user memory to a dynamic window, keeping it alive until `Detach` or `Free`. */
export function attach(f: WinFacts, memory: unknown): void {
  const win = f.handle();
  const bytes = memoryArg(memory, "Attach");
  check(
    lib.MPI_Win_attach(win, bytes, bytes.byteLength),
    "MPI_Win_attach",
  );
  f.kept.add(memory as Buffer);
}

/** Detaches memory attached to a dynamic window. */
export function detach(f: WinFacts, memory: unknown): void {
  const win = f.handle();
  const bytes = memoryArg(memory, "Detach");
  check(lib.MPI_Win_detach(win, bytes), "MPI_Win_detach");
  f.kept.delete(memory as Buffer);
}

/** Detaches every view over MPI memory and lets go of user memory (the window is being freed). */
export function release(f: WinFacts): void {
  for (const ab of f.views.values()) backend.detach(ab);
  f.views.clear();
  f.kept.clear();
}

const addressOut = new BigInt64Array(1);

/**
 * The address of `memory` (`MPI_Get_address`), the target displacement of
 * memory attached to a dynamic window.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * const peer = (comm.rank + 1) % comm.size;
 * const mem = new Float64Array(4);
 * const data = new Float64Array([comm.rank]);
 * using win = mpi.Win.Create_dynamic(mpi.INFO_NULL, comm);
 * win.Attach(mem);
 * const addrs = comm.allgather(mpi.Get_address(mem)) as bigint[];
 * win.Fence();
 * win.Put(data, peer, addrs[peer]);
 * win.Fence();
 * win.Detach(mem);
 * ```
 */
export function Get_address(memory: unknown): bigint {
  const bytes = memoryArg(memory, "Get_address");
  check(lib.MPI_Get_address(bytes, addressOut), "MPI_Get_address");
  return addressOut[0];
}
