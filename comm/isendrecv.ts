/**
 * `Isendrecv` and `Isendrecv_replace` (MPI-4): a send and a receive started
 * together, completed by one request. Open MPI 4.1 lacks the calls, and
 * MPICH 4.0's `MPI_Isendrecv` completes with an empty status (source 0,
 * tag 0, count 0: measured in C), so on every library mpi4ts posts an
 * `Irecv` and an `Isend` and completes them as one request: the same
 * semantics, and the status of the receive. For `_replace` the outgoing
 * data is copied first, so the receive may overwrite the buffer at once.
 *
 * @module
 */
import { lib } from "../ffi/lib.ts";
import { type BufSpec, resolve, Resolved } from "../core/buffer.ts";
import { check } from "../core/errors.ts";
import { Request, type Steps } from "../core/request.ts";
import { Status } from "../core/status.ts";
import { destRank, recvTag, sendTag, sourceRank } from "../core/checks.ts";
import type { Comm } from "./comm.ts";

const SEND = new Resolved();
const RECV = new Resolved();

/** An `Irecv` and an `Isend` that complete as one request. */
class Pair implements Steps {
  readonly #recv: Request;
  readonly #send: Request;
  readonly #status = new Status();
  #recvDone = false;
  #sendDone = false;

  constructor(recv: Request, send: Request) {
    this.#recv = recv;
    this.#send = send;
  }

  test(): boolean {
    if (!this.#recvDone) this.#recvDone = this.#recv.Test(this.#status);
    if (!this.#sendDone) this.#sendDone = this.#send.Test();
    return this.#recvDone && this.#sendDone;
  }

  wait(): void {
    if (!this.#recvDone) this.#recv.Wait(this.#status);
    if (!this.#sendDone) this.#send.Wait();
    this.#recvDone = this.#sendDone = true;
  }

  async waitAsync(): Promise<void> {
    if (!this.#recvDone) await this.#recv.waitAsync(this.#status);
    if (!this.#sendDone) await this.#send.waitAsync();
    this.#recvDone = this.#sendDone = true;
  }

  result(): unknown {
    return undefined;
  }

  status(): Uint8Array {
    return this.#status.bytes;
  }

  cancel(): void {
    if (!this.#recvDone) this.#recv.Cancel();
    if (!this.#sendDone) this.#send.Cancel();
  }
}

/** Starts sending `sendbuf` to `dest` and receiving into `recvbuf` from `source` (`MPI_Isendrecv`). */
export function isendrecv(
  comm: Comm,
  sendbuf: BufSpec,
  dest: number,
  sendtag: number,
  recvbuf: BufSpec | null | undefined,
  source: number,
  recvtag: number,
): Request {
  const call = "MPI_Isendrecv";
  const s = resolve(sendbuf, SEND, "sendbuf");
  const [sb, sc, st, so] = [s.buf, s.count, s.type, s.owner];
  const r = resolve(recvbuf, RECV, "recvbuf");
  const d = destRank(comm, dest, call),
    stag = sendTag(sendtag, call, "sendtag");
  const src = sourceRank(comm, source, call);
  const rtag = recvTag(recvtag, call, "recvtag");
  const h = comm.handle;
  const recv = new Request(r.owner);
  check(lib.MPI_Irecv(r.buf, r.count, r.type, src, rtag, h, recv.cell), call);
  const send = new Request(so);
  check(lib.MPI_Isend(sb, sc, st, d, stag, h, send.cell), call);
  return Request.fromSteps(new Pair(recv, send));
}

/** Starts sending `buf` and receiving into the same memory (`MPI_Isendrecv_replace`). */
export function isendrecvReplace(
  comm: Comm,
  buf: BufSpec,
  dest: number,
  sendtag: number,
  source: number,
  recvtag: number,
): Request {
  const call = "MPI_Isendrecv_replace";
  const m = resolve(buf, RECV, "buf");
  const d = destRank(comm, dest, call),
    stag = sendTag(sendtag, call, "sendtag");
  const src = sourceRank(comm, source, call);
  const rtag = recvTag(recvtag, call, "recvtag");
  // The data leaves from a copy of the bytes the elements span, so the
  // receive may land in the buffer before the send has read it.
  const bytes = m.buf === null
    ? new Uint8Array(0)
    : ArrayBuffer.isView(m.buf)
    ? new Uint8Array(m.buf.buffer, m.buf.byteOffset, m.datatype.span(m.count))
    : new Uint8Array(m.buf, 0, m.datatype.span(m.count));
  const copy = bytes.slice();
  const h = comm.handle;
  const recv = new Request(m.owner);
  check(lib.MPI_Irecv(m.buf, m.count, m.type, src, rtag, h, recv.cell), call);
  const send = new Request(copy);
  check(lib.MPI_Isend(copy, m.count, m.type, d, stag, h, send.cell), call);
  return Request.fromSteps(new Pair(recv, send));
}
