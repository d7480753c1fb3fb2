/**
 * The communicator core: handle, rank and size, duplication, splitting,
 * groups and the constructors that take them, comparison, names, error
 * handlers and abort. Point-to-point and
 * collective methods are layered on top of this class in their own files
 * (`comm/p2p.ts`, `collectives/`), and `comm/comm.ts` closes the chain.
 *
 * @module
 */
import {
  C,
  fromCString,
  H,
  type Handle,
  lib,
  readHandle,
  sameHandle,
  writeHandle,
} from "../ffi/lib.ts";
import { check, int } from "../core/errors.ts";
import { type Group, groupHandle, wrapGroup } from "../core/group.ts";
import { HandleObject } from "../core/handle.ts";
import {
  copyAttrs,
  type CopyFunction,
  createKeyval,
  deleteAttr,
  deleteAttrs,
  type DeleteFunction,
  freeKeyval,
  getAttr,
  setAttr,
} from "./attributes.ts";
import { type Info, infoHandle } from "../core/info.ts";
import { Request } from "../core/request.ts";

const handleOut = new Uint8Array(8);
const intOut = new Int32Array(1);

/** Builds the right communicator class for a new handle (installed by `comm/comm.ts`). */
export type CommFactory = (handle: Handle | null) => CommCore;

let factory: CommFactory | undefined;

/** Installs the factory that wraps new communicator handles. */
export function setCommFactory(f: CommFactory): void {
  factory = f;
}

/** Wraps a new communicator handle; `COMM_NULL` handles become the null constant. */
export function wrapComm(handle: Handle): CommCore {
  if (sameHandle(handle, H.COMM_NULL)) return factory!(null);
  return factory!(handle);
}

function freeComm(h: Handle): void {
  const cell = new Uint8Array(8);
  writeHandle(cell, 0, h);
  check(lib.MPI_Comm_free(cell), "MPI_Comm_free");
}

/**
 * Communicator basics shared by every communicator class.
 */
export class CommCore extends HandleObject {
  #rank = -1;
  #size = -1;

  /**
   * Wraps a communicator handle. Users get communicators from `COMM_WORLD`,
   * `COMM_SELF` and the constructors (`Dup`, `Split`, ...).
   *
   * @param handle the C handle, `null` for `COMM_NULL`
   * @param predefined whether MPI owns it (`COMM_WORLD`, `COMM_SELF`)
   */
  constructor(handle: Handle | null, predefined = false) {
    super(handle, predefined ? undefined : freeComm, true);
  }

  /** `ERR_COMM`: the class of errors for a freed or null communicator. */
  protected get nullErrorClass(): number {
    return C.ERR_COMM;
  }

  /** This process's rank in the communicator (`MPI_Comm_rank`). */
  get rank(): number {
    if (this.#rank < 0) {
      check(lib.MPI_Comm_rank(this.handle, intOut), "MPI_Comm_rank");
      this.#rank = intOut[0];
    }
    return this.#rank;
  }

  /** Number of processes in the (local group of the) communicator (`MPI_Comm_size`). */
  get size(): number {
    if (this.#size < 0) {
      check(lib.MPI_Comm_size(this.handle, intOut), "MPI_Comm_size");
      this.#size = intOut[0];
    }
    return this.#size;
  }

  /** The topology: `CART`, `GRAPH`, `DIST_GRAPH` or `UNDEFINED` (`MPI_Topo_test`). */
  Get_topology(): number {
    check(lib.MPI_Topo_test(this.handle, intOut), "MPI_Topo_test");
    return intOut[0];
  }

  /** Same as `rank`. */
  Get_rank(): number {
    return this.rank;
  }

  /** Same as `size`. */
  Get_size(): number {
    return this.size;
  }

  /** Whether this is an intercommunicator (`MPI_Comm_test_inter`). */
  Is_inter(): boolean {
    check(lib.MPI_Comm_test_inter(this.handle, intOut), "MPI_Comm_test_inter");
    return intOut[0] !== 0;
  }

  /** Number of ranks a destination or source may name: the remote group's size for intercommunicators. */
  protected get peerCount(): number {
    return this.size;
  }

