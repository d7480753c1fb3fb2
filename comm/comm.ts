/**
 * The communicator classes, as in mpi4py: `Comm`, its subclasses
 * `Intracomm` (with `Topocomm` → `Cartcomm`, `Graphcomm`, `Distgraphcomm`)
 * and `Intercomm`, the predefined communicators, and `wrapComm`, which
 * gives every communicator MPI hands back the class it is.
 *
 * Each method is one line: the behaviour lives in one module per area
 * (`communicator.ts`, `p2p.ts`, `topology.ts`, `topology_create.ts`,
 * `collectives/*.ts`). A collective's blocking, `I` and `_init` forms run
 * one call description (`collectives/call.ts`). The classes share one file
 * because they make each other: `Dup`, `Split` and `Create_cart` return
 * subclasses, and every topology class is an `Intracomm`.
 *
 * @module
 */
import { C, H, type Handle, sameHandle } from "../ffi/lib.ts";
import type { BufSpec, IN_PLACE } from "../core/buffer.ts";
import {
  createErrhandler,
  type Errhandler,
  type ErrhandlerFunction,
} from "../core/errhandler.ts";
import type { Group } from "../core/group.ts";
import { HandleObject } from "../core/handle.ts";
import { releaseShadow } from "../core/shadow.ts";
import { type Info, INFO_NULL } from "../core/info.ts";
import { type Op, OPS } from "../core/op.ts";
import type { Prequest, Request } from "../core/request.ts";
import type { Status } from "../core/status.ts";
import * as coll from "../collectives/buffers.ts";
import type { SendSpec } from "../collectives/buffers.ts";
import { persist, run, start } from "../collectives/call.ts";
import * as neighbor from "../collectives/neighbor.ts";
import type { ValueOp } from "../collectives/value_ops.ts";
import * as values from "../collectives/values.ts";
import * as vector from "../collectives/vector.ts";
import type { VecSpec, WSpec } from "../collectives/vector.ts";
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
import * as comm from "./communicator.ts";
import type { Message } from "./message.ts";
import { isendrecv, isendrecvReplace } from "./isendrecv.ts";
import { partitionedInit } from "./partitioned.ts";
import * as p2p from "./p2p.ts";
import { MODES } from "./p2p.ts";
import * as topo from "./topology.ts";
import type { DistNeighbors } from "./topology.ts";
import * as create from "./topology_create.ts";
import * as spawn from "../process/spawn.ts";
import * as ports from "../process/ports.ts";

/**
 * A communicator: a group of processes and a private context for their
 * messages. Lowercase methods move values, Capitalized methods move buffers.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * if (comm.size > 1 && comm.rank === 0) comm.send({ hello: "world" }, 1);
 * if (comm.size > 1 && comm.rank === 1) console.log(comm.recv(0));
 * ```
 */
