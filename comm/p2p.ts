/**
 * Point-to-point communication: buffers (Capitalized, in place, C speed)
 * and values (lowercase, any structured-clone value). Each function checks
 * its arguments, naming the bad one, and calls C once; the communicator
 * classes' methods are one line calling these.
 *
 * @module
 */
import { C, type Handle, has, lib, type Memory } from "../ffi/lib.ts";
import { INT_MAX, largeType } from "../core/large.ts";
import { type BufSpec, resolve, Resolved } from "../core/buffer.ts";
import { DATATYPES } from "../core/datatype.ts";
import { check } from "../core/errors.ts";
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
import type { Comm } from "./comm.ts";
import { destRank, recvTag, sendTag, sourceRank } from "../core/checks.ts";
import { Message } from "./message.ts";
import { ValueRecv } from "./value_recv.ts";
import {
  blockingMessageCell,
  matchBlocking,
  messageCell,
  receiveMatched,
  sendLayout,
} from "../core/wire.ts";

const SEND = new Resolved();
const RECV = new Resolved();
const flagOut = new Int32Array(1);

type SendFn = (
  buf: Memory,
  count: number,
  type: Handle,
  dest: number,
  tag: number,
  comm: Handle,
) => number;

type StartFn = (...args: [...Parameters<SendFn>, Int32Array]) => number;

/** The four send modes, each in its blocking, started and persistent C form. */
export interface SendMode {
  /** `MPI_Send`, `MPI_Ssend`, `MPI_Bsend` or `MPI_Rsend`. */
  readonly name: string;
  /** The blocking call. */
  readonly blocking: SendFn;
  /** The `I` form's name and call. */
  readonly startedName: string;
  /** The started call (`MPI_Isend`, ...). */
  readonly started: StartFn;
  /** The `_init` form's name. */
  readonly persistentName: string;
  /** The persistent call (`MPI_Send_init`, ...). */
  readonly persistent: StartFn;
}

function mode(base: "" | "s" | "b" | "r"): SendMode {
  const name = `MPI_${base.toUpperCase()}${base ? "send" : "Send"}`;
  const startedName = `MPI_I${base}send`;
  const persistentName = `${name}_init`;
  const fns = lib as unknown as Record<string, SendFn & StartFn>;
  return {
    name,
    blocking: fns[name],
    startedName,
    started: fns[startedName],
    persistentName,
    persistent: fns[persistentName],
  };
}

/** Standard, synchronous, buffered and ready mode. */
export const MODES = {
  standard: mode(""),
  synchronous: mode("s"),
  buffered: mode("b"),
  ready: mode("r"),
} as const;

/** The `MPI_Request` of a blocking send completed before it returns. */
const sendCell = new Int32Array(2);

// ------------------------------------------------------------ buffers

/** Sends `buf` to `dest` in `mode` (`MPI_Send`, `MPI_Ssend`, ...). */
export function send(
  comm: Comm,
  mode: SendMode,
  buf: BufSpec,
  dest: number,
  tag: number,
): void {
  const m = resolve(buf, SEND, "buf");
  if (m.count > INT_MAX) return largeSend(comm, mode, m, dest, tag);
  check(
    mode.blocking(
      m.buf,
      m.count,
      m.type,
      destRank(comm, dest, mode.name),
      sendTag(tag, mode.name),
      comm.handle,
    ),
    mode.name,
  );
}

/**
 * A send of more than `INT_MAX` elements: `MPI_Send_c` (and the other
 * modes' `_c` forms) where the library has it, else one element of a
 * derived type spanning them all.
 */
function largeSend(
  comm: Comm,
  mode: SendMode,
  m: Resolved,
  dest: number,
  tag: number,
): void {
  const d = destRank(comm, dest, mode.name), t = sendTag(tag, mode.name);
  if (mode.name === "MPI_Send" && has("MPI_Send_c")) {
    check(
      lib.MPI_Send_c(m.buf, m.count, m.type, d, t, comm.handle),
      "MPI_Send_c",
    );
    return;
  }
  using whole = largeType(m.datatype, m.count);
  check(mode.blocking(m.buf, 1, whole.handle, d, t, comm.handle), mode.name);
}

