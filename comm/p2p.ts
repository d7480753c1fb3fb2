/**
 * Point-to-point communication on a communicator: buffers (Capitalized,
 * in place, C speed) and values (lowercase, any structured-clone value).
 *
 * @module
 */
import { C, type Handle, lib, type Memory } from "../ffi/lib.ts";
import {
  type BufSpec,
  Message as BufMessage,
  resolve,
} from "../core/buffer.ts";
import { DATATYPES } from "../core/datatype.ts";
import { check, describe, mpiError } from "../core/errors.ts";
import { serialize } from "../core/pickle.ts";
import { ZERO_COPY_MIN } from "../core/codec.ts";
import {
  advanceWhileWaiting,
  hasBackground,
  Prequest,
  Request,
} from "../core/request.ts";
import { prepareSpare, spareWanted } from "../core/spare.ts";
import {
  IGNORED,
  setProcNull,
  type Status,
  statusBytes,
} from "../core/status.ts";
import { CommCore } from "./core.ts";
import { Message } from "./message.ts";
import { ValueRecv } from "./value_recv.ts";
import {
  blockingMessageCell,
  matchBlocking,
  messageCell,
  receiveMatched,
  sendLayout,
} from "./wire.ts";

const SEND = new BufMessage();
const RECV = new BufMessage();
const flagOut = new Int32Array(1);

type SendFn = (
  buf: Memory,
  count: number,
  type: Handle,
  dest: number,
  tag: number,
  comm: Handle,
) => number;

type IsendFn = (...args: [...Parameters<SendFn>, Int32Array]) => number;

/** The nonblocking form of a blocking send. */
function nonblocking(fn: SendFn): IsendFn {
  return fn === lib.MPI_Ssend
    ? lib.MPI_Issend
    : fn === lib.MPI_Bsend
    ? lib.MPI_Ibsend
    : lib.MPI_Isend;
}

/** The `MPI_Request` of a blocking send completed before it returns. */
const sendCell = new Int32Array(2);

function rankError(name: string, value: unknown, peers: number): Error {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    return new TypeError(
      `${name} must be an integer rank, got ${describe(value)}`,
    );
  }
  return mpiError(
    C.ERR_RANK,
    name,
    `${name} ${value} is not a rank of this communicator (0..${
      peers - 1
    }, or PROC_NULL)`,
  );
}

function tagError(name: string, value: unknown): Error {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    return new TypeError(`${name} must be an integer, got ${describe(value)}`);
  }
  return mpiError(C.ERR_TAG, name, `${name} must be ≥ 0, got ${value}`);
}

/**
 * Point-to-point layer of communicators.
 */
export class P2PComm extends CommCore {
  /** Checks a destination rank. */
  protected dest(d: number, name = "dest"): number {
    if (
      (d | 0) === d && ((d >= 0 && d < this.peerCount) || d === C.PROC_NULL)
    ) return d | 0;
    throw rankError(name, d, this.peerCount);
  }

  /** Checks a source rank (also `ANY_SOURCE`). */
  protected source(s: number, name = "source"): number {
    if (
      (s | 0) === s &&
      ((s >= 0 && s < this.peerCount) || s === C.ANY_SOURCE ||
        s === C.PROC_NULL)
    ) {
      return s | 0;
    }
    throw rankError(name, s, this.peerCount);
  }

  /** Checks a send tag. */
  protected sendTag(t: number, name = "tag"): number {
    if ((t | 0) === t && t >= 0) return t | 0;
    throw tagError(name, t);
  }

  /** Checks a receive tag (also `ANY_TAG`). */
  protected recvTag(t: number, name = "tag"): number {
    if ((t | 0) === t && (t >= 0 || t === C.ANY_TAG)) return t | 0;
    throw tagError(name, t);
  }