export class Comm extends HandleObject {
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
    // Collective to free: the garbage collector only counts it (core/handle.ts).
    super(handle, predefined ? undefined : comm.freeComm, true);
  }

  /** `ERR_COMM`: the class of errors for a freed or null communicator. */
  protected get nullErrorClass(): number {
    return C.ERR_COMM;
  }

  /**
   * Whether this is an intercommunicator (known from its class, without a
   * call into MPI).
   *
   * @ignore
   */
  get isInter(): boolean {
    return false;
  }

  /**
   * Number of ranks a destination, source or root may name: the remote
   * group's size on an intercommunicator.
   *
   * @ignore
   */
  get peerCount(): number {
    return this.size;
  }

  // -------------------------------------------------------------- basics

  /** This process's rank in the communicator (`MPI_Comm_rank`). */
  get rank(): number {
    return this.#rank >= 0 ? this.#rank : (this.#rank = comm.commRank(this));
  }

  /** Number of processes in the (local group of the) communicator (`MPI_Comm_size`). */
  get size(): number {
    return this.#size >= 0 ? this.#size : (this.#size = comm.commSize(this));
  }

  /** Same as `rank`. */
  Get_rank(): number {
    return this.rank;
  }

  /** Same as `size`. */
  Get_size(): number {
    return this.size;
  }

  /** The topology: `CART`, `GRAPH`, `DIST_GRAPH` or `UNDEFINED` (`MPI_Topo_test`). */
  Get_topology(): number {
    return comm.topology(this);
  }

  /** Whether this is an intercommunicator (`MPI_Comm_test_inter`). */
  Is_inter(): boolean {
    return comm.testInter(this.handle);
  }

  /** The communicator's name (`MPI_Comm_get_name` / `MPI_Comm_set_name`). */
  get name(): string {
    return comm.getName(this);
  }
  set name(value: string) {
    comm.setName(this, value);
  }

  /** Sets the communicator's name (`MPI_Comm_set_name`). */
  Set_name(name: string): void {
    comm.setName(this, name);
  }

  /** Returns the communicator's name (`MPI_Comm_get_name`). */
  Get_name(): string {
    return comm.getName(this);
  }

  /**
   * Compares with another communicator: `IDENT`, `CONGRUENT`, `SIMILAR` or
   * `UNEQUAL` (`MPI_Comm_compare`).
   */
  Compare(other: Comm): number {
    return comm.compare(this, commArg(other, "other"));
  }

  /**
   * The group of this communicator (`MPI_Comm_group`); the local group of
   * an intercommunicator. Free it when done.
   */
  Get_group(): Group {
    return comm.getGroup(this);
  }

  // ------------------------------------------------------- constructors

  /**
   * A duplicate with the same group, topology and a new context
   * (`MPI_Comm_dup`); attributes follow their keyvals' copy rules.
   */
  Dup(): this {
    return withAttrs(this, wrapComm(comm.dup(this)) as this);
  }

  /**
   * Like `Dup`, with `info` hints for the new communicator instead of this
   * one's (`MPI_Comm_dup_with_info`).
   */
  Dup_with_info(info: Info): this {
    return withAttrs(this, wrapComm(comm.dupWithInfo(this, info)) as this);
  }

  /**
   * Starts a nonblocking `Dup` (`MPI_Comm_idup`): returns the new
   * communicator and the request; use the communicator only once the
   * request has completed.
   */
  Idup(): [this, Request] {
    const [handle, request] = comm.idup(this);
    return [withAttrs(this, wrapComm(handle) as this), request];
  }

  /**
   * Splits into disjoint communicators by `color`, ordered by `key`
   * (`MPI_Comm_split`). `color = UNDEFINED` gives `COMM_NULL`.
   */
  Split(color = 0, key = 0): Comm {
    return wrapComm(comm.split(this, color, key));
  }

  /**
   * Splits by `splitType` (`COMM_TYPE_SHARED`: the processes that can
   * share memory), ordered by `key` (`MPI_Comm_split_type`).
   * `splitType = UNDEFINED` gives `COMM_NULL`.
   */
  Split_type(splitType: number, key = 0, info?: Info): Comm {
    return wrapComm(comm.splitType(this, splitType, key, info));
  }

  /**
   * A communicator of the processes of `group`, a subgroup of this one
   * (`MPI_Comm_create`). Collective over this communicator, with the same
   * `group` everywhere; processes outside `group` get `COMM_NULL`.
   */
  Create(group: Group): Comm {
    return wrapComm(comm.create(this, group));
  }

  /**
   * Frees the communicator (`MPI_Comm_free`), first deleting its
   * attributes. A no-op on `COMM_WORLD`, `COMM_SELF` and freed ones.
   */
  override Free(): void {
    if (this.isLive && !this.isPredefined) {
      deleteAttrs(this);
      releaseShadow(this, false);
    }
    super.Free();
  }

  /**
   * Disconnects from the processes on the other side and frees the
   * communicator (`MPI_Comm_disconnect`): collective, it waits until all
   * pending communication on it has completed. Use it on the
   * intercommunicators of `Spawn`, `Get_parent`, `Accept`, `Connect` and
   * `Join`, so that the two jobs are independent again.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const parent = mpi.Comm.Get_parent();
   * if (parent !== mpi.COMM_NULL) parent.Disconnect();
   * ```
   */
  Disconnect(): void {
    if (this.isLive && !this.isPredefined) {
      deleteAttrs(this);
      releaseShadow(this, true);
    }
    spawn.disconnect(this.handle);
    this.invalidate();
  }

  /**
   * The intercommunicator to the processes that started this one with
   * `Spawn` (`MPI_Comm_get_parent`), or `COMM_NULL` if none did. The same
   * object on every call until it is disconnected; it is never freed by the
   * garbage collector, and errors on it throw `MPIError`.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const parent = mpi.Comm.Get_parent();
   * if (parent !== mpi.COMM_NULL) {
   *   parent.send(`worker ${mpi.COMM_WORLD.rank} ready`, 0);
   *   parent.Disconnect();
   * }
   * ```
   */
  static Get_parent(): Intercomm | Comm {
    return parentComm();
  }

  /**
   * An intercommunicator with the process at the other end of the
   * connected socket `fd` (`MPI_Comm_join`), which calls `Join` too. The
   * socket carries only the set-up. Where the library cannot connect
   * processes at run time, throws an `MPIError` that says so.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const fd = -1; // a connected socket's file descriptor
   * if (fd >= 0) {
   *   using other = mpi.Comm.Join(fd);
   *   other.send("hello", 0);
   * }
   * ```
   */
  static Join(fd: number): Intercomm {
    return wrapComm(ports.join(fd)) as Intercomm;
  }

  // --------------------------------------------------- errors and abort

  /** Sets the error handler (`MPI_Comm_set_errhandler`). */
  Set_errhandler(errhandler: Errhandler): void {
    comm.setErrhandler(this, errhandler);
  }

  /** The current error handler (`MPI_Comm_get_errhandler`). */
  Get_errhandler(): Errhandler {
    return comm.getErrhandler(this);
  }

  /**
   * An error handler calling `fn(comm, errorCode)` when an MPI call on a
   * communicator it is set on fails (`MPI_Comm_create_errhandler`). After
   * `fn` returns the call throws its `MPIError` as always; an exception `fn`
   * throws becomes that error's `cause`. The handler's native trampoline
   * lives as long as the process, since MPI may call it while any
   * communicator holds it.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const seen: number[] = [];
   * using eh = mpi.Comm.Create_errhandler((_comm, code) => {
   *   seen.push(mpi.Get_error_class(code));
   * });
   * using comm = mpi.COMM_SELF.Dup();
   * comm.Set_errhandler(eh);
   * try {
   *   comm.Send(new Uint8Array(1), 5);
   * } catch (e) {
   *   console.log(seen[0] === mpi.ERR_RANK, e instanceof mpi.MPIError);
   * }
   * ```
   */
  static Create_errhandler(fn: ErrhandlerFunction<Comm>): Errhandler {
    return createErrhandler("MPI_Comm_create_errhandler", borrowComm, fn);
  }

  /**
   * Runs this communicator's error handler on `errorcode`
   * (`MPI_Comm_call_errhandler`). Under `ERRORS_RETURN` (mpi4ts's default) a
   * nonzero code throws its `MPIError`, as a failing call would.
   */
  Call_errhandler(errorcode: number): void {
    comm.callErrhandler(this, errorcode);
  }

  /**
   * Aborts every process of this communicator's job with `errorcode`
   * (`MPI_Abort`). Does not return.
   */
  Abort(errorcode = 0): never {
    return comm.abort(this, errorcode);
  }

  // --------------------------------------------------------- attributes

  /**
   * Creates an attribute keyval (`MPI_Comm_create_keyval`): `copy` says
   * what duplicates get (a function of the value, `true` to share it, or
   * nothing); `delete` sees every value that leaves a communicator.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const key = mpi.Comm.Create_keyval(true);
   * mpi.COMM_WORLD.Set_attr(key, { owner: "solver" });
   * using copy = mpi.COMM_WORLD.Dup();
   * console.log(copy.Get_attr(key)); // { owner: "solver" }
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
    setAttr(live(this), keyval, value);
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
    deleteAttr(live(this), keyval);
  }

  // ------------------------------------------------------------ buffers

  /** Sends `buf` to `dest` (`MPI_Send`). */
  Send(buf: BufSpec, dest: number, tag = 0): void {
    p2p.send(this, MODES.standard, buf, dest, tag);
  }

  /** Synchronous send: completes once the receive has started (`MPI_Ssend`). */
  Ssend(buf: BufSpec, dest: number, tag = 0): void {
    p2p.send(this, MODES.synchronous, buf, dest, tag);
  }

  /** Buffered send through the attached buffer (`MPI_Bsend`, see `Attach_buffer`). */
  Bsend(buf: BufSpec, dest: number, tag = 0): void {
    p2p.send(this, MODES.buffered, buf, dest, tag);
  }

  /** Ready send: the matching receive must already be posted (`MPI_Rsend`). */
  Rsend(buf: BufSpec, dest: number, tag = 0): void {
    p2p.send(this, MODES.ready, buf, dest, tag);
  }

  /** Starts a send (`MPI_Isend`); `buf` stays referenced until completion. */
  Isend(buf: BufSpec, dest: number, tag = 0): Request {
    return p2p.startSend(this, MODES.standard, buf, dest, tag);
  }

  /** Starts a synchronous send (`MPI_Issend`). */
  Issend(buf: BufSpec, dest: number, tag = 0): Request {
    return p2p.startSend(this, MODES.synchronous, buf, dest, tag);
  }

  /** Starts a buffered send (`MPI_Ibsend`). */
  Ibsend(buf: BufSpec, dest: number, tag = 0): Request {
    return p2p.startSend(this, MODES.buffered, buf, dest, tag);
  }

  /** Starts a ready send (`MPI_Irsend`). */
  Irsend(buf: BufSpec, dest: number, tag = 0): Request {
    return p2p.startSend(this, MODES.ready, buf, dest, tag);
  }

  /** A persistent standard send (`MPI_Send_init`); `Start()` sends `buf` again. */
  Send_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return p2p.sendInit(this, MODES.standard, buf, dest, tag);
  }

  /** A persistent synchronous send (`MPI_Ssend_init`). */
  Ssend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return p2p.sendInit(this, MODES.synchronous, buf, dest, tag);
  }

  /** A persistent buffered send (`MPI_Bsend_init`). */
  Bsend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return p2p.sendInit(this, MODES.buffered, buf, dest, tag);
  }

  /** A persistent ready send (`MPI_Rsend_init`). */
  Rsend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return p2p.sendInit(this, MODES.ready, buf, dest, tag);
  }

  /** Receives into `buf` (`MPI_Recv`); a larger message is `ERR_TRUNCATE`. */
  Recv(
    buf: BufSpec,
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): void {
    p2p.Recv(this, buf, source, tag, status);
  }

  /** Starts a receive into `buf` (`MPI_Irecv`); `buf` stays referenced until completion. */
  Irecv(
    buf: BufSpec,
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
  ): Request {
    return p2p.startRecv(this, buf, source, tag);
  }

  /** A persistent receive (`MPI_Recv_init`). */
  Recv_init(
    buf: BufSpec,
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
  ): Prequest {
    return p2p.recvInit(this, buf, source, tag);
  }

  /**
   * A partitioned send (`MPI_Psend_init`, MPI-4) of `buf` split into
   * `partitions` equal parts: `Start()`, then `Pready(k)` each part as it
   * is filled, then `Wait()`. The request keeps `buf` alive. Needs MPICH 4;
   * elsewhere an `MPIError` names the missing call.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const comm = mpi.COMM_WORLD;
   * if (mpi.Get_version()[0] >= 4) {
   *   const data = new Int32Array(4).fill(comm.rank);
   *   using recv = comm.Precv_init(new Int32Array(4), 2, comm.rank);
   *   using send = comm.Psend_init(data, 2, comm.rank);
   *   mpi.Prequest.Startall([recv, send]);
   *   send.Pready(0);
   *   send.Pready(1);
   *   mpi.Request.Waitall([recv, send]);
   * }
   * ```
   */
  Psend_init(
    buf: BufSpec,
    partitions: number,
    dest: number,
    tag = 0,
    info: Info = INFO_NULL,
  ): Prequest {
    return partitionedInit(this, true, buf, partitions, dest, tag, info);
  }

  /**
   * A partitioned receive (`MPI_Precv_init`, MPI-4) into `buf` split into
   * `partitions` equal parts: `Start()`, poll `Parrived(k)`, `Wait()`. The
   * request keeps `buf` alive. Needs MPICH 4; elsewhere an `MPIError` names
   * the missing call.
   */
  Precv_init(
    buf: BufSpec,
    partitions: number,
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    info: Info = INFO_NULL,
  ): Prequest {
    return partitionedInit(this, false, buf, partitions, source, tag, info);
  }

  /** Sends `sendbuf` and receives into `recvbuf` at once (`MPI_Sendrecv`). */
  Sendrecv(
    sendbuf: BufSpec,
    dest: number,
    sendtag = 0,
    recvbuf?: BufSpec | null,
    source: number = C.ANY_SOURCE,
    recvtag: number = C.ANY_TAG,
    status?: Status,
  ): void {
    p2p.Sendrecv(
      this,
      sendbuf,
      dest,
      sendtag,
      recvbuf,
      source,
      recvtag,
      status,
    );
  }

  /** Sends `buf` and receives into the same memory (`MPI_Sendrecv_replace`). */
  Sendrecv_replace(
    buf: BufSpec,
    dest: number,
    sendtag = 0,
    source: number = C.ANY_SOURCE,
    recvtag: number = C.ANY_TAG,
    status?: Status,
  ): void {
    p2p.Sendrecv_replace(this, buf, dest, sendtag, source, recvtag, status);
  }

  /**
   * Starts sending `sendbuf` to `dest` and receiving into `recvbuf` from
   * `source` (MPI-4's `MPI_Isendrecv`, made of an `MPI_Irecv` and an
   * `MPI_Isend`); one request completes both, and its status is the
   * receive's.
   */
  Isendrecv(
    sendbuf: BufSpec,
    dest: number,
    sendtag = 0,
    recvbuf?: BufSpec | null,
    source: number = C.ANY_SOURCE,
    recvtag: number = C.ANY_TAG,
  ): Request {
    return isendrecv(this, sendbuf, dest, sendtag, recvbuf, source, recvtag);
  }

  /**
   * Starts sending `buf` and receiving into the same memory
   * (MPI-4's `MPI_Isendrecv_replace`); the outgoing data is copied first,
   * then sent while the receive lands in `buf`.
   */
  Isendrecv_replace(
    buf: BufSpec,
    dest: number,
    sendtag = 0,
    source: number = C.ANY_SOURCE,
    recvtag: number = C.ANY_TAG,
  ): Request {
    return isendrecvReplace(this, buf, dest, sendtag, source, recvtag);
  }

  /** Blocks until a matching message can be received; fills `status` (`MPI_Probe`). */
  Probe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): true {
    return p2p.Probe(this, source, tag, status);
  }

  /** Whether a matching message can be received now (`MPI_Iprobe`). */
  Iprobe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): boolean {
    return p2p.Iprobe(this, source, tag, status);
  }

  /** Matches a message for a later `Message.Recv` (`MPI_Mprobe`). */
  Mprobe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): Message {
    return p2p.Mprobe(this, source, tag, status);
  }

  /** Matches a message if one is there (`MPI_Improbe`), else `null`. */
  Improbe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): Message | null {
    return p2p.Improbe(this, source, tag, status);
  }

  // ------------------------------------------------------------- values

  /** Sends any structured-clone value to `dest`. */
  send(obj: unknown, dest: number, tag = 0): void {
    p2p.sendValue(this, MODES.standard, obj, dest, tag);
  }

  /** Sends a value synchronously (returns once the receive has started). */
  ssend(obj: unknown, dest: number, tag = 0): void {
    p2p.sendValue(this, MODES.synchronous, obj, dest, tag);
  }

  /** Sends a value through the attached buffer (`MPI_Bsend`). */
  bsend(obj: unknown, dest: number, tag = 0): void {
    p2p.sendValue(this, MODES.buffered, obj, dest, tag);
  }

  /**
   * Starts sending a value; complete the request with `wait()`.
   *
   * A value whose encoding is up to 4 MiB is copied at the call: changing it
   * afterwards does not change what is sent. A larger value is sent from
   * its TypedArrays' and ArrayBuffers' own memory, without a copy, as
   * `Isend` sends a buffer: until the request completes, a change to them
   * may or may not reach the receiver (in whole or in part). The request
   * keeps them alive until then; after `wait()` they are free to reuse.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const comm = mpi.COMM_WORLD;
   * const req = comm.isend({ step: 1, field: new Float64Array(1 << 20) }, comm.rank);
   * const got = comm.recv(comm.rank); // 8 MiB: leave the field alone until...
   * req.wait(); // ...the send completes
   * ```
   */
  isend(obj: unknown, dest: number, tag = 0): Request {
    return p2p.startValue(this, MODES.standard, obj, dest, tag);
  }

  /** Starts a synchronous value send. */
  issend(obj: unknown, dest: number, tag = 0): Request {
    return p2p.startValue(this, MODES.synchronous, obj, dest, tag);
  }

  /** Starts a buffered value send. */
  ibsend(obj: unknown, dest: number, tag = 0): Request {
    return p2p.startValue(this, MODES.buffered, obj, dest, tag);
  }

  /** Receives a value of any size; `undefined` when `source` is `PROC_NULL`. */
  recv(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): unknown {
    return p2p.recv(this, source, tag, status);
  }

  /** Starts receiving a value; `wait()`/`waitAsync()` give it. No size limit. */
  irecv(source: number = C.ANY_SOURCE, tag: number = C.ANY_TAG): Request {
    return p2p.irecv(this, source, tag);
  }

  /** Sends `sendobj` to `dest` and receives a value from `source`. */
  sendrecv(
    sendobj: unknown,
    dest: number,
    sendtag = 0,
    source: number = C.ANY_SOURCE,
    recvtag: number = C.ANY_TAG,
    status?: Status,
  ): unknown {
    return p2p.sendrecv(this, sendobj, dest, sendtag, source, recvtag, status);
  }

  /** Blocks until a matching message is available (values or buffers). */
  probe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): true {
    return p2p.Probe(this, source, tag, status);
  }

  /** Whether a matching message is available. */
  iprobe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): boolean {
    return p2p.Iprobe(this, source, tag, status);
  }

  /** Matches a value message for `msg.recv()`. */
  mprobe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): Message {
    return p2p.Mprobe(this, source, tag, status);
  }

  /** Matches a value message if one is there, else `null`. */
  improbe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): Message | null {
    return p2p.Improbe(this, source, tag, status);
  }

  // ------------------------------------------------ buffer collectives

  /**
   * Blocks until every process of the communicator has called it
   * (`MPI_Barrier`).
   */
  Barrier(): void {
    coll.Barrier(this);
  }

  /** Broadcasts `buf` from `root` to all (`MPI_Bcast`). */
  Bcast(buf: BufSpec, root = 0): void {
    coll.Bcast(this, buf, root);
  }

  /**
   * Combines `sendbuf` of all ranks with `op` into `recvbuf` at `root`
   * (`MPI_Reduce`).
   */
  Reduce(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op = OPS.SUM,
    root = 0,
  ): void {
    coll.Reduce(this, sendbuf, recvbuf, op, root);
  }

  /**
   * Combines `sendbuf` of all ranks with `op` into `recvbuf` on every rank;
   * `sendbuf` may be `IN_PLACE` (data taken from `recvbuf`) (`MPI_Allreduce`).
   */
  Allreduce(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    coll.Allreduce(this, sendbuf, recvbuf, op);
  }

  /**
   * Inclusive prefix reduction: rank r gets `op` over ranks 0..r (`MPI_Scan`).
   */
  Scan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    coll.prefix(this, "MPI_Scan", sendbuf, recvbuf, op);
  }

  /**
   * Exclusive prefix reduction: rank r gets `op` over ranks 0..r-1
   * (`MPI_Exscan`).
   */
  Exscan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): void {
    coll.prefix(this, "MPI_Exscan", sendbuf, recvbuf, op);
  }

  /**
   * Reduces `sendbuf` (size × n elements) element-wise and gives rank i the
   * i-th block of n in `recvbuf` (`MPI_Reduce_scatter_block`).
   */
  Reduce_scatter_block(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op = OPS.SUM,
  ): void {
    run(coll.reduceScatterBlockCall(this, sendbuf, recvbuf, op));
  }

  /**
   * Reduces `sendbuf` element-wise and gives rank i `recvcounts[i]` elements
   * of the result; `recvcounts` defaults to an even split of `sendbuf`
   * (remainder to the lowest ranks) (`MPI_Reduce_scatter`).
   */
  Reduce_scatter(
    sendbuf: BufSpec,
    recvbuf: BufSpec,
    recvcounts?: ArrayLike<number> | null,
    op: Op = OPS.SUM,
  ): void {
    run(coll.reduceScatterCall(this, sendbuf, recvbuf, recvcounts, op));
  }

  /**
   * Gathers `sendbuf` of every rank into `recvbuf` at `root`, in rank order
   * (`MPI_Gather`).
   */
  Gather(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    root = 0,
  ): void {
    run(coll.blockCall(this, "gather", sendbuf, recvbuf, root));
  }

  /**
   * Scatters block i of `sendbuf` at `root` to rank i's `recvbuf`
   * (`MPI_Scatter`).
   */
  Scatter(
    sendbuf: BufSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
  ): void {
    run(coll.blockCall(this, "scatter", sendbuf, recvbuf, root));
  }

  /**
   * Gathers `sendbuf` of every rank into `recvbuf` on every rank
   * (`MPI_Allgather`).
   */
  Allgather(sendbuf: SendSpec, recvbuf: BufSpec): void {
    run(coll.blockCall(this, "allgather", sendbuf, recvbuf));
  }

  /**
   * Sends block i of `sendbuf` to rank i, receiving block j of `recvbuf` from
   * rank j (`MPI_Alltoall`).
   */
  Alltoall(sendbuf: SendSpec, recvbuf: BufSpec): void {
    run(coll.blockCall(this, "alltoall", sendbuf, recvbuf));
  }

  /**
   * Gathers a block of varying size from every rank into `recvbuf` at `root`
   * (`MPI_Gatherv`). Counts and displacements may exceed 2^31 - 1 (README,
   * "Large counts"); where Open MPI 4.1 cannot express them, a `RangeError`
   * names the argument.
   */
  Gatherv(
    sendbuf: SendSpec,
    recvbuf: VecSpec | null | undefined,
    root = 0,
  ): void {
    run(vector.gathervCall(this, sendbuf, recvbuf, root));
  }

  /**
   * Scatters blocks of varying size from `sendbuf` at `root` (`MPI_Scatterv`).
   */
  Scatterv(
    sendbuf: VecSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
  ): void {
    run(vector.scattervCall(this, sendbuf, recvbuf, root));
  }

  /**
   * Gathers a block of varying size from every rank into `recvbuf` on every
   * rank (`MPI_Allgatherv`).
   */
  Allgatherv(sendbuf: SendSpec, recvbuf: VecSpec): void {
    run(vector.allgathervCall(this, sendbuf, recvbuf));
  }

  /** Exchanges blocks of varying size between all ranks (`MPI_Alltoallv`). */
  Alltoallv(sendbuf: VecSpec | typeof IN_PLACE, recvbuf: VecSpec): void {
    run(vector.alltoallvCall(this, sendbuf, recvbuf));
  }

  /**
   * Exchanges blocks of varying size and datatype between all ranks. Each side
   * is `[buf, counts, byteDispls, types]` (displacements in bytes; `types` one
   * Datatype or one per rank); `sendbuf` may be `IN_PLACE` (`MPI_Alltoallw`).
   */
  Alltoallw(sendbuf: WSpec | typeof IN_PLACE, recvbuf: WSpec): void {
    run(vector.alltoallwCall(this, sendbuf, recvbuf));
  }

  /**
   * Starts `Barrier` (`MPI_Ibarrier`); the request keeps the buffers alive
   * until it completes.
   */
  Ibarrier(): Request {
    return start(coll.barrierCall(this));
  }

  /**
   * Starts `Bcast` (`MPI_Ibcast`); the request keeps the buffers alive until
   * it completes.
   */
  Ibcast(buf: BufSpec, root = 0): Request {
    return start(coll.bcastCall(this, buf, root));
  }

  /**
   * Starts `Reduce` (`MPI_Ireduce`); the request keeps the buffers alive until
   * it completes.
   */
  Ireduce(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op = OPS.SUM,
    root = 0,
  ): Request {
    return start(coll.reduceCall(this, sendbuf, recvbuf, op, root));
  }

  /**
   * Starts `Allreduce` (`MPI_Iallreduce`); the request keeps the buffers alive
   * until it completes.
   */
  Iallreduce(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): Request {
    return start(coll.allreduceCall(this, sendbuf, recvbuf, op));
  }

  /**
   * Starts `Scan` (`MPI_Iscan`); the request keeps the buffers alive until it
   * completes.
   */
  Iscan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): Request {
    return start(coll.prefixCall(this, "MPI_Scan", sendbuf, recvbuf, op));
  }

  /**
   * Starts `Exscan` (`MPI_Iexscan`); the request keeps the buffers alive until
   * it completes.
   */
  Iexscan(sendbuf: SendSpec, recvbuf: BufSpec, op: Op = OPS.SUM): Request {
    return start(coll.prefixCall(this, "MPI_Exscan", sendbuf, recvbuf, op));
  }

  /**
   * Starts `Reduce_scatter_block` (`MPI_Ireduce_scatter_block`); the request
   * keeps the buffers alive until it completes.
   */
  Ireduce_scatter_block(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op = OPS.SUM,
  ): Request {
    return start(coll.reduceScatterBlockCall(this, sendbuf, recvbuf, op));
  }

  /**
   * Starts `Reduce_scatter` (`MPI_Ireduce_scatter`); the request keeps the
   * buffers alive until it completes.
   */
  Ireduce_scatter(
    sendbuf: BufSpec,
    recvbuf: BufSpec,
    recvcounts?: ArrayLike<number> | null,
    op: Op = OPS.SUM,
  ): Request {
    return start(
      coll.reduceScatterCall(this, sendbuf, recvbuf, recvcounts, op),
    );
  }

  /**
   * Starts `Gather` (`MPI_Igather`); the request keeps the buffers alive until
   * it completes.
   */
  Igather(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    root = 0,
  ): Request {
    return start(coll.blockCall(this, "gather", sendbuf, recvbuf, root));
  }

  /**
   * Starts `Scatter` (`MPI_Iscatter`); the request keeps the buffers alive
   * until it completes.
   */
  Iscatter(
    sendbuf: BufSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
  ): Request {
    return start(coll.blockCall(this, "scatter", sendbuf, recvbuf, root));
  }

  /**
   * Starts `Allgather` (`MPI_Iallgather`); the request keeps the buffers alive
   * until it completes.
   */
  Iallgather(sendbuf: SendSpec, recvbuf: BufSpec): Request {
    return start(coll.blockCall(this, "allgather", sendbuf, recvbuf));
  }

  /**
   * Starts `Alltoall` (`MPI_Ialltoall`); the request keeps the buffers alive
   * until it completes.
   */
  Ialltoall(sendbuf: SendSpec, recvbuf: BufSpec): Request {
    return start(coll.blockCall(this, "alltoall", sendbuf, recvbuf));
  }

  /**
   * Starts `Gatherv` (`MPI_Igatherv`); the request keeps the buffers alive
   * until it completes. Large counts as in `Gatherv` (`MPI_Igatherv_c`).
   */
  Igatherv(
    sendbuf: SendSpec,
    recvbuf: VecSpec | null | undefined,
    root = 0,
  ): Request {
    return start(vector.gathervCall(this, sendbuf, recvbuf, root));
  }

  /**
   * Starts `Scatterv` (`MPI_Iscatterv`); the request keeps the buffers alive
   * until it completes.
   */
  Iscatterv(
    sendbuf: VecSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
  ): Request {
    return start(vector.scattervCall(this, sendbuf, recvbuf, root));
  }

  /**
   * Starts `Allgatherv` (`MPI_Iallgatherv`); the request keeps the buffers
   * alive until it completes.
   */
  Iallgatherv(sendbuf: SendSpec, recvbuf: VecSpec): Request {
    return start(vector.allgathervCall(this, sendbuf, recvbuf));
  }

  /**
   * Starts `Alltoallv` (`MPI_Ialltoallv`); the request keeps the buffers alive
   * until it completes.
   */
  Ialltoallv(sendbuf: VecSpec | typeof IN_PLACE, recvbuf: VecSpec): Request {
    return start(vector.alltoallvCall(this, sendbuf, recvbuf));
  }

  /**
   * Starts `Alltoallw` (`MPI_Ialltoallw`); the request keeps the buffers alive
   * until it completes.
   */
  Ialltoallw(sendbuf: WSpec | typeof IN_PLACE, recvbuf: WSpec): Request {
    return start(vector.alltoallwCall(this, sendbuf, recvbuf));
  }

  /**
   * A persistent `Barrier` (`MPI_Barrier_init`): `Start()` runs it on the same
   * buffers as often as needed. Needs an MPI-4 library (or Open MPI's `MPIX_`
   * forms); elsewhere an `MPIError` says the library lacks it.
   */
  Barrier_init(info: Info = INFO_NULL): Prequest {
    return persist(coll.barrierCall(this), info);
  }

  /**
   * A persistent `Bcast` (`MPI_Bcast_init`): `Start()` runs it on the same
   * buffers as often as needed. Needs an MPI-4 library (or Open MPI's `MPIX_`
   * forms); elsewhere an `MPIError` says the library lacks it.
   */
  Bcast_init(buf: BufSpec, root = 0, info: Info = INFO_NULL): Prequest {
    return persist(coll.bcastCall(this, buf, root), info);
  }

  /**
   * A persistent `Reduce` (`MPI_Reduce_init`): `Start()` runs it on the same
   * buffers as often as needed. Needs an MPI-4 library (or Open MPI's `MPIX_`
   * forms); elsewhere an `MPIError` says the library lacks it.
   */
  Reduce_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    op: Op = OPS.SUM,
    root = 0,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(coll.reduceCall(this, sendbuf, recvbuf, op, root), info);
  }

  /**
   * A persistent `Allreduce` (`MPI_Allreduce_init`): `Start()` runs it on the
   * same buffers as often as needed. Needs an MPI-4 library (or Open MPI's
   * `MPIX_` forms); elsewhere an `MPIError` says the library lacks it.
   */
  Allreduce_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op = OPS.SUM,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(coll.allreduceCall(this, sendbuf, recvbuf, op), info);
  }

  /**
   * A persistent `Scan` (`MPI_Scan_init`): `Start()` runs it on the same
   * buffers as often as needed. Needs an MPI-4 library (or Open MPI's `MPIX_`
   * forms); elsewhere an `MPIError` says the library lacks it.
   */
  Scan_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op = OPS.SUM,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(
      coll.prefixCall(this, "MPI_Scan", sendbuf, recvbuf, op),
      info,
    );
  }

  /**
   * A persistent `Exscan` (`MPI_Exscan_init`): `Start()` runs it on the same
   * buffers as often as needed. Needs an MPI-4 library (or Open MPI's `MPIX_`
   * forms); elsewhere an `MPIError` says the library lacks it.
   */
  Exscan_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op = OPS.SUM,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(
      coll.prefixCall(this, "MPI_Exscan", sendbuf, recvbuf, op),
      info,
    );
  }

  /**
   * A persistent `Reduce_scatter_block` (`MPI_Reduce_scatter_block_init`):
   * `Start()` runs it on the same buffers as often as needed. Needs an MPI-4
   * library (or Open MPI's `MPIX_` forms); elsewhere an `MPIError` says the
   * library lacks it.
   */
  Reduce_scatter_block_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    op: Op = OPS.SUM,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(
      coll.reduceScatterBlockCall(this, sendbuf, recvbuf, op),
      info,
    );
  }

  /**
   * A persistent `Reduce_scatter` (`MPI_Reduce_scatter_init`): `Start()` runs
   * it on the same buffers as often as needed. Needs an MPI-4 library (or Open
   * MPI's `MPIX_` forms); elsewhere an `MPIError` says the library lacks it.
   */
  Reduce_scatter_init(
    sendbuf: BufSpec,
    recvbuf: BufSpec,
    recvcounts?: ArrayLike<number> | null,
    op: Op = OPS.SUM,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(
      coll.reduceScatterCall(this, sendbuf, recvbuf, recvcounts, op),
      info,
    );
  }

  /**
   * A persistent `Gather` (`MPI_Gather_init`): `Start()` runs it on the same
   * buffers as often as needed. Needs an MPI-4 library (or Open MPI's `MPIX_`
   * forms); elsewhere an `MPIError` says the library lacks it.
   */
  Gather_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec | null | undefined,
    root = 0,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(
      coll.blockCall(this, "gather", sendbuf, recvbuf, root),
      info,
    );
  }

  /**
   * A persistent `Scatter` (`MPI_Scatter_init`): `Start()` runs it on the same
   * buffers as often as needed. Needs an MPI-4 library (or Open MPI's `MPIX_`
   * forms); elsewhere an `MPIError` says the library lacks it.
   */
  Scatter_init(
    sendbuf: BufSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(
      coll.blockCall(this, "scatter", sendbuf, recvbuf, root),
      info,
    );
  }

  /**
   * A persistent `Allgather` (`MPI_Allgather_init`): `Start()` runs it on the
   * same buffers as often as needed. Needs an MPI-4 library (or Open MPI's
   * `MPIX_` forms); elsewhere an `MPIError` says the library lacks it.
   */
  Allgather_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(coll.blockCall(this, "allgather", sendbuf, recvbuf), info);
  }

  /**
   * A persistent `Alltoall` (`MPI_Alltoall_init`): `Start()` runs it on the
   * same buffers as often as needed. Needs an MPI-4 library (or Open MPI's
   * `MPIX_` forms); elsewhere an `MPIError` says the library lacks it.
   */
  Alltoall_init(
    sendbuf: SendSpec,
    recvbuf: BufSpec,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(coll.blockCall(this, "alltoall", sendbuf, recvbuf), info);
  }

  /**
   * A persistent `Gatherv` (`MPI_Gatherv_init`): `Start()` runs it on the same
   * buffers as often as needed. Needs an MPI-4 library (or Open MPI's `MPIX_`
   * forms); elsewhere an `MPIError` says the library lacks it. Large counts as
   * in `Gatherv` (`MPI_Gatherv_init_c`).
   */
  Gatherv_init(
    sendbuf: SendSpec,
    recvbuf: VecSpec | null | undefined,
    root = 0,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(vector.gathervCall(this, sendbuf, recvbuf, root), info);
  }

  /**
   * A persistent `Scatterv` (`MPI_Scatterv_init`): `Start()` runs it on the
   * same buffers as often as needed. Needs an MPI-4 library (or Open MPI's
   * `MPIX_` forms); elsewhere an `MPIError` says the library lacks it.
   */
  Scatterv_init(
    sendbuf: VecSpec | null | undefined,
    recvbuf: SendSpec,
    root = 0,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(vector.scattervCall(this, sendbuf, recvbuf, root), info);
  }

  /**
   * A persistent `Allgatherv` (`MPI_Allgatherv_init`): `Start()` runs it on
   * the same buffers as often as needed. Needs an MPI-4 library (or Open MPI's
   * `MPIX_` forms); elsewhere an `MPIError` says the library lacks it.
   */
  Allgatherv_init(
    sendbuf: SendSpec,
    recvbuf: VecSpec,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(vector.allgathervCall(this, sendbuf, recvbuf), info);
  }

  /**
   * A persistent `Alltoallv` (`MPI_Alltoallv_init`): `Start()` runs it on the
   * same buffers as often as needed. Needs an MPI-4 library (or Open MPI's
   * `MPIX_` forms); elsewhere an `MPIError` says the library lacks it.
   */
  Alltoallv_init(
    sendbuf: VecSpec | typeof IN_PLACE,
    recvbuf: VecSpec,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(vector.alltoallvCall(this, sendbuf, recvbuf), info);
  }

  /**
   * A persistent `Alltoallw` (`MPI_Alltoallw_init`): `Start()` runs it on the
   * same buffers as often as needed. Needs an MPI-4 library (or Open MPI's
   * `MPIX_` forms); elsewhere an `MPIError` says the library lacks it.
   */
  Alltoallw_init(
    sendbuf: WSpec | typeof IN_PLACE,
    recvbuf: WSpec,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(vector.alltoallwCall(this, sendbuf, recvbuf), info);
  }

  // ------------------------------------------------- value collectives

  /** Same as `Barrier()`. */
  barrier(): void {
    coll.Barrier(this);
  }

  /** Broadcasts a value from `root`; every rank returns it. Any size. */
  bcast(obj: unknown, root = 0): unknown {
    return values.bcast(this, obj, root);
  }

  /** Gathers one value per rank at `root` (an array in rank order); `undefined` elsewhere. */
  gather(obj: unknown, root = 0): unknown[] | undefined {
    return values.gather(this, obj, root);
  }

  /** Gathers one value per rank on every rank (an array in rank order). */
  allgather(obj: unknown): unknown[] {
    return values.allgather(this, obj);
  }

  /** Sends `objs[i]` from `root` to rank i; each rank returns its value. */
  scatter(objs: readonly unknown[] | undefined | null, root = 0): unknown {
    return values.scatter(this, objs, root);
  }

  /** Sends `objs[i]` to rank i; returns the values received, in rank order. */
  alltoall(objs: readonly unknown[]): unknown[] {
    return values.alltoall(this, objs);
  }

  /**
   * Combines the values of all ranks with `op` at `root` (`undefined`
   * elsewhere). Every rank must pass the same kind of value.
   */
  reduce(obj: unknown, op: ValueOp = OPS.SUM, root = 0): unknown {
    return values.reduce(this, obj, op, root);
  }

  /** Combines the values of all ranks with `op`; every rank returns the result. */
  allreduce(obj: unknown, op: ValueOp = OPS.SUM): unknown {
    return values.allreduce(this, obj, op);
  }

  /** Inclusive prefix reduction of values: rank r returns `op` over ranks 0..r. */
  scan(obj: unknown, op: ValueOp = OPS.SUM): unknown {
    return values.scan(this, obj, op);
  }

  /** Exclusive prefix reduction of values: `undefined` on rank 0. */
  exscan(obj: unknown, op: ValueOp = OPS.SUM): unknown {
    return values.exscan(this, obj, op);
  }

  /** Starts a barrier; the request's value is `undefined`. */
  ibarrier(): Request {
    return values.ibarrier(this);
  }

  /** Starts a broadcast of a value from `root`; `wait()` gives it on every rank. */
  ibcast(obj: unknown, root = 0): Request {
    return values.ibcast(this, obj, root);
  }

  /** Starts gathering one value per rank at `root`; `wait()` gives the array there. */
  igather(obj: unknown, root = 0): Request {
    return values.igather(this, obj, root);
  }

  /** Starts gathering one value per rank on every rank. */
  iallgather(obj: unknown): Request {
    return values.iallgather(this, obj);
  }

  /** Starts scattering `objs[i]` from `root` to rank i. */
  iscatter(objs: readonly unknown[] | null | undefined, root = 0): Request {
    return values.iscatter(this, objs, root);
  }

  /** Starts sending `objs[i]` to rank i; `wait()` gives the values received. */
  ialltoall(objs: readonly unknown[]): Request {
    return values.ialltoall(this, objs);
  }

  /** Starts a value reduction to `root`; `wait()` gives the result there. */
  ireduce(obj: unknown, op: ValueOp = OPS.SUM, root = 0): Request {
    return values.ireduce(this, obj, op, root);
  }

  /** Starts a value reduction on every rank; `wait()`/`waitAsync()` give the result. */
  iallreduce(obj: unknown, op: ValueOp = OPS.SUM): Request {
    return values.iallreduce(this, obj, op);
  }
}

