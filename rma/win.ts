/**
 * `Win`: an MPI window for one-sided communication. Methods are one line
 * each; what they do lives in the `rma/` modules they call. A window is
 * freed only by `Free()` (or `using`): `MPI_Win_free` is collective, so the
 * garbage collector never frees one.
 *
 * @module
 */
import { C } from "../ffi/lib.ts";
import type { Buffer, BufSpec, Sentinel } from "../core/buffer.ts";
import { beforeFinalize } from "../core/environment.ts";
import { HandleObject } from "../core/handle.ts";
import type { Group } from "../core/group.ts";
import type { Info } from "../core/info.ts";
import type { Op } from "../core/op.ts";
import type { Request } from "../core/request.ts";
import {
  type CopyFunction,
  createKeyval,
  deleteAttrs,
  type DeleteFunction,
  freeKeyval,
} from "../comm/attributes.ts";
import { Errhandler } from "../core/errhandler.ts";
import type { Intracomm } from "../comm/comm.ts";
import { COMM_SELF } from "../comm/comm.ts";
import {
  allocate,
  create,
  type Created,
  createDynamic,
  freeWindow,
} from "./create.ts";
import { nullFacts, readFacts, type WinFacts } from "./facts.ts";
import {
  attach,
  detach,
  learnPeers,
  release,
  sharedQuery,
  tomemory,
} from "./memory.ts";
import {
  accumulate,
  compareAndSwap,
  fetchAndOp,
  get,
  put,
  transfer,
} from "./operations.ts";
import * as s from "./sync.ts";
import * as a from "./attributes.ts";
import type { TargetSpec } from "./target.ts";

export type { TargetSpec } from "./target.ts";

/**
 * Windows not freed yet, in creation order: `Finalize` frees them (every
 * process made them collectively, in the same order), since some libraries
 * abort in `MPI_Finalize` over a window left open.
 */
const live = new Set<Win>();
beforeFinalize(() => {
  for (const win of [...live]) {
    try {
      win.Free();
    } catch {
      // Left in an epoch (MPI refuses to free it): leave it to MPI_Finalize.
    }
  }
});

/** What `win.attrs` gives: this rank's window memory. */
export interface WinAttrs {
  /** Address of the memory (`0n` for none). */
  readonly base: bigint;
  /** Size in bytes. */
  readonly size: number;
  /** Displacement unit in bytes. */
  readonly dispUnit: number;
}

/**
 * A window of memory other processes read and write with `Put`, `Get`,
 * `Accumulate`, ... (`MPI_Win`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * const mem = new Float64Array(4);
 * using win = mpi.Win.Create(mem, 8, mpi.INFO_NULL, comm);
 * win.Fence();
 * win.Put(new Float64Array([comm.rank]), (comm.rank + 1) % comm.size, 0);
 * win.Fence();
 * console.log(mem[0]); // the previous rank
 * ```
 */
export class Win extends HandleObject {
  readonly #facts: WinFacts;

  /**
   * Wraps a new window (users make windows with `Win.Create`,
   * `Win.Allocate`, `Win.Allocate_shared`, `Win.Create_dynamic`).
   *
   * @param created the window creation made, `null` for `WIN_NULL`
   */
  constructor(created: Created | null) {
    super(created?.handle ?? null);
    const handle = () => this.handle;
    if (created === null) {
      this.#facts = nullFacts(handle);
      return;
    }
    this.#facts = readFacts(
      created.handle,
      handle,
      created.base,
      created.size,
      created.dispUnit,
      created.memory,
    );
    if (created.sizes) learnPeers(this.#facts, created.sizes);
    live.add(this);
  }

  /** `ERR_WIN`: the class of errors for a freed or null window. */
  protected get nullErrorClass(): number {
    return C.ERR_WIN;
  }

  /** Whether this is `WIN_NULL` (windows users make are never predefined). */
  override get isPredefined(): boolean {
    return this === WIN_NULL;
  }