  /** The communicator's name (`MPI_Comm_get_name` / `MPI_Comm_set_name`). */
  get name(): string {
    const buf = new Uint8Array(C.MAX_OBJECT_NAME + 1);
    check(lib.MPI_Comm_get_name(this.handle, buf, intOut), "MPI_Comm_get_name");
    return fromCString(buf, intOut[0]);
  }
  set name(value: string) {
    this.Set_name(value);
  }

  /** Sets the communicator's name. */
  Set_name(name: string): void {
    if (typeof name !== "string") throw new TypeError("name must be a string");
    check(
      lib.MPI_Comm_set_name(this.handle, new TextEncoder().encode(name + "\0")),
      "MPI_Comm_set_name",
    );
  }

  /** Returns the communicator's name. */
  Get_name(): string {
    return this.name;
  }

  /**
   * Compares with another communicator: `IDENT`, `CONGRUENT`, `SIMILAR` or
   * `UNEQUAL` (`MPI_Comm_compare`).
   */
  Compare(other: CommCore): number {
    if (!(other instanceof CommCore)) {
      throw new TypeError("other must be a communicator");
    }
    check(
      lib.MPI_Comm_compare(this.handle, other.handle, intOut),
      "MPI_Comm_compare",
    );
    return intOut[0];
  }

  /**
   * A duplicate with the same group and a new context (`MPI_Comm_dup`);
   * attributes follow their keyvals' copy rules.
   */
  Dup(): this {
    check(lib.MPI_Comm_dup(this.handle, handleOut), "MPI_Comm_dup");
    return this.#duplicate(readHandle(handleOut));
  }