/**
 * An intracommunicator: one group of processes talking among themselves.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * using sub = mpi.COMM_WORLD.Split(mpi.COMM_WORLD.rank % 2);
 * console.log(sub.rank, sub.size);
 * ```
 */
export class Intracomm extends Comm {
  /**
   * A communicator of the processes of `group` (`MPI_Comm_create_from_group`,
   * MPI-4), made without a parent communicator: every member calls it with
   * the same string `tag`. With a `Session`, this is how a communicator is
   * made without `MPI_Init`. Errors on it throw `MPIError` unless another
   * `errhandler` is given. On a library without it, an `MPIError` names the
   * missing call.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * if (mpi.Session.isAvailable) {
   *   using session = mpi.Session.Init();
   *   using group = session.Create_group("mpi://WORLD");
   *   using comm = mpi.Intracomm.Create_from_group(group, "example.world");
   *   comm.Barrier();
   * }
   * ```
   */
  static Create_from_group(
    group: Group,
    tag: string,
    info: Info = INFO_NULL,
    errhandler?: Errhandler,
  ): Intracomm {
    return wrapComm(
      comm.createFromGroup(group, tag, info, errhandler),
    ) as Intracomm;
  }

  /** Splits by `color`, ordered by `key`; `UNDEFINED` color gives `COMM_NULL`. */
  override Split(color = 0, key = 0): Intracomm {
    return wrapComm(comm.split(this, color, key)) as Intracomm;
  }

