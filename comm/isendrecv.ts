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
import { type BufSpec, resolve, Resolved } from "../core/buffer.ts";
import { Request, type Steps } from "../core/request.ts";
import { Status } from "../core/status.ts";
import type { Comm } from "./comm.ts";
import { MODES, startRecv, startSend } from "./p2p.ts";

const SPAN = new Resolved();

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
  const recv = startRecv(comm, recvbuf, source, recvtag, "recvbuf");
  const send = startSend(
    comm,
    MODES.standard,
    sendbuf,
    dest,
    sendtag,
    "sendbuf",
  );
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
  // The data leaves from a copy of the bytes its elements span, so the
  // receive may land in the buffer before the send has read it.
  const m = resolve(buf, SPAN, "buf");
  const span = m.datatype.span(m.count);
  const copy = m.buf === null
    ? new Uint8Array(0)
    : ArrayBuffer.isView(m.buf)
    ? new Uint8Array(m.buf.buffer, m.buf.byteOffset, span).slice()
    : new Uint8Array(m.buf, 0, span).slice();
  const outgoing = [copy, m.count, m.datatype] as const;
  const recv = startRecv(comm, buf, source, recvtag);
  const send = startSend(comm, MODES.standard, outgoing, dest, sendtag);
  return Request.fromSteps(new Pair(recv, send));
}
