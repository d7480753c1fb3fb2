/**
 * `Session`: the MPI-4 Sessions model. A session gives access to process
 * sets (`mpi://WORLD`, `mpi://SELF`, ...), their groups, and communicators
 * made from those groups, without `MPI_Init`; it works next to the world
 * model too. Needs an MPI-4 library (MPICH 4); elsewhere every call throws
 * an `MPIError` naming the missing C function.
 *
 * @module
 */
import {
  C,
  cString,
  fromCString,
  H,
  type Handle,
  lib,
  readHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { check, describe, int, mpiError, requireCall } from "./errors.ts";
import {
  afterCallErrhandler,
  createErrhandler,
  Errhandler,
  type ErrhandlerFunction,
} from "./errhandler.ts";
import { type Group, wrapGroup } from "./group.ts";
import { HandleObject } from "./handle.ts";
import { Info, INFO_NULL, infoHandle } from "./info.ts";
import { state, updateActive } from "./state.ts";

const WHAT = "MPI-4 sessions";
const handleOut = new Uint8Array(8);
const intOut = new Int32Array(1);

/** The C string of a process set name, checked. */
function psetName(pset: unknown): Uint8Array {
  if (typeof pset !== "string") {
    throw new TypeError(`pset must be a string, got ${describe(pset)}`);
  }
  return cString(pset);
}

/** An error handler argument's handle (`ERRORS_RETURN` by default). */
export function errhandlerHandle(errhandler: unknown): Handle {
  if (errhandler === undefined) return H.ERRORS_RETURN!;
  if (errhandler instanceof Errhandler) return errhandler.handle;
  throw new TypeError(
    `errhandler must be an Errhandler, got ${describe(errhandler)}`,
  );
}

/**
 * An MPI-4 session (`MPI_Session_init`). `Finalize()` (or `using`) ends it;
 * the garbage collector never does, since finalizing may synchronize.
 *
 * @example Make a communicator of all processes without `MPI_Init`
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * if (mpi.Session.isAvailable) {
 *   using session = mpi.Session.Init();
 *   using group = session.Create_group("mpi://WORLD");
 *   using comm = mpi.Intracomm.Create_from_group(group, "org.example.app");
 *   console.log(comm.rank, comm.size);
 * }
 * ```
 */
export class Session extends HandleObject {
  readonly #owned: boolean;

  /**
   * Wraps a session handle; users get sessions from `Session.Init`.
   *
   * @param handle the C handle
   * @param owned whether `Finalize()` ends it (not for the session an error
   *   handler is called with)
   */
  constructor(handle: Handle | null, owned = true) {
    // No releaser: a session ends only by Finalize(), never from the GC.
    super(handle);
    this.#owned = owned;
  }

  /** `ERR_ARG`: the class of errors for a finalized session. */
  protected get nullErrorClass(): number {
    return C.ERR_ARG;
  }

  /** Whether the loaded library has sessions (`MPI_Session_init`). */
  static get isAvailable(): boolean {
    try {
      requireCall("MPI_Session_init", WHAT);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Starts a session (`MPI_Session_init`). Errors on the session and on
   * what is made from it throw `MPIError` by default (`ERRORS_RETURN`);
   * pass another error handler to change that.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * if (mpi.Session.isAvailable) {
   *   using session = mpi.Session.Init();
   *   console.log(session.Get_num_psets());
   * }
   * ```
   */
  static Init(info: Info = INFO_NULL, errhandler?: Errhandler): Session {
    requireCall("MPI_Session_init", WHAT);
    if (state.finalized && state.sessions === 0) {
      // MPI-4 allows sessions after MPI_Finalize; mpi4ts's objects do not.
      throw mpiError(
        C.ERR_OTHER,
        "MPI_Session_init",
        "MPI has been finalized in this process",
      );
    }
    const i = info === INFO_NULL ? H.INFO_NULL! : infoHandle(info);
    errhandlerHandle(errhandler); // checked before the session starts
    // MPICH 4.0 does not call a user handler given to MPI_Session_init, so
    // the session starts with ERRORS_RETURN and gets the handler set.
    check(
      lib.MPI_Session_init(i, H.ERRORS_RETURN!, handleOut),
      "MPI_Session_init",
    );
    state.sessions++;
    updateActive();
    const session = new Session(readHandle(handleOut));
    if (errhandler !== undefined) session.Set_errhandler(errhandler);
    return session;
  }

  /**
   * Ends the session (`MPI_Session_finalize`); a no-op on one already
   * finalized. Objects made from it must be freed first.
   */
  Finalize(): void {
    const h = this.rawHandle;
    if (h === null || !this.#owned) return;
    const cell = new Uint8Array(8);
    writeHandle(cell, 0, h);
    check(lib.MPI_Session_finalize(cell), "MPI_Session_finalize");
    this.invalidate();
    state.sessions--;
    updateActive();
  }

  /** Same as `Finalize()`. */
  override Free(): void {
    this.Finalize();
  }

  /** Same as `Finalize()`, for `using` declarations. */
  override [Symbol.dispose](): void {
    this.Finalize();
  }

  /** The number of process sets (`MPI_Session_get_num_psets`). */
  Get_num_psets(info: Info = INFO_NULL): number {
    check(
      lib.MPI_Session_get_num_psets(this.handle, infoHandle(info), intOut),
      "MPI_Session_get_num_psets",
    );
    return intOut[0];
  }

  /**
   * The name of process set `n` (`MPI_Session_get_nth_pset`), from 0 to
   * `Get_num_psets() - 1`.
   */
  Get_nth_pset(n: number, info: Info = INFO_NULL): string {
    const call = "MPI_Session_get_nth_pset";
    const i = int(n, "n");
    const h = this.handle, ih = infoHandle(info);
    const count = this.Get_num_psets(info);
    if (i < 0 || i >= count) {
      throw new RangeError(`n must be in [0, ${count}), got ${i}`);
    }
    const len = new Int32Array([0]);
    check(lib.MPI_Session_get_nth_pset(h, ih, i, len, null), call);
    const name = new Uint8Array(len[0] + 1);
    len[0] = name.length;
    check(lib.MPI_Session_get_nth_pset(h, ih, i, len, name), call);
    return fromCString(name);
  }

  /** The info of a process set, with its `mpi_size` (`MPI_Session_get_pset_info`). */
  Get_pset_info(pset: string): Info {
    check(
      lib.MPI_Session_get_pset_info(this.handle, psetName(pset), handleOut),
      "MPI_Session_get_pset_info",
    );
    return new Info(readHandle(handleOut));
  }

  /** The hints in use (`MPI_Session_get_info`). */
  Get_info(): Info {
    check(
      lib.MPI_Session_get_info(this.handle, handleOut),
      "MPI_Session_get_info",
    );
    return new Info(readHandle(handleOut));
  }

  /** The group of a process set (`MPI_Group_from_session_pset`). */
  Create_group(pset: string): Group {
    check(
      lib.MPI_Group_from_session_pset(this.handle, psetName(pset), handleOut),
      "MPI_Group_from_session_pset",
    );
    return wrapGroup(readHandle(handleOut));
  }

  /** Sets the error handler (`MPI_Session_set_errhandler`). */
  Set_errhandler(errhandler: Errhandler): void {
    check(
      lib.MPI_Session_set_errhandler(this.handle, errhandler.handle),
      "MPI_Session_set_errhandler",
    );
  }

  /** The current error handler (`MPI_Session_get_errhandler`). */
  Get_errhandler(): Errhandler {
    check(
      lib.MPI_Session_get_errhandler(this.handle, handleOut),
      "MPI_Session_get_errhandler",
    );
    return new Errhandler(readHandle(handleOut), false);
  }

  /**
   * Runs the session's error handler on `errorcode`
   * (`MPI_Session_call_errhandler`); under `ERRORS_RETURN` a nonzero code
   * throws its `MPIError`.
   */
  Call_errhandler(errorcode: number): void {
    const call = "MPI_Session_call_errhandler";
    const code = int(errorcode, "errorcode");
    const h = this.handle;
    check(lib.MPI_Session_get_errhandler(h, handleOut), call);
    const current = readHandle(handleOut);
    const rc = lib.MPI_Session_call_errhandler(h, code);
    afterCallErrhandler(call, rc, code, current);
  }

  /**
   * An error handler calling `fn(session, errorCode)`
   * (`MPI_Session_create_errhandler`).
   */
  static Create_errhandler(fn: ErrhandlerFunction<Session>): Errhandler {
    return createErrhandler(
      "MPI_Session_create_errhandler",
      (h) => new Session(h, false),
      fn,
    );
  }
}