  #duplicate(handle: Handle): this {
    const copy = wrapComm(handle) as this;
    copyAttrs(this, copy);
    return copy;
  }

  /**
   * Frees the communicator (`MPI_Comm_free`), first deleting its
   * attributes. A no-op on `COMM_WORLD`, `COMM_SELF` and freed ones.
   */
  override Free(): void {
    if (this.isLive && !this.isPredefined) deleteAttrs(this);
    super.Free();
  }

  /**
   * Creates an attribute keyval (`MPI_Comm_create_keyval`): `copy` says
   * what duplicates get (a function of the value, `true` to share it, or
   * nothing); `delete` sees every value that leaves a communicator.
   *
   * @example
   * ```ts ignore
   * const key = mpi.Comm.Create_keyval(true);
   * comm.Set_attr(key, { owner: "solver" });
   * comm.Dup().Get_attr(key); // { owner: "solver" }
   * ```
   */
  static Create_keyval(copy?: CopyFunction, del?: DeleteFunction): number {
    return createKeyval(copy, del);
  }

  /** Frees a keyval (`MPI_Comm_free_keyval`). */
  static Free_keyval(keyval: number): void {
    freeKeyval(keyval);
  }

  /** Caches `value` under `keyval` (`MPI_Comm_set_attr`). */
  Set_attr(keyval: number, value: unknown): void {
    void this.handle;
    setAttr(this, keyval, value);
  }

  /**
   * The value under `keyval`, or `undefined` (`MPI_Comm_get_attr`); the
   * predefined keyvals (`TAG_UB`, `UNIVERSE_SIZE`, `APPNUM`, ...) give numbers.
   */
  Get_attr(keyval: number): unknown {
    return getAttr(this, this.handle, keyval);
  }

  /** Deletes the value under `keyval` (`MPI_Comm_delete_attr`). */
  Delete_attr(keyval: number): void {
    void this.handle;
    deleteAttr(this, keyval);
  }

  /**
   * Splits into disjoint communicators by `color`, ordered by `key`
   * (`MPI_Comm_split`). `color = UNDEFINED` gives `COMM_NULL`.
   */
  Split(color = 0, key = 0): CommCore {
    check(
      lib.MPI_Comm_split(
        this.handle,
        int(color, "color"),
        int(key, "key"),
        handleOut,
      ),
      "MPI_Comm_split",
    );
    return wrapComm(readHandle(handleOut));
  }

  /**
   * Like `Dup`, with `info` hints for the new communicator instead of this
   * one's (`MPI_Comm_dup_with_info`).
   */
  Dup_with_info(info: Info): this {
    check(
      lib.MPI_Comm_dup_with_info(this.handle, infoHandle(info), handleOut),
      "MPI_Comm_dup_with_info",
    );
    return this.#duplicate(readHandle(handleOut));
  }

  /**
   * Starts a nonblocking `Dup` (`MPI_Comm_idup`): returns the new
   * communicator and the request; use the communicator only once the
   * request has completed.
   */
  Idup(): [this, Request] {
    const cell = new Uint8Array(8);
    const request = new Request(cell);
    check(lib.MPI_Comm_idup(this.handle, cell, request.cell), "MPI_Comm_idup");
    return [this.#duplicate(readHandle(cell)), request];
  }

  /**
   * Splits by `splitType` (`COMM_TYPE_SHARED`: the processes that can
   * share memory), ordered by `key` (`MPI_Comm_split_type`).
   * `splitType = UNDEFINED` gives `COMM_NULL`.
   */
  Split_type(splitType: number, key = 0, info?: Info): CommCore {
    check(
      lib.MPI_Comm_split_type(
        this.handle,
        int(splitType, "splitType"),
        int(key, "key"),
        infoHandle(info),
        handleOut,
      ),
      "MPI_Comm_split_type",
    );
    return wrapComm(readHandle(handleOut));
  }

  /**
   * The group of this communicator (`MPI_Comm_group`); the local group of
   * an intercommunicator. Free it when done.
   */
  Get_group(): Group {
    check(lib.MPI_Comm_group(this.handle, handleOut), "MPI_Comm_group");
    return wrapGroup(readHandle(handleOut));
  }

  /**
   * A communicator of the processes of `group`, a subgroup of this one
   * (`MPI_Comm_create`). Collective over this communicator, with the same
   * `group` everywhere; processes outside `group` get `COMM_NULL`.
   */
  Create(group: Group): CommCore {
    check(
      lib.MPI_Comm_create(this.handle, groupHandle(group, "group"), handleOut),
      "MPI_Comm_create",
    );
    return wrapComm(readHandle(handleOut));
  }

  /** Sets the error handler (`MPI_Comm_set_errhandler`). */
  Set_errhandler(errhandler: Errhandler): void {
    check(
      lib.MPI_Comm_set_errhandler(this.handle, errhandler.handle),
      "MPI_Comm_set_errhandler",
    );
  }

  /** The current error handler (`MPI_Comm_get_errhandler`). */
  Get_errhandler(): Errhandler {
    check(
      lib.MPI_Comm_get_errhandler(this.handle, handleOut),
      "MPI_Comm_get_errhandler",
    );
    return new Errhandler(readHandle(handleOut), false);
  }

  /**
   * Aborts every process of this communicator's job with `errorcode`
   * (`MPI_Abort`). Does not return.
   */
  Abort(errorcode = 0): never {
    lib.MPI_Abort(this.handle, int(errorcode, "errorcode"));
    throw new Error("MPI_Abort returned");
  }
}

function freeErrhandler(h: Handle): void {
  const cell = new Uint8Array(8);
  writeHandle(cell, 0, h);
  check(lib.MPI_Errhandler_free(cell), "MPI_Errhandler_free");
}

/**
 * An MPI error handler: `ERRORS_RETURN` (mpi4ts's default: errors become
 * `MPIError`) or `ERRORS_ARE_FATAL`.
 *
 * @example
 * ```ts ignore
 * comm.Set_errhandler(mpi.ERRORS_ARE_FATAL);
 * ```
 */
export class Errhandler extends HandleObject {
  /**
   * Wraps an error handler handle (users use `ERRORS_RETURN` and
   * `ERRORS_ARE_FATAL`).
   *
   * @param handle the C handle
   * @param predefined whether MPI owns it
   */
  constructor(handle: Handle | null, predefined: boolean) {
    super(handle, predefined ? undefined : freeErrhandler);
  }

  /** `ERR_ARG`: the class of errors for a freed error handler. */
  protected get nullErrorClass(): number {
    return C.ERR_ARG;
  }
}

/** Errors return to the caller (mpi4ts turns them into `MPIError`). */
export const ERRORS_RETURN: Errhandler = new Errhandler(H.ERRORS_RETURN, true);

/** Errors abort the job. */
export const ERRORS_ARE_FATAL: Errhandler = new Errhandler(
  H.ERRORS_ARE_FATAL,
  true,
);