  /** Collective: exposes `memory` (kept alive until `Free`), or none for `null`/`BOTTOM` (`MPI_Win_create`). */
  static Create(
    memory: Buffer | Sentinel | null,
    dispUnit = 1,
    info?: Info,
    comm: Intracomm = COMM_SELF,
  ): Win {
    return new Win(create(memory, dispUnit, info, comm));
  }

  /** Collective: a window over `size` bytes MPI allocates (`MPI_Win_allocate`). */
  static Allocate(
    size: number,
    dispUnit = 1,
    info?: Info,
    comm: Intracomm = COMM_SELF,
  ): Win {
    return new Win(allocate(size, dispUnit, info, comm, false));
  }

  /** Collective: `size` bytes of memory shared by the processes of a node (`MPI_Win_allocate_shared`). */
  static Allocate_shared(
    size: number,
    dispUnit = 1,
    info?: Info,
    comm: Intracomm = COMM_SELF,
  ): Win {
    return new Win(allocate(size, dispUnit, info, comm, true));
  }

  /** Collective: a window with no memory until `Attach` (`MPI_Win_create_dynamic`). */
  static Create_dynamic(info?: Info, comm: Intracomm = COMM_SELF): Win {
    return new Win(createDynamic(info, comm));
  }

  /** A keyval for window attributes; `copy` is accepted as for communicators (windows are never duplicated). */
  static Create_keyval(copy?: CopyFunction, del?: DeleteFunction): number {
    return createKeyval(copy, del);
  }

  /** Frees a keyval made by `Create_keyval`. */
  static Free_keyval(keyval: number): void {
    freeKeyval(keyval);
  }