/** A receive of more than `INT_MAX` elements (`MPI_Recv_c`, or a derived type). */
function largeRecv(
  comm: Comm,
  m: Resolved,
  source: number,
  tag: number,
  status: Status | undefined,
): void {
  const s = sourceRank(comm, source, "MPI_Recv"), t = recvTag(tag, "MPI_Recv");
  if (has("MPI_Recv_c")) {
    check(
      lib.MPI_Recv_c(
        m.buf,
        m.count,
        m.type,
        s,
        t,
        comm.handle,
        statusBytes(status),
      ),
      "MPI_Recv_c",
    );
    return;
  }
  using whole = largeType(m.datatype, m.count);
  check(
    lib.MPI_Recv(
      m.buf,
      1,
      whole.handle,
      s,
      t,
      comm.handle,
      statusBytes(status),
    ),
    "MPI_Recv",
  );
}

/** Starts a send in `mode` (`MPI_Isend`, ...); the request keeps `buf` alive. */
export function startSend(
  comm: Comm,
  mode: SendMode,
  buf: BufSpec,
  dest: number,
  tag: number,
  what = "buf",
): Request {
  return postSend(comm, mode, buf, dest, tag, false, what);
}

/** A persistent send in `mode` (`MPI_Send_init`, ...); the request keeps `buf` alive. */
export function sendInit(
  comm: Comm,
  mode: SendMode,
  buf: BufSpec,
  dest: number,
  tag: number,
): Prequest {
  return postSend(comm, mode, buf, dest, tag, true) as Prequest;
}

function postSend(
  comm: Comm,
  mode: SendMode,
  buf: BufSpec,
  dest: number,
  tag: number,
  persistent: boolean,
  what = "buf",
): Request {
  const call = persistent ? mode.persistentName : mode.startedName;
  const m = resolve(buf, SEND, what);
  const d = destRank(comm, dest, call), t = sendTag(tag, call);
  const req = persistent ? new Prequest(m.owner) : new Request(m.owner);
  const fn = persistent ? mode.persistent : mode.started;
  if (m.count > INT_MAX) {
    using whole = largeType(m.datatype, m.count);
    check(fn(m.buf, 1, whole.handle, d, t, comm.handle, req.cell), call);
    return req;
  }
  check(fn(m.buf, m.count, m.type, d, t, comm.handle, req.cell), call);
  return req;
}

/** Receives into `buf` (`MPI_Recv`); a larger message is `ERR_TRUNCATE`. */
export function Recv(
  comm: Comm,
  buf: BufSpec,
  source: number,
  tag: number,
  status?: Status,
): void {
  if (hasBackground()) {
    startRecv(comm, buf, source, tag).Wait(status);
    return;
  }
  const m = resolve(buf, RECV, "buf");
  if (m.count > INT_MAX) return largeRecv(comm, m, source, tag, status);
  check(
    lib.MPI_Recv(
      m.buf,
      m.count,
      m.type,
      sourceRank(comm, source, "MPI_Recv"),
      recvTag(tag, "MPI_Recv"),
      comm.handle,
      statusBytes(status),
    ),
    "MPI_Recv",
  );
}

/** Starts a receive (`MPI_Irecv`); the request keeps `buf` alive. */
export function startRecv(
  comm: Comm,
  buf: BufSpec | null | undefined,
  source: number,
  tag: number,
  what = "buf",
): Request {
  return postRecv(comm, buf, source, tag, false, what);
}

/** A persistent receive (`MPI_Recv_init`); the request keeps `buf` alive. */
export function recvInit(
  comm: Comm,
  buf: BufSpec,
  source: number,
  tag: number,
): Prequest {
  return postRecv(comm, buf, source, tag, true) as Prequest;
}

