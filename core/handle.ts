/**
 * The lifecycle every MPI object shares: a private C handle, a check that it
 * is still usable, `Free()` that is a no-op on predefined handles, and a
 * `FinalizationRegistry` backstop for objects users forget to free.
 *
 * The backstop frees local objects only (datatypes, groups, Info, ops).
 * Freeing a communicator (window, file) is collective, and the garbage
 * collector runs at different times on different ranks: freeing one from
 * the collector could deadlock or corrupt the job. Such objects are counted
 * instead, reported at `Finalize` (at once with `MPI4TS_DEBUG=1`), and left
 * for `MPI_Finalize` to reclaim.
 *
 * @module
 */
import type { Handle } from "../ffi/lib.ts";
import { mpiError } from "./errors.ts";
import { state } from "./state.ts";
import { backend, H, lib } from "../ffi/lib.ts";
import { rc } from "../rc.ts";

/** Frees a C handle; called with the handle that was live. */
export type Releaser = (handle: Handle) => void;

const backstop = new FinalizationRegistry<
  { handle: Handle; release: Releaser }
>(({ handle, release }) => {
  if (!state.active) return;
  try {
    release(handle);
  } catch {
    // A handle MPI already invalidated; nothing left to free.
  }
});

const unfreed = new Map<string, number>();

const orphans = new FinalizationRegistry<string>((what) => {
  if (!state.active) return;
  unfreed.set(what, (unfreed.get(what) ?? 0) + 1);
  if (rc.debug) {
    const rank = new Int32Array(1);
    lib.MPI_Comm_rank(H.COMM_WORLD!, rank);
    backend.writeError(
      `[rank ${
        rank[0]
      }] mpi4ts: a ${what} was garbage-collected without Free(); it stays ` +
        "allocated until Finalize (freeing it is collective, so the collector never does)\n",
    );
  }
});

/**
 * Objects with a collective free (communicators, windows, files) that the
 * garbage collector reclaimed without `Free()`, by class name.
 *
 * @example
 * ```ts
 * console.log(collectedWithoutFree()); // e.g. Map { "Intracomm" => 2 }
 * ```
 */
export function collectedWithoutFree(): ReadonlyMap<string, number> {
  return unfreed;
}

/** The `Finalize` report of `collectedWithoutFree()`, or `undefined` if none. */
export function unfreedReport(): string | undefined {
  if (unfreed.size === 0) return undefined;
  const list = [...unfreed].map(([what, n]) => `${n} ${what}`).join(", ");
  return `mpi4ts: garbage-collected without Free(): ${list}; call Free() ` +
    "(or declare with `using`) on every rank: the collector cannot free them, " +
    "as freeing is collective";
}

/**
 * Base class of `Comm`, `Group`, `Datatype`, `Op`, `Info`, ...: owns one C
 * handle.
 *
 * @ignore
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using sub = mpi.COMM_WORLD.Split(mpi.COMM_WORLD.rank % 2);
 * sub.Barrier(); // freed at the end of the scope
 * ```
 */
export abstract class HandleObject {
  #handle: Handle | null;
  readonly #predefined: boolean;
  #release: Releaser | undefined;

  /** Error class used when a freed or null object is used. */
  protected abstract get nullErrorClass(): number;

  /**
   * Takes ownership of a C handle.
   *
   * @param handle the C handle (`null` for a null object)
   * @param release how to free it, `undefined` for predefined handles
   * @param collective whether freeing is collective (communicators,
   *   windows, files): then the garbage collector never frees it, it only
   *   counts it (`collectedWithoutFree()`)
   */
  constructor(handle: Handle | null, release?: Releaser, collective = false) {
    this.#handle = handle;
    this.#predefined = release === undefined;
    this.#release = release;
    if (release && handle !== null) {
      if (collective) orphans.register(this, this.constructor.name, this);
      else backstop.register(this, { handle, release }, this);
    }
  }

  /**
   * The C handle, checked: throws if this object was freed, is a null
   * object, or MPI is not active.
   */
  get handle(): Handle {
    const h = this.#handle;
    if (h !== null && state.active) return h;
    throw this.#unusable();
  }

  /** Whether this object is predefined by MPI (and so is never freed). */
  get isPredefined(): boolean {
    return this.#predefined;
  }

  /** Whether this object still refers to a live MPI object. */
  get isLive(): boolean {
    return this.#handle !== null;
  }

  /** The raw handle without checks (`null` once freed). */
  protected get rawHandle(): Handle | null {
    return this.#handle;
  }

  /**
   * Frees the MPI object. A no-op on predefined objects and on objects
   * already freed.
   */
  Free(): void {
    const h = this.#handle;
    const release = this.#release;
    if (h === null || release === undefined) return;
    if (!state.active) throw this.#unusable();
    release(h);
    this.#handle = null;
    this.#release = undefined;
    backstop.unregister(this);
    orphans.unregister(this);
  }

  /** Same as `Free()`, for `using` declarations. */
  [Symbol.dispose](): void {
    if (state.active) this.Free();
  }

  /** Forget the handle without freeing it (MPI freed it, e.g. a completed request). */
  protected invalidate(): void {
    this.#handle = null;
    this.#release = undefined;
    backstop.unregister(this);
    orphans.unregister(this);
  }

  #unusable(): Error {
    const what = this.constructor.name;
    if (!state.active) {
      return mpiError(
        this.nullErrorClass,
        what,
        state.finalized
          ? `${what} used after Finalize()`
          : `${what} used before Init()`,
      );
    }
    return mpiError(
      this.nullErrorClass,
      what,
      `${what} is null or was freed`,
    );
  }
}