  #send(
    fn: SendFn,
    call: string,
    buf: BufSpec,
    dest: number,
    tag: number,
  ): void {
    const m = resolve(buf, SEND, "buf");
    check(
      fn(
        m.buf,
        m.count,
        m.type,
        this.dest(dest),
        this.sendTag(tag),
        this.handle,
      ),
      call,
    );
  }

  #isend(
    fn: IsendFn,
    call: string,
    buf: BufSpec,
    dest: number,
    tag: number,
    persistent = false,
  ): Request {
    const m = resolve(buf, SEND, "buf");
    const d = this.dest(dest), t = this.sendTag(tag), h = this.handle;
    const req = persistent ? new Prequest(m.owner) : new Request(m.owner);
    check(fn(m.buf, m.count, m.type, d, t, h, req.cell), call);
    return req;
  }

  // ------------------------------------------------------------ buffers

  /** Sends `buf` to `dest` (`MPI_Send`). */
  Send(buf: BufSpec, dest: number, tag = 0): void {
    this.#send(lib.MPI_Send, "MPI_Send", buf, dest, tag);
  }

  /** Synchronous send: completes once the receive has started (`MPI_Ssend`). */
  Ssend(buf: BufSpec, dest: number, tag = 0): void {
    this.#send(lib.MPI_Ssend, "MPI_Ssend", buf, dest, tag);
  }

  /** Ready send: the matching receive must already be posted (`MPI_Rsend`). */
  Rsend(buf: BufSpec, dest: number, tag = 0): void {
    this.#send(lib.MPI_Rsend, "MPI_Rsend", buf, dest, tag);
  }

  /** Buffered send through the attached buffer (`MPI_Bsend`, see `Attach_buffer`). */
  Bsend(buf: BufSpec, dest: number, tag = 0): void {
    this.#send(lib.MPI_Bsend, "MPI_Bsend", buf, dest, tag);
  }

  /** Receives into `buf` (`MPI_Recv`); a larger message is `ERR_TRUNCATE`. */
  Recv(
    buf: BufSpec,
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): void {
    if (hasBackground()) {
      this.Irecv(buf, source, tag).Wait(status);
      return;
    }
    const m = resolve(buf, RECV, "buf");
    check(
      lib.MPI_Recv(
        m.buf,
        m.count,
        m.type,
        this.source(source),
        this.recvTag(tag),
        this.handle,
        statusBytes(status),
      ),
      "MPI_Recv",
    );
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
    const s = resolve(sendbuf, SEND, "sendbuf");
    const r = resolve(recvbuf, RECV, "recvbuf");
    check(
      lib.MPI_Sendrecv(
        s.buf,
        s.count,
        s.type,
        this.dest(dest),
        this.sendTag(sendtag, "sendtag"),
        r.buf,
        r.count,
        r.type,
        this.source(source),
        this.recvTag(recvtag, "recvtag"),
        this.handle,
        statusBytes(status),
      ),
      "MPI_Sendrecv",
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
    const m = resolve(buf, SEND, "buf");
    check(
      lib.MPI_Sendrecv_replace(
        m.buf,
        m.count,
        m.type,
        this.dest(dest),
        this.sendTag(sendtag, "sendtag"),
        this.source(source),
        this.recvTag(recvtag, "recvtag"),
        this.handle,
        statusBytes(status),
      ),
      "MPI_Sendrecv_replace",
    );
  }

  /** Starts a send (`MPI_Isend`); `buf` stays referenced until completion. */
  Isend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.#isend(lib.MPI_Isend, "MPI_Isend", buf, dest, tag);
  }

  /** Starts a synchronous send (`MPI_Issend`). */
  Issend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.#isend(lib.MPI_Issend, "MPI_Issend", buf, dest, tag);
  }

  /** Starts a ready send (`MPI_Irsend`). */
  Irsend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.#isend(lib.MPI_Irsend, "MPI_Irsend", buf, dest, tag);
  }

  /** Starts a buffered send (`MPI_Ibsend`). */
  Ibsend(buf: BufSpec, dest: number, tag = 0): Request {
    return this.#isend(lib.MPI_Ibsend, "MPI_Ibsend", buf, dest, tag);
  }

  /** Starts a receive into `buf` (`MPI_Irecv`); `buf` stays referenced until completion. */
  Irecv(
    buf: BufSpec,
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
  ): Request {
    return this.#irecv(buf, source, tag, false);
  }

  #irecv(
    buf: BufSpec,
    source: number,
    tag: number,
    persistent: boolean,
  ): Request {
    const m = resolve(buf, RECV, "buf");
    const s = this.source(source), t = this.recvTag(tag), h = this.handle;
    const req = persistent ? new Prequest(m.owner) : new Request(m.owner);
    const fn = persistent ? lib.MPI_Recv_init : lib.MPI_Irecv;
    check(
      fn(m.buf, m.count, m.type, s, t, h, req.cell),
      persistent ? "MPI_Recv_init" : "MPI_Irecv",
    );
    return req;
  }

  #sendInit(
    fn: IsendFn,
    call: string,
    buf: BufSpec,
    dest: number,
    tag: number,
  ): Prequest {
    return this.#isend(fn, call, buf, dest, tag, true) as Prequest;
  }

  /** A persistent standard send (`MPI_Send_init`). */
  Send_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.#sendInit(lib.MPI_Send_init, "MPI_Send_init", buf, dest, tag);
  }

  /** A persistent synchronous send (`MPI_Ssend_init`). */
  Ssend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.#sendInit(lib.MPI_Ssend_init, "MPI_Ssend_init", buf, dest, tag);
  }

  /** A persistent buffered send (`MPI_Bsend_init`). */
  Bsend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.#sendInit(lib.MPI_Bsend_init, "MPI_Bsend_init", buf, dest, tag);
  }

  /** A persistent ready send (`MPI_Rsend_init`). */
  Rsend_init(buf: BufSpec, dest: number, tag = 0): Prequest {
    return this.#sendInit(lib.MPI_Rsend_init, "MPI_Rsend_init", buf, dest, tag);
  }

  /** A persistent receive (`MPI_Recv_init`). */
  Recv_init(
    buf: BufSpec,
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
  ): Prequest {
    return this.#irecv(buf, source, tag, true) as Prequest;
  }

  /** Blocks until a matching message can be received; fills `status` (`MPI_Probe`). */
  Probe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): true {
    check(
      lib.MPI_Probe(
        this.source(source),
        this.recvTag(tag),
        this.handle,
        statusBytes(status),
      ),
      "MPI_Probe",
    );
    return true;
  }

  /** Whether a matching message can be received now (`MPI_Iprobe`). */
  Iprobe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): boolean {
    check(
      lib.MPI_Iprobe(
        this.source(source),
        this.recvTag(tag),
        this.handle,
        flagOut,
        statusBytes(status),
      ),
      "MPI_Iprobe",
    );
    return flagOut[0] !== 0;
  }

  /** Matches a message for a later `Message.Recv` (`MPI_Mprobe`). */
  Mprobe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): Message {
    const cell = messageCell();
    const st = statusBytes(status);
    check(
      lib.MPI_Mprobe(
        this.source(source),
        this.recvTag(tag),
        this.handle,
        cell,
        st,
      ),
      "MPI_Mprobe",
    );
    return new Message(cell, st);
  }

  /** Matches a message if one is there (`MPI_Improbe`), else `null`. */
  Improbe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): Message | null {
    const cell = messageCell();
    const st = statusBytes(status);
    check(
      lib.MPI_Improbe(
        this.source(source),
        this.recvTag(tag),
        this.handle,
        flagOut,
        cell,
        st,
      ),
      "MPI_Improbe",
    );
    return flagOut[0] === 0 ? null : new Message(cell, st);
  }

  // ------------------------------------------------------------- values

  #sendValue(
    fn: SendFn,
    call: string,
    obj: unknown,
    dest: number,
    tag: number,
  ): void {
    if (hasBackground()) {
      // Pending value receives (maybe our own, for a send to self) must keep
      // probing while this send waits.
      this.#isendValue(nonblocking(fn), call, obj, dest, tag).Wait();
      return;
    }
    const d = this.dest(dest), t = this.sendTag(tag), h = this.handle;
    const e = serialize(obj);
    if (e.parts.length === 0 && e.byteLength === e.head.byteLength) {
      check(fn(e.head, e.byteLength, DATATYPES.BYTE.handle, d, t, h), call);
      return;
    }
    const layout = sendLayout(e);
    try {
      if (
        e.byteLength >= ZERO_COPY_MIN && fn !== lib.MPI_Bsend && spareWanted()
      ) {
        // A large send waits for its receiver: meanwhile, allocate memory
        // for the next value received (core/spare.ts).
        const ifn = nonblocking(fn);
        check(
          ifn(layout.base, layout.count, layout.type, d, t, h, sendCell),
          call,
        );
        try {
          prepareSpare();
        } finally {
          check(lib.MPI_Wait(sendCell, IGNORED.bytes), "MPI_Wait");
        }
      } else {
        check(fn(layout.base, layout.count, layout.type, d, t, h), call);
      }
    } finally {
      layout.free();
    }
  }

  #isendValue(
    fn: IsendFn,
    call: string,
    obj: unknown,
    dest: number,
    tag: number,
  ): Request {
    const d = this.dest(dest), t = this.sendTag(tag), h = this.handle;
    const e = serialize(obj);
    // The codec's head lives in scratch memory: a pending send needs its own copy.
    const own = { ...e, head: e.head.slice() };
    const layout = sendLayout(own, false);
    const req = new Request(own, () => layout.free());
    try {
      check(
        fn(layout.base, layout.count, layout.type, d, t, h, req.cell),
        call,
      );
    } catch (err) {
      layout.free();
      throw err;
    }
    return req;
  }

  /** Sends any structured-clone value to `dest`. */
  send(obj: unknown, dest: number, tag = 0): void {
    this.#sendValue(lib.MPI_Send, "MPI_Send", obj, dest, tag);
  }

  /** Sends a value synchronously (returns once the receive has started). */
  ssend(obj: unknown, dest: number, tag = 0): void {
    this.#sendValue(lib.MPI_Ssend, "MPI_Ssend", obj, dest, tag);
  }

  /** Sends a value through the attached buffer (`MPI_Bsend`). */
  bsend(obj: unknown, dest: number, tag = 0): void {
    this.#sendValue(lib.MPI_Bsend, "MPI_Bsend", obj, dest, tag);
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
   * ```ts ignore
   * const req = comm.isend({ step: 1, field: new Float64Array(1 << 20) }, 1);
   * // 8 MiB: do not write to the field until the send completes.
   * req.wait();
   * ```
   */
  isend(obj: unknown, dest: number, tag = 0): Request {
    return this.#isendValue(lib.MPI_Isend, "MPI_Isend", obj, dest, tag);
  }

  /** Starts a synchronous value send. */
  issend(obj: unknown, dest: number, tag = 0): Request {
    return this.#isendValue(lib.MPI_Issend, "MPI_Issend", obj, dest, tag);
  }

  /** Starts a buffered value send. */
  ibsend(obj: unknown, dest: number, tag = 0): Request {
    return this.#isendValue(lib.MPI_Ibsend, "MPI_Ibsend", obj, dest, tag);
  }

  /**
   * Receives a value of any size. `undefined` when `source` is `PROC_NULL`.
   */
  recv(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): unknown {
    const s = this.source(source), t = this.recvTag(tag), h = this.handle;
    if (s === C.PROC_NULL) {
      setProcNull(status);
      return undefined;
    }
    if (hasBackground()) return this.irecv(s, t).wait(status);
    const cell = blockingMessageCell();
    const st = statusBytes(status);
    matchBlocking(s, t, h, cell, st);
    return receiveMatched(cell, st);
  }

  /** Starts receiving a value; `wait()`/`waitAsync()` give it. No size limit. */
  irecv(source: number = C.ANY_SOURCE, tag: number = C.ANY_TAG): Request {
    const s = this.source(source), t = this.recvTag(tag), h = this.handle;
    if (s === C.PROC_NULL) return Request.completed(undefined);
    const steps = new ValueRecv(s, t, h);
    advanceWhileWaiting(steps);
    return Request.fromSteps(steps);
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
    const req = this.isend(sendobj, dest, sendtag);
    try {
      return this.recv(source, recvtag, status);
    } finally {
      req.Wait();
    }
  }

  /** Blocks until a matching message is available (values or buffers). */
  probe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): true {
    return this.Probe(source, tag, status);
  }

  /** Whether a matching message is available. */
  iprobe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): boolean {
    return this.Iprobe(source, tag, status);
  }

  /** Matches a value message for `msg.recv()`. */
  mprobe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): Message {
    return this.Mprobe(source, tag, status);
  }

  /** Matches a value message if one is there, else `null`. */
  improbe(
    source: number = C.ANY_SOURCE,
    tag: number = C.ANY_TAG,
    status?: Status,
  ): Message | null {
    return this.Improbe(source, tag, status);
  }
}