function postRecv(
  comm: Comm,
  buf: BufSpec | null | undefined,
  source: number,
  tag: number,
  persistent: boolean,
  what = "buf",
): Request {
  const call = persistent ? "MPI_Recv_init" : "MPI_Irecv";
  const m = resolve(buf, RECV, what);
  const s = sourceRank(comm, source, call), t = recvTag(tag, call);
  const req = persistent ? new Prequest(m.owner) : new Request(m.owner);
  const fn = persistent ? lib.MPI_Recv_init : lib.MPI_Irecv;
  if (m.count > INT_MAX) {
    using whole = largeType(m.datatype, m.count);
    check(fn(m.buf, 1, whole.handle, s, t, comm.handle, req.cell), call);
    return req;
  }
  check(fn(m.buf, m.count, m.type, s, t, comm.handle, req.cell), call);
  return req;
}

/** Sends `sendbuf` and receives into `recvbuf` at once (`MPI_Sendrecv`). */
export function Sendrecv(
  comm: Comm,
  sendbuf: BufSpec,
  dest: number,
  sendtag: number,
  recvbuf: BufSpec | null | undefined,
  source: number,
  recvtag: number,
  status?: Status,
): void {
  const call = "MPI_Sendrecv";
  const s = resolve(sendbuf, SEND, "sendbuf");
  const r = resolve(recvbuf, RECV, "recvbuf");
  check(
    lib.MPI_Sendrecv(
      s.buf,
      s.count,
      s.type,
      destRank(comm, dest, call),
      sendTag(sendtag, call, "sendtag"),
      r.buf,
      r.count,
      r.type,
      sourceRank(comm, source, call),
      recvTag(recvtag, call, "recvtag"),
      comm.handle,
      statusBytes(status),
    ),
    call,
  );
}

/** Sends `buf` and receives into the same memory (`MPI_Sendrecv_replace`). */
export function Sendrecv_replace(
  comm: Comm,
  buf: BufSpec,
  dest: number,
  sendtag: number,
  source: number,
  recvtag: number,
  status?: Status,
): void {
  const call = "MPI_Sendrecv_replace";
  const m = resolve(buf, SEND, "buf");
  check(
    lib.MPI_Sendrecv_replace(
      m.buf,
      m.count,
      m.type,
      destRank(comm, dest, call),
      sendTag(sendtag, call, "sendtag"),
      sourceRank(comm, source, call),
      recvTag(recvtag, call, "recvtag"),
      comm.handle,
      statusBytes(status),
    ),
    call,
  );
}

/** Blocks until a matching message can be received; fills `status` (`MPI_Probe`). */
export function Probe(
  comm: Comm,
  source: number,
  tag: number,
  status?: Status,
): true {
  check(
    lib.MPI_Probe(
      sourceRank(comm, source, "MPI_Probe"),
      recvTag(tag, "MPI_Probe"),
      comm.handle,
      statusBytes(status),
    ),
    "MPI_Probe",
  );
  return true;
}

/** Whether a matching message can be received now (`MPI_Iprobe`). */
export function Iprobe(
  comm: Comm,
  source: number,
  tag: number,
  status?: Status,
): boolean {
  check(
    lib.MPI_Iprobe(
      sourceRank(comm, source, "MPI_Iprobe"),
      recvTag(tag, "MPI_Iprobe"),
      comm.handle,
      flagOut,
      statusBytes(status),
    ),
    "MPI_Iprobe",
  );
  return flagOut[0] !== 0;
}

/** Matches a message for a later `Message.Recv` (`MPI_Mprobe`). */
export function Mprobe(
  comm: Comm,
  source: number,
  tag: number,
  status?: Status,
): Message {
  const cell = messageCell();
  const st = statusBytes(status);
  check(
    lib.MPI_Mprobe(
      sourceRank(comm, source, "MPI_Mprobe"),
      recvTag(tag, "MPI_Mprobe"),
      comm.handle,
      cell,
      st,
    ),
    "MPI_Mprobe",
  );
  return new Message(cell, st);
}

/** Matches a message if one is there (`MPI_Improbe`), else `null`. */
export function Improbe(
  comm: Comm,
  source: number,
  tag: number,
  status?: Status,
): Message | null {
  const cell = messageCell();
  const st = statusBytes(status);
  check(
    lib.MPI_Improbe(
      sourceRank(comm, source, "MPI_Improbe"),
      recvTag(tag, "MPI_Improbe"),
      comm.handle,
      flagOut,
      cell,
      st,
    ),
    "MPI_Improbe",
  );
  return flagOut[0] === 0 ? null : new Message(cell, st);
}