  /** Splits by `splitType`, ordered by `key`; `UNDEFINED` gives `COMM_NULL`. */
  override Split_type(splitType: number, key = 0, info?: Info): Intracomm {
    return wrapComm(comm.splitType(this, splitType, key, info)) as Intracomm;
  }

  /** The communicator of `group`'s processes; `COMM_NULL` outside `group`. */
  override Create(group: Group): Intracomm {
    return wrapComm(comm.create(this, group)) as Intracomm;
  }

  /**
   * A communicator of the processes of `group`, made by them alone
   * (`MPI_Comm_create_group`): only members call it, with the same `group`
   * and `tag`; a call with a group this process is not in (e.g.
   * `GROUP_EMPTY`) gives `COMM_NULL`.
   */
  Create_group(group: Group, tag = 0): Intracomm {
    return wrapComm(comm.createGroup(this, group, tag)) as Intracomm;
  }

  /**
   * A Cartesian grid of `dims` over these processes (`MPI_Cart_create`);
   * `periods[i]` makes dimension i wrap around. Processes left over get
   * `COMM_NULL`.
   */
  Create_cart(
    dims: readonly number[],
    periods?: readonly boolean[],
    reorder = false,
  ): Cartcomm {
    return wrapComm(
      create.createCart(this.handle, dims, periods, reorder),
    ) as Cartcomm;
  }

