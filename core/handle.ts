/**
 * The lifecycle every MPI object shares: a private C handle, a check that it
 * is still usable, `Free()` that is a no-op on predefined handles, and a
 * `FinalizationRegistry` backstop for objects users forget to free.
 *
 * @module
 */
import type { Handle } from "../ffi/lib.ts";
import { mpiError } from "./errors.ts";
import { state } from "./state.ts";

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
   */
  constructor(handle: Handle | null, release?: Releaser) {
    this.#handle = handle;
    this.#predefined = release === undefined;
    this.#release = release;
    if (release && handle !== null) {
      backstop.register(this, { handle, release }, this);
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
