/**
 * What a window knows about itself, read once when it is made: its flavor,
 * group size and rank, the size and displacement unit of its own memory
 * (and, for shared windows, of every peer's), the user memory it keeps
 * alive, and the views of MPI memory it must detach when it is freed.
 * The functions behind `Win`'s methods take this record, so a call needs no
 * look-up and no MPI query to check its arguments.
 *
 * @module
 */
import { backend, C, type Handle, lib, readHandle } from "../ffi/lib.ts";
import type { Buffer } from "../core/buffer.ts";
import { check } from "../core/errors.ts";

/** The window-side facts of one live window. */
export interface WinFacts {
  /** The checked C handle of the window (throws once freed). */
  readonly handle: () => Handle;
  /** `WIN_FLAVOR_*` of the window. */
  readonly flavor: number;
  /** Number of processes in the window's group. */
  readonly groupSize: number;
  /** This process's rank in the window's group. */
  readonly groupRank: number;
  /** Bytes of each rank's memory where known (own rank; every rank of a shared window), else -1. */
  readonly sizes: Float64Array;
  /** Displacement unit of each rank where known, else 0. */
  readonly units: Int32Array;
  /** Address of this rank's memory (0 for none or dynamic). */
  readonly base: bigint;
  /** User memory the window exposes (`Create`) or has attached (`Attach`), kept alive until `Free`. */
  readonly kept: Set<Buffer>;
  /** Buffers over MPI memory handed out (`tomemory`, `Shared_query`), by address. */
  readonly views: Map<bigint, ArrayBuffer>;
  /**
   * Memory of operations not yet completed by a synchronization call, by
   * target rank (kept alive until then): the first `held[rank]` items of
   * `pending[rank]`. Completion empties the slots and keeps the array, so
   * a loop of operations and flushes allocates nothing.
   */
  readonly pending: unknown[][];
  /** Number of items held in each rank's `pending` list. */
  readonly held: Int32Array;
}

const intOut = new Int32Array(1);
const groupOut = new Uint8Array(8);
const valueOut = new Uint8Array(8);

/** The integer value of predefined window attribute `keyval` (a pointer to it). */
function intAttr(win: Handle, keyval: number): number {
  check(
    lib.MPI_Win_get_attr(win, keyval, valueOut, intOut),
    "MPI_Win_get_attr",
  );
  if (intOut[0] === 0) return 0;
  const at = new DataView(valueOut.buffer).getBigUint64(0, true);
  return new Int32Array(backend.view(backend.pointer(at), 4))[0];
}

/** Reads the group facts and flavor of a new window. */
export function readFacts(
  win: Handle,
  handle: () => Handle,
  base: bigint,
  ownSize: number,
  ownUnit: number,
  kept: Buffer | null,
): WinFacts {
  check(lib.MPI_Win_get_group(win, groupOut), "MPI_Win_get_group");
  const group = readHandle(groupOut);
  check(lib.MPI_Group_size(group, intOut), "MPI_Group_size");
  const groupSize = intOut[0];
  check(lib.MPI_Group_rank(group, intOut), "MPI_Group_rank");
  const groupRank = intOut[0];
  check(lib.MPI_Group_free(groupOut), "MPI_Group_free");
  const flavor = intAttr(win, C.WIN_CREATE_FLAVOR);
  const sizes = new Float64Array(groupSize).fill(-1);
  const units = new Int32Array(groupSize);
  if (flavor !== C.WIN_FLAVOR_DYNAMIC) {
    sizes[groupRank] = ownSize;
    units[groupRank] = ownUnit;
  }
  return {
    handle,
    flavor,
    groupSize,
    groupRank,
    sizes,
    units,
    base,
    kept: new Set(kept ? [kept] : []),
    views: new Map(),
    pending: Array.from({ length: groupSize }, () => []),
    held: new Int32Array(groupSize),
  };
}

/** Facts of `WIN_NULL` or a window not made yet: every use goes through `handle`, which throws. */
export function nullFacts(handle: () => Handle): WinFacts {
  return {
    handle,
    flavor: 0,
    groupSize: 0,
    groupRank: 0,
    sizes: new Float64Array(0),
    units: new Int32Array(0),
    base: 0n,
    kept: new Set(),
    views: new Map(),
    pending: [],
    held: new Int32Array(0),
  };
}