  /** A graph topology (`MPI_Graph_create`): node i's edges end at `index[i]`. */
  Create_graph(
    index: readonly number[],
    edges: readonly number[],
    reorder = false,
  ): Graphcomm {
    return wrapComm(
      create.createGraph(this.handle, index, edges, reorder),
    ) as Graphcomm;
  }

  /**
   * A distributed graph from each process's own in- and out-neighbors
   * (`MPI_Dist_graph_create_adjacent`); weights are optional.
   */
  Create_dist_graph_adjacent(
    sources: readonly number[],
    destinations: readonly number[],
    sourceWeights?: readonly number[],
    destWeights?: readonly number[],
    info?: Info,
    reorder = false,
  ): Distgraphcomm {
    return wrapComm(
      create.createDistGraphAdjacent(
        this.handle,
        sources,
        destinations,
        sourceWeights,
        destWeights,
        info,
        reorder,
      ),
    ) as Distgraphcomm;
  }

  /**
   * A distributed graph from any edges each process knows
   * (`MPI_Dist_graph_create`): `sources[i]` has `degrees[i]` destinations.
   */
  Create_dist_graph(
    sources: readonly number[],
    degrees: readonly number[],
    destinations: readonly number[],
    weights?: readonly number[],
    info?: Info,
    reorder = false,
  ): Distgraphcomm {
    return wrapComm(
      create.createDistGraph(
        this.handle,
        sources,
        degrees,
        destinations,
        weights,
        info,
        reorder,
      ),
    ) as Distgraphcomm;
  }