  /** Collective: frees the window; every view of MPI memory it handed out is detached first. */
  override Free(): void {
    if (!this.isLive || this === WIN_NULL) return;
    const handle = this.handle;
    deleteAttrs(this);
    release(this.#facts);
    live.delete(this);
    freeWindow(handle);
    this.invalidate();
  }

  /** Attaches `memory` to a dynamic window, keeping it alive until `Detach` or `Free`. */
  Attach(memory: ArrayBufferView | ArrayBufferLike): void {
    attach(this.#facts, memory);
  }

  /** Detaches memory attached with `Attach`. */
  Detach(memory: ArrayBufferView | ArrayBufferLike): void {
    detach(this.#facts, memory);
  }

  /** This rank's window memory as bytes; views of MPI memory are detached at `Free`. */
  tomemory(): Uint8Array {
    return tomemory(this.#facts);
  }

  /** `[bytes, dispUnit]` of `rank`'s segment of a shared window (`PROC_NULL`: the first non-empty one). */
  Shared_query(rank: number): [Uint8Array, number] {
    return sharedQuery(this.#facts, rank);
  }

  /** Writes `origin` into `targetRank`'s window (`MPI_Put`). */
  Put(origin: BufSpec, targetRank: number, target?: TargetSpec): void {
    put(this.#facts, origin, targetRank, target);
  }

  /** Reads `targetRank`'s window into `origin` (`MPI_Get`). */
  Get(origin: BufSpec, targetRank: number, target?: TargetSpec): void {
    get(this.#facts, origin, targetRank, target);
  }

  /** Combines `origin` into `targetRank`'s window with `op` (`MPI_Accumulate`). */
  Accumulate(
    origin: BufSpec,
    targetRank: number,
    target?: TargetSpec,
    op?: Op,
  ): void {
    accumulate(this.#facts, origin, targetRank, target, op);
  }

  /** Fetches the target into `result`, then combines `origin` into it (`MPI_Get_accumulate`). */
  Get_accumulate(
    origin: BufSpec | null,
    result: BufSpec,
    targetRank: number,
    target?: TargetSpec,
    op?: Op,
  ): void {
    transfer(
      "getacc",
      this.#facts,
      origin,
      result,
      targetRank,
      target,
      op,
      false,
    );
  }

  /** One element: fetch into `result`, combine `origin` (`MPI_Fetch_and_op`). */
  Fetch_and_op(
    origin: BufSpec | null,
    result: BufSpec,
    targetRank: number,
    targetDisp: number | bigint = 0,
    op?: Op,
  ): void {
    fetchAndOp(this.#facts, origin, result, targetRank, targetDisp, op);
  }

  /** One element: fetch into `result`, store `origin` where it equals `compare` (`MPI_Compare_and_swap`). */
  Compare_and_swap(
    origin: BufSpec,
    compare: BufSpec,
    result: BufSpec,
    targetRank: number,
    targetDisp: number | bigint = 0,
  ): void {
    compareAndSwap(
      this.#facts,
      origin,
      compare,
      result,
      targetRank,
      targetDisp,
    );
  }

  /** `Put` with a request that completes locally (`MPI_Rput`). */
  Rput(origin: BufSpec, targetRank: number, target?: TargetSpec): Request {
    return transfer(
      "put",
      this.#facts,
      origin,
      null,
      targetRank,
      target,
      undefined,
      true,
    )!;
  }

  /** `Get` with a request; `origin` holds the data once it completes (`MPI_Rget`). */
  Rget(origin: BufSpec, targetRank: number, target?: TargetSpec): Request {
    return transfer(
      "get",
      this.#facts,
      origin,
      null,
      targetRank,
      target,
      undefined,
      true,
    )!;
  }

  /** `Accumulate` with a request (`MPI_Raccumulate`). */
  Raccumulate(
    origin: BufSpec,
    targetRank: number,
    target?: TargetSpec,
    op?: Op,
  ): Request {
    return transfer(
      "acc",
      this.#facts,
      origin,
      null,
      targetRank,
      target,
      op,
      true,
    )!;
  }

  /** `Get_accumulate` with a request (`MPI_Rget_accumulate`). */
  Rget_accumulate(
    origin: BufSpec | null,
    result: BufSpec,
    targetRank: number,
    target?: TargetSpec,
    op?: Op,
  ): Request {
    return transfer(
      "getacc",
      this.#facts,
      origin,
      result,
      targetRank,
      target,
      op,
      true,
    )!;
  }

  /** Collective: ends one RMA epoch and starts the next (`MPI_Win_fence`). */
  Fence(assertion = 0): void {
    s.fence(this.#facts, assertion);
  }

  /** Starts an access epoch to `group` (`MPI_Win_start`). */
  Start(group: Group, assertion = 0): void {
    s.start(this.#facts, group, assertion);
  }

  /** Ends the access epoch of `Start` (`MPI_Win_complete`). */
  Complete(): void {
    s.complete(this.#facts);
  }

  /** Starts an exposure epoch for `group` (`MPI_Win_post`). */
  Post(group: Group, assertion = 0): void {
    s.post(this.#facts, group, assertion);
  }

  /** Ends the exposure epoch of `Post` (`MPI_Win_wait`). */
  Wait(): true {
    return s.wait(this.#facts);
  }

  /** Whether the exposure epoch of `Post` ended (`MPI_Win_test`). */
  Test(): boolean {
    return s.test(this.#facts);
  }

  /** Starts a passive-target epoch to `rank` (`MPI_Win_lock`). */
  Lock(rank: number, lockType: number = C.LOCK_EXCLUSIVE, assertion = 0): void {
    s.lock(this.#facts, rank, lockType, assertion);
  }

  /** Ends the passive-target epoch to `rank` (`MPI_Win_unlock`). */
  Unlock(rank: number): void {
    s.unlock(this.#facts, rank);
  }

  /** Starts a shared passive-target epoch to every process (`MPI_Win_lock_all`). */
  Lock_all(assertion = 0): void {
    s.lockAll(this.#facts, assertion);
  }

  /** Ends the epoch of `Lock_all` (`MPI_Win_unlock_all`). */
  Unlock_all(): void {
    s.unlockAll(this.#facts);
  }

  /** Completes operations to `rank` at origin and target (`MPI_Win_flush`). */
  Flush(rank: number): void {
    s.flush(this.#facts, rank);
  }

  /** Completes every operation at origin and target (`MPI_Win_flush_all`). */
  Flush_all(): void {
    s.flushAll(this.#facts);
  }

  /** Completes operations to `rank` at the origin (`MPI_Win_flush_local`). */
  Flush_local(rank: number): void {
    s.flushLocal(this.#facts, rank);
  }

  /** Completes every operation at the origin (`MPI_Win_flush_local_all`). */
  Flush_local_all(): void {
    s.flushLocalAll(this.#facts);
  }

  /** Synchronizes the public and private copies of the window (`MPI_Win_sync`). */
  Sync(): void {
    s.sync(this.#facts);
  }

  /** This rank's memory: `{ base, size, dispUnit }`. */
  get attrs(): WinAttrs {
    return a.attrs(this.#facts);
  }

  /** How the window was made: `WIN_FLAVOR_CREATE|ALLOCATE|DYNAMIC|SHARED`. */
  get flavor(): number {
    return a.flavor(this.#facts);
  }

  /** The memory model: `WIN_SEPARATE` or `WIN_UNIFIED`. */
  get model(): number {
    return a.model(this.#facts);
  }

  /** The window's group (a new `Group`: free it). */
  get group(): Group {
    return a.group(this.#facts);
  }

  /** The window's group (`MPI_Win_get_group`; free it). */
  Get_group(): Group {
    return a.group(this.#facts);
  }

  /** Number of processes in the window's group. */
  get group_size(): number {
    return a.groupSize(this.#facts);
  }

  /** This process's rank in the window's group. */
  get group_rank(): number {
    return a.groupRank(this.#facts);
  }

  /** A predefined attribute (`WIN_BASE`, `WIN_SIZE`, ...) or a value cached with `Set_attr`. */
  Get_attr(keyval: number): unknown {
    return a.getAttr(this.#facts, this, keyval);
  }

  /** Caches `value` under `keyval` (the previous value goes to the keyval's delete function). */
  Set_attr(keyval: number, value: unknown): void {
    a.setUserAttr(this.#facts, this, keyval, value);
  }

  /** Removes the value under `keyval`, calling the keyval's delete function. */
  Delete_attr(keyval: number): void {
    a.deleteUserAttr(this.#facts, this, keyval);
  }

  /** The hints in use (`MPI_Win_get_info`; free it). */
  Get_info(): Info {
    return a.getInfo(this.#facts);
  }

  /** Sets hints (`MPI_Win_set_info`). */
  Set_info(info: Info): void {
    a.setInfo(this.#facts, info);
  }

  /** The hints in use (a new `Info`: free it). */
  get info(): Info {
    return a.getInfo(this.#facts);
  }
  set info(info: Info) {
    a.setInfo(this.#facts, info);
  }

  /** The window's name. */
  get name(): string {
    return a.getName(this.#facts);
  }
  set name(value: string) {
    a.setName(this.#facts, value);
  }

  /** The window's name (`MPI_Win_get_name`). */
  Get_name(): string {
    return a.getName(this.#facts);
  }

  /** Sets the window's name (`MPI_Win_set_name`). */
  Set_name(name: string): void {
    a.setName(this.#facts, name);
  }

  /** Sets the error handler (`MPI_Win_set_errhandler`). */
  Set_errhandler(errhandler: Errhandler): void {
    a.setErrhandler(this.#facts, errhandler.handle);
  }

  /** The error handler (`MPI_Win_get_errhandler`). */
  Get_errhandler(): Errhandler {
    return new Errhandler(a.getErrhandler(this.#facts), false);
  }
}

/**
 * The null window (`MPI_WIN_NULL`): every use throws `MPIError` (`ERR_WIN`).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * try {
 *   mpi.WIN_NULL.Fence();
 * } catch (e) {
 *   console.log(e instanceof mpi.MPIError && e.errorClass === mpi.ERR_WIN); // true
 * }
 * ```
 */
export const WIN_NULL: Win = new Win(null);
