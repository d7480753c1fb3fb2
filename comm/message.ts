/**
 * `Message`: a message matched by `Mprobe`/`Improbe`, to be received with
 * `Recv`/`Irecv` (buffers) or `recv`/`irecv` (values). Only this receive can
 * take it, so probe-then-receive is safe with many threads or pending
 * receives.
 *
 * @module
 */
import { C, H, lib, readHandle, sameHandle } from "../ffi/lib.ts";
import { resolve, Resolved } from "../core/buffer.ts";
import type { BufSpec } from "../core/buffer.ts";
import { check, mpiError } from "../core/errors.ts";
import { Request } from "../core/request.ts";
import {
  messageBytes,
  Status,
  STATUS_SIZE,
  statusBytes,
} from "../core/status.ts";
import { receiveMatched, recvLayout } from "../core/wire.ts";
import { deserialize } from "../core/pickle.ts";

const RECV = new Resolved();

/**
 * A matched message.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * comm.Send(new Float64Array([1, 2, 3]), comm.rank, 0);
 * const st = new mpi.Status();
 * const msg = comm.Mprobe(mpi.ANY_SOURCE, 0, st);
 * const buf = new Float64Array(st.Get_count(mpi.DOUBLE));
 * msg.Recv(buf);
 * ```
 */
export class Message {
  /** The `MPI_Message` cell. */
  readonly #cell: Uint8Array;
  /** The status of the probe that matched it. */
  readonly #probe: Uint8Array;

  /**
   * Made by `Mprobe`/`Improbe`/`mprobe`/`improbe`.
   *
   * @param cell the `MPI_Message` handle cell
   * @param probeStatus the status the probe filled
   */
  constructor(cell: Uint8Array, probeStatus: Uint8Array) {
    this.#cell = cell;
    this.#probe = probeStatus.slice(0, STATUS_SIZE);
  }

  #take(call: string): Uint8Array {
    if (this.isNull) {
      throw mpiError(C.ERR_REQUEST, call, "the message was already received");
    }
    return this.#cell;
  }

  /** Whether the message has been received already. */
  get isNull(): boolean {
    return sameHandle(readHandle(this.#cell), H.MESSAGE_NULL);
  }

  /** Receives the message into `buf` (`MPI_Mrecv`). */
  Recv(buf: BufSpec, status?: Status): void {
    const m = resolve(buf, RECV, "buf");
    check(
      lib.MPI_Mrecv(
        m.buf,
        m.count,
        m.type,
        this.#take("MPI_Mrecv"),
        statusBytes(status),
      ),
      "MPI_Mrecv",
    );
  }

  /** Starts receiving the message into `buf` (`MPI_Imrecv`). */
  Irecv(buf: BufSpec): Request {
    const m = resolve(buf, RECV, "buf");
    const req = new Request(m.owner);
    check(
      lib.MPI_Imrecv(
        m.buf,
        m.count,
        m.type,
        this.#take("MPI_Imrecv"),
        req.cell,
      ),
      "MPI_Imrecv",
    );
    return req;
  }

  /** Receives the message as a value. */
  recv(status?: Status): unknown {
    const st = statusBytes(status);
    st.set(this.#probe);
    return receiveMatched(this.#take("MPI_Mrecv"), st);
  }

  /** Starts receiving the message as a value; `wait()` gives it. */
  irecv(): Request {
    const layout = recvLayout(messageBytes(this.#probe), true);
    const req = new Request(layout.base, () => {
      layout.free();
      return deserialize(layout.base!);
    });
    check(
      lib.MPI_Imrecv(
        layout.base,
        layout.count,
        layout.type,
        this.#take("MPI_Imrecv"),
        req.cell,
      ),
      "MPI_Imrecv",
    );
    return req;
  }
}