  /**
   * An intercommunicator between this communicator and another, disjoint
   * one (`MPI_Intercomm_create`). Both sides call it; `localLeader` is a
   * rank of this communicator, and that leader names the other side's
   * leader as `remoteLeader`, a rank of `peerComm`, a communicator both
   * leaders belong to (`peerComm` and `remoteLeader` matter only at the
   * leader; elsewhere `peerComm` may be `COMM_NULL`). `tag` must be the
   * same on both leaders.
   */
  Create_intercomm(
    localLeader: number,
    peerComm: Comm,
    remoteLeader: number,
    tag = 0,
  ): Intercomm {
    return wrapComm(
      comm.createIntercomm(
        this,
        localLeader,
        commArg(peerComm, "peerComm"),
        remoteLeader,
        tag,
      ),
    ) as Intercomm;
  }

  // -------------------------------------------------- dynamic processes

  /**
   * Starts `maxprocs` processes running `command` with `args`
   * (`MPI_Comm_spawn`) and returns the intercommunicator to them; they
   * find it with `Comm.Get_parent()`. Collective; `command`, `args`,
   * `maxprocs` and `info` matter at `root` only (other ranks may pass
   * anything), and a bad one there makes every rank throw. `errcodes`, if
   * given, is filled with one code per process (`SUCCESS` for each
   * started). `runtimeCommand` gives the command of a TypeScript worker.
   * A command that is not an executable file (a path, or on `PATH`)
   * throws an `MPIError` (`ERR_SPAWN`) before MPI is called. On Open MPI,
   * unless `info` sets `map_by`, mpi4ts adds `map_by=":OVERSUBSCRIBE"`, so
   * processes beyond the free cores start anyway (Open MPI 4.1 would
   * otherwise fail at the root and leave the other ranks waiting). Where
   * the library cannot start processes at all, an `MPIError` says so.
   *
   * @example Start two workers and hear from each
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const cmd = mpi.runtimeCommand(new URL("./worker.ts", import.meta.url));
   * const errcodes: number[] = [];
   * try {
   *   using workers = mpi.COMM_SELF.Spawn(cmd.command, cmd.args, 2, mpi.INFO_NULL, 0, errcodes);
   *   for (let i = 0; i < workers.remote_size; i++) console.log(workers.recv(i));
   * } catch (e) {
   *   console.log("cannot start workers here:", (e as Error).message);
   * }
   * ```
   */
  Spawn(
    command: string,
    args: readonly string[] = [],
    maxprocs = 1,
    info: Info = INFO_NULL,
    root = 0,
    errcodes?: number[],
  ): Intercomm {
    return wrapComm(
      spawn.spawn(this, command, args, maxprocs, info, root, errcodes),
    ) as Intercomm;
  }