// ------------------------------------------------------------- values

/** Sends any structured-clone value to `dest` in `mode`. */
export function sendValue(
  comm: Comm,
  mode: SendMode,
  obj: unknown,
  dest: number,
  tag: number,
): void {
  if (hasBackground()) {
    // Pending value receives (maybe our own, for a send to self) must keep
    // probing while this send waits.
    startValue(comm, mode, obj, dest, tag).Wait();
    return;
  }
  const call = mode.name;
  const d = destRank(comm, dest, call), t = sendTag(tag, call);
  const h = comm.handle;
  const e = serialize(obj);
  if (e.parts.length === 0 && e.byteLength === e.head.byteLength) {
    check(
      mode.blocking(e.head, e.byteLength, DATATYPES.BYTE.handle, d, t, h),
      call,
    );
    return;
  }
  const layout = sendLayout(e);
  try {
    if (
      e.byteLength >= ZERO_COPY_MIN && mode !== MODES.buffered &&
      spareWanted()
    ) {
      // A large send waits for its receiver: meanwhile, allocate memory
      // for the next value received (core/spare.ts).
      check(
        mode.started(
          layout.base,
          layout.count,
          layout.type,
          d,
          t,
          h,
          sendCell,
        ),
        call,
      );
      try {
        prepareSpare();
      } finally {
        check(lib.MPI_Wait(sendCell, IGNORED.bytes), "MPI_Wait");
      }
    } else {
      check(
        mode.blocking(layout.base, layout.count, layout.type, d, t, h),
        call,
      );
    }
  } finally {
    layout.free();
  }
}

/** Starts sending a value in `mode` (`isend`, `issend`, `ibsend`). */
export function startValue(
  comm: Comm,
  mode: SendMode,
  obj: unknown,
  dest: number,
  tag: number,
): Request {
  const call = mode.startedName;
  const d = destRank(comm, dest, call), t = sendTag(tag, call);
  const e = serialize(obj);
  // The codec's head lives in scratch memory: a pending send needs its own copy.
  const own = { ...e, head: e.head.slice() };
  const layout = sendLayout(own, false);
  const req = new Request(own, () => layout.free());
  try {
    check(
      mode.started(
        layout.base,
        layout.count,
        layout.type,
        d,
        t,
        comm.handle,
        req.cell,
      ),
      call,
    );
  } catch (err) {
    layout.free();
    throw err;
  }
  return req;
}

/** Receives a value of any size; `undefined` when `source` is `PROC_NULL`. */
export function recv(
  comm: Comm,
  source: number,
  tag: number,
  status?: Status,
): unknown {
  const s = sourceRank(comm, source, "MPI_Mprobe");
  const t = recvTag(tag, "MPI_Mprobe");
  if (s === C.PROC_NULL) {
    setProcNull(status);
    return undefined;
  }
  if (hasBackground()) return irecv(comm, s, t).wait(status);
  const cell = blockingMessageCell();
  const st = statusBytes(status);
  matchBlocking(s, t, comm.handle, cell, st);
  return receiveMatched(cell, st);
}

/** Starts receiving a value; `wait()`/`waitAsync()` give it. No size limit. */
export function irecv(comm: Comm, source: number, tag: number): Request {
  const s = sourceRank(comm, source, "MPI_Improbe");
  const t = recvTag(tag, "MPI_Improbe");
  if (s === C.PROC_NULL) return Request.completed(undefined);
  const steps = new ValueRecv(s, t, comm.handle);
  advanceWhileWaiting(steps);
  return Request.fromSteps(steps);
}

/** Sends `sendobj` to `dest` and receives a value from `source`. */
export function sendrecv(
  comm: Comm,
  sendobj: unknown,
  dest: number,
  sendtag: number,
  source: number,
  recvtag: number,
  status?: Status,
): unknown {
  const req = startValue(comm, MODES.standard, sendobj, dest, sendtag);
  try {
    return recv(comm, source, recvtag, status);
  } finally {
    req.Wait();
  }
}