  /**
   * Starts `maxprocs[i]` processes running `commands[i]` with `args[i]`
   * and hints `info[i]` (`MPI_Comm_spawn_multiple`); one intercommunicator
   * to all of them, ranked in command order. A single `maxprocs` or `info`
   * applies to every command. As `Spawn` otherwise.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const a = mpi.runtimeCommand(new URL("./a.ts", import.meta.url));
   * const b = mpi.runtimeCommand(new URL("./b.ts", import.meta.url));
   * const spawnBoth = () =>
   *   mpi.COMM_SELF.Spawn_multiple([a.command, b.command], [a.args, b.args], [1, 2]);
   * console.log(typeof spawnBoth);
   * ```
   */
  Spawn_multiple(
    commands: readonly string[],
    args?: readonly (readonly string[])[] | null,
    maxprocs: number | readonly number[] = 1,
    info: Info | readonly Info[] = INFO_NULL,
    root = 0,
    errcodes?: number[],
  ): Intercomm {
    return wrapComm(
      spawn.spawnMultiple(
        this,
        commands,
        args,
        maxprocs,
        info,
        root,
        errcodes,
      ),
    ) as Intercomm;
  }

  /**
   * Waits for a job to `Connect` to `port` (`MPI_Comm_accept`) and returns
   * the intercommunicator to it. Collective; `port` and `info` matter at
   * `root` only. `port` comes from `mpi.Open_port()` (or `Lookup_name`);
   * on Open MPI a name not shaped like its port names throws `ERR_PORT`
   * at the root (and `ERR_ARG` elsewhere) before MPI is called.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const serve = (port: string) => mpi.COMM_WORLD.Accept(port);
   * console.log(typeof serve);
   * ```
   */
  Accept(port: string, info: Info = INFO_NULL, root = 0): Intercomm {
    return wrapComm(ports.accept(this, port, info, root)) as Intercomm;
  }

  /**
   * Connects to the job accepting on `port` (`MPI_Comm_connect`) and
   * returns the intercommunicator to it. Collective; `port` and `info`
   * matter at `root` only, as for `Accept`.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * const call = (port: string) => mpi.COMM_WORLD.Connect(port);
   * console.log(typeof call);
   * ```
   */
  Connect(port: string, info: Info = INFO_NULL, root = 0): Intercomm {
    return wrapComm(ports.connect(this, port, info, root)) as Intercomm;
  }
}

/**
 * The base of the topology communicators: neighbor collectives over the
 * in-neighbors (receive side) and out-neighbors (send side).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * using ring = comm.Create_cart([comm.size], [true]);
 * const got = new Int32Array(2); // from the left and right neighbors
 * ring.Neighbor_allgather(new Int32Array([comm.rank]), got);
 * ```
 */
export abstract class Topocomm extends Intracomm {
  /** Numbers of in-neighbors and out-neighbors of this process. */
  abstract get degrees(): [indegree: number, outdegree: number];

  /** Gathers one block from each in-neighbor (`MPI_Neighbor_allgather`). */
  Neighbor_allgather(sendbuf: BufSpec, recvbuf: BufSpec): void {
    run(neighbor.allgatherCall(this, sendbuf, recvbuf));
  }

  /** Starts `Neighbor_allgather` (`MPI_Ineighbor_allgather`). */
  Ineighbor_allgather(sendbuf: BufSpec, recvbuf: BufSpec): Request {
    return start(neighbor.allgatherCall(this, sendbuf, recvbuf));
  }

  /** A persistent `Neighbor_allgather` (`MPI_Neighbor_allgather_init`). */
  Neighbor_allgather_init(
    sendbuf: BufSpec,
    recvbuf: BufSpec,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(neighbor.allgatherCall(this, sendbuf, recvbuf), info);
  }

  /**
   * Gathers a block of varying size from each in-neighbor
   * (`MPI_Neighbor_allgatherv`).
   */
  Neighbor_allgatherv(sendbuf: BufSpec, recvbuf: VecSpec): void {
    run(neighbor.allgathervCall(this, sendbuf, recvbuf));
  }

  /** Starts `Neighbor_allgatherv` (`MPI_Ineighbor_allgatherv`). */
  Ineighbor_allgatherv(sendbuf: BufSpec, recvbuf: VecSpec): Request {
    return start(neighbor.allgathervCall(this, sendbuf, recvbuf));
  }

  /** A persistent `Neighbor_allgatherv` (`MPI_Neighbor_allgatherv_init`). */
  Neighbor_allgatherv_init(
    sendbuf: BufSpec,
    recvbuf: VecSpec,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(neighbor.allgathervCall(this, sendbuf, recvbuf), info);
  }

  /**
   * Sends block i to out-neighbor i and receives one block from each in-
   * neighbor (`MPI_Neighbor_alltoall`).
   */
  Neighbor_alltoall(sendbuf: BufSpec, recvbuf: BufSpec): void {
    run(neighbor.alltoallCall(this, sendbuf, recvbuf));
  }

  /** Starts `Neighbor_alltoall` (`MPI_Ineighbor_alltoall`). */
  Ineighbor_alltoall(sendbuf: BufSpec, recvbuf: BufSpec): Request {
    return start(neighbor.alltoallCall(this, sendbuf, recvbuf));
  }

  /** A persistent `Neighbor_alltoall` (`MPI_Neighbor_alltoall_init`). */
  Neighbor_alltoall_init(
    sendbuf: BufSpec,
    recvbuf: BufSpec,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(neighbor.alltoallCall(this, sendbuf, recvbuf), info);
  }

  /**
   * Sends blocks of varying size to the out-neighbors and receives from the
   * in-neighbors (`MPI_Neighbor_alltoallv`).
   */
  Neighbor_alltoallv(sendbuf: VecSpec, recvbuf: VecSpec): void {
    run(neighbor.alltoallvCall(this, sendbuf, recvbuf));
  }

  /** Starts `Neighbor_alltoallv` (`MPI_Ineighbor_alltoallv`). */
  Ineighbor_alltoallv(sendbuf: VecSpec, recvbuf: VecSpec): Request {
    return start(neighbor.alltoallvCall(this, sendbuf, recvbuf));
  }

  /** A persistent `Neighbor_alltoallv` (`MPI_Neighbor_alltoallv_init`). */
  Neighbor_alltoallv_init(
    sendbuf: VecSpec,
    recvbuf: VecSpec,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(neighbor.alltoallvCall(this, sendbuf, recvbuf), info);
  }

  /**
   * Sends blocks of varying size and datatype to the out-neighbors and
   * receives from the in-neighbors (`MPI_Neighbor_alltoallw`). Each side is
   * `[buf, counts, byteDispls, types]`, as for `Alltoallw`.
   */
  Neighbor_alltoallw(sendbuf: WSpec, recvbuf: WSpec): void {
    run(neighbor.alltoallwCall(this, sendbuf, recvbuf));
  }

  /** Starts `Neighbor_alltoallw` (`MPI_Ineighbor_alltoallw`). */
  Ineighbor_alltoallw(sendbuf: WSpec, recvbuf: WSpec): Request {
    return start(neighbor.alltoallwCall(this, sendbuf, recvbuf));
  }

  /** A persistent `Neighbor_alltoallw` (`MPI_Neighbor_alltoallw_init`). */
  Neighbor_alltoallw_init(
    sendbuf: WSpec,
    recvbuf: WSpec,
    info: Info = INFO_NULL,
  ): Prequest {
    return persist(neighbor.alltoallwCall(this, sendbuf, recvbuf), info);
  }

  /** One value from each in-neighbor, in neighbor order. */
  neighbor_allgather(obj: unknown): unknown[] {
    return neighbor.neighbor_allgather(this, obj);
  }

  /** Sends `objs[i]` to out-neighbor i; returns one value per in-neighbor. */
  neighbor_alltoall(objs: readonly unknown[]): unknown[] {
    return neighbor.neighbor_alltoall(this, objs);
  }
}

/**
 * A communicator on a Cartesian grid.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * using grid = comm.Create_cart(mpi.Compute_dims(comm.size, 2), [true, false]);
 * const [left, right] = grid.Shift(0, 1);
 * console.log(left, right);
 * ```
 */
export class Cartcomm extends Topocomm {
  /** Number of dimensions (`MPI_Cartdim_get`). */
  get ndim(): number {
    return topo.cartNdim(this);
  }

  /** Extent of each dimension (`MPI_Cart_get`). */
  get dims(): number[] {
    return topo.cartGet(this).dims;
  }

  /** Whether each dimension wraps around (`MPI_Cart_get`). */
  get periods(): boolean[] {
    return topo.cartGet(this).periods;
  }

  /** This process's coordinates (`MPI_Cart_get`). */
  get coords(): number[] {
    return topo.cartGet(this).coords;
  }

  /** Two neighbors per dimension, both sides. */
  get degrees(): [number, number] {
    return [2 * this.ndim, 2 * this.ndim];
  }

  /** The rank at `coords` (`MPI_Cart_rank`; periodic dimensions wrap). */
  Get_cart_rank(coords: readonly number[]): number {
    return topo.cartRank(this, coords);
  }

  /** The coordinates of `rank` (`MPI_Cart_coords`). */
  Get_coords(rank: number): number[] {
    return topo.cartCoords(this, rank);
  }

  /**
   * `[source, dest]` of a shift by `disp` along `direction`
   * (`MPI_Cart_shift`); `PROC_NULL` off the edge.
   */
  Shift(direction: number, disp: number): [number, number] {
    return topo.cartShift(this, direction, disp);
  }

  /** The sub-grids keeping the dimensions where `remainDims` is true (`MPI_Cart_sub`). */
  Sub(remainDims: readonly boolean[]): Cartcomm {
    return wrapComm(topo.cartSub(this, remainDims)) as Cartcomm;
  }
}

/**
 * A communicator with a graph topology.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const n = mpi.COMM_WORLD.size;
 * // A ring: node i's edges end at index[i].
 * const index = Array.from({ length: n }, (_, i) => i + 1);
 * const edges = Array.from({ length: n }, (_, i) => (i + 1) % n);
 * using g = mpi.COMM_WORLD.Create_graph(index, edges);
 * console.log(g.neighbors);
 * ```
 */
export class Graphcomm extends Topocomm {
  /** Number of nodes (`MPI_Graphdims_get`). */
  get nnodes(): number {
    return topo.graphDims(this)[0];
  }

  /** Number of edges (`MPI_Graphdims_get`). */
  get nedges(): number {
    return topo.graphDims(this)[1];
  }

  /** `index[i]`: the end of node i's edges in `edges` (`MPI_Graph_get`). */
  get index(): number[] {
    return topo.graphGet(this)[0];
  }

  /** The edges of all nodes, node by node (`MPI_Graph_get`). */
  get edges(): number[] {
    return topo.graphGet(this)[1];
  }

  /** The neighbors of `rank` (`MPI_Graph_neighbors`). */
  Get_neighbors(rank: number): number[] {
    return topo.graphNeighbors(this, rank);
  }

  /** This process's neighbors. */
  get neighbors(): number[] {
    return topo.graphNeighbors(this, this.rank);
  }

  /** As many in- as out-neighbors: the graph's edges of this node. */
  get degrees(): [number, number] {
    const n = this.neighbors.length;
    return [n, n];
  }
}

/**
 * A communicator with a distributed graph topology.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * const left = (comm.rank + comm.size - 1) % comm.size;
 * using g = comm.Create_dist_graph_adjacent([left], [(comm.rank + 1) % comm.size]);
 * console.log(g.Get_dist_neighbors());
 * ```
 */
export class Distgraphcomm extends Topocomm {
  /** Numbers of in- and out-neighbors (`MPI_Dist_graph_neighbors_count`). */
  get degrees(): [number, number] {
    const [i, o] = topo.distGraphCounts(this);
    return [i, o];
  }

  /** Number of in-neighbors. */
  get indegree(): number {
    return topo.distGraphCounts(this)[0];
  }

  /** Number of out-neighbors. */
  get outdegree(): number {
    return topo.distGraphCounts(this)[1];
  }

  /** In- and out-neighbors, with weights if weighted (`MPI_Dist_graph_neighbors`). */
  Get_dist_neighbors(): DistNeighbors {
    return topo.distNeighbors(this);
  }
}

/**
 * An intercommunicator: two groups; ranks in point-to-point calls and the
 * roots of collectives name processes of the remote group (the root's own
 * group passes `ROOT` at the root, `PROC_NULL` elsewhere).
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const world = mpi.COMM_WORLD;
 * if (world.size >= 2) {
 *   const half = world.rank % 2;
 *   using local = world.Split(half);
 *   using inter = local.Create_intercomm(0, world, 1 - half, 7);
 *   console.log(inter.remote_size);
 * }
 * ```
 */
export class Intercomm extends Comm {
  /**
   * An intercommunicator between two disjoint groups
   * (`MPI_Intercomm_create_from_groups`, MPI-4), made without a parent
   * communicator: the members of both call it with the same string `tag`,
   * each naming its own group first. On a library without it, an `MPIError`
   * names the missing call.
   *
   * @example
   * ```ts
   * import * as mpi from "@mpi4ts/mpi";
   * if (mpi.Session.isAvailable && mpi.COMM_WORLD.size > 1) {
   *   using session = mpi.Session.Init();
   *   using world = session.Create_group("mpi://WORLD");
   *   const half = world.size >> 1;
   *   using low = world.Range_incl([[0, half - 1, 1]]);
   *   using high = world.Range_excl([[0, half - 1, 1]]);
   *   const mine = world.rank < half;
   *   using inter = mpi.Intercomm.Create_from_groups(
   *     mine ? low : high, 0, mine ? high : low, 0, "example.halves",
   *   );
   *   console.log(inter.remote_size);
   * }
   * ```
   */
  static Create_from_groups(
    localGroup: Group,
    localLeader: number,
    remoteGroup: Group,
    remoteLeader: number,
    tag: string,
    info: Info = INFO_NULL,
    errhandler?: Errhandler,
  ): Intercomm {
    return wrapComm(
      comm.createFromGroups(
        localGroup,
        localLeader,
        remoteGroup,
        remoteLeader,
        tag,
        info,
        errhandler,
      ),
    ) as Intercomm;
  }

  #remoteSize = -1;

  /**
   * Always true for an intercommunicator.
   *
   * @ignore
   */
  override get isInter(): boolean {
    return true;
  }

  /**
   * Ranks in point-to-point calls name the remote group.
   *
   * @ignore
   */
  override get peerCount(): number {
    return this.remote_size;
  }

  /** Number of processes in the remote group (`MPI_Comm_remote_size`). */
  get remote_size(): number {
    void this.handle; // a freed intercommunicator throws, cached size or not
    if (this.#remoteSize < 0) this.#remoteSize = comm.remoteSize(this);
    return this.#remoteSize;
  }

  /** The group of the other side (`MPI_Comm_remote_group`). Free it when done. */
  Get_remote_group(): Group {
    return comm.getRemoteGroup(this);
  }

  /**
   * An intracommunicator of both sides (`MPI_Intercomm_merge`): the side
   * that passes `high = true` comes after the other; sides passing the same
   * value are ordered by MPI.
   */
  Merge(high = false): Intracomm {
    return wrapComm(comm.merge(this, high)) as Intracomm;
  }
}

/** The null communicator. */
export const COMM_NULL: Comm = new Comm(null, true);

/** All the processes of the job. */
export const COMM_WORLD: Intracomm = new Intracomm(H.COMM_WORLD, true);

/** Just this process. */
export const COMM_SELF: Intracomm = new Intracomm(H.COMM_SELF, true);

let parent: Comm = COMM_NULL;

/** `Comm.Get_parent()`: the cached parent while it is live. */
function parentComm(): Comm {
  if (parent.isLive) return parent;
  const h = spawn.getParent();
  parent = sameHandle(h, H.COMM_NULL) ? COMM_NULL : new Intercomm(h, true);
  return parent;
}

/**
 * The communicator object for a new handle, of the class MPI says it is:
 * `Intercomm`, a topology class, or `Intracomm`; `COMM_NULL` itself for
 * the null handle, so `=== COMM_NULL` works.
 */
export function wrapComm(handle: Handle): Comm {
  if (sameHandle(handle, H.COMM_NULL)) return COMM_NULL;
  if (comm.testInter(handle)) return new Intercomm(handle);
  switch (comm.topologyOf(handle)) {
    case C.CART:
      return new Cartcomm(handle);
    case C.GRAPH:
      return new Graphcomm(handle);
    case C.DIST_GRAPH:
      return new Distgraphcomm(handle);
    default:
      return new Intracomm(handle);
  }
}

/**
 * The communicator an error handler is called on: `COMM_WORLD`/`COMM_SELF`
 * themselves, else an object that does not own the handle (the handler must
 * not free what its caller is using).
 */
function borrowComm(handle: Handle): Comm {
  if (sameHandle(handle, H.COMM_WORLD)) return COMM_WORLD;
  if (sameHandle(handle, H.COMM_SELF)) return COMM_SELF;
  if (sameHandle(handle, H.COMM_NULL)) return COMM_NULL;
  return comm.testInter(handle)
    ? new Intercomm(handle, true)
    : new Intracomm(handle, true);
}

function commArg(value: unknown, name: string): Comm {
  if (value instanceof Comm) return value;
  throw new TypeError(`${name} must be a communicator`);
}

/** Checks that `c` is usable before touching its attributes. */
function live(c: Comm): Comm {
  void c.handle;
  return c;
}

/** Gives `copy`, a new duplicate of `from`, the attributes its keyvals copy. */
function withAttrs<T extends Comm>(from: Comm, copy: T): T {
  copyAttrs(from, copy);
  return copy;
}
