/**
 * The nonblocking value receive: probe for a matching message without
 * blocking (`MPI_Improbe`), then receive exactly it (`MPI_Imrecv`) into a
 * buffer of its size, then decode. No size limit, never truncates.
 *
 * @module
 */
import { type Handle, lib } from "../ffi/lib.ts";
import { check } from "../core/errors.ts";
import { deserialize } from "../core/pickle.ts";
import { beginValue, prepareSpare } from "../core/spare.ts";
import type { Steps } from "../core/request.ts";
import { slabBytes, slabInts } from "../core/slab.ts";
import { messageBytes, STATUS_SIZE } from "../core/status.ts";
import {
  type Layout,
  matchBlocking,
  receiveMatched,
  recvLayout,
} from "../core/wire.ts";

const flagOut = new Int32Array(1);
/**
 * Where every probe writes the matched message and its status: a receive
 * takes memory of its own only once it matches (its status; and, when the
 * message is large, its message handle and request), so the many tests of
 * an awaited value that has not arrived allocate nothing.
 */
const probeMessage = slabBytes(8);
const probeStatus = slabBytes(STATUS_SIZE);

/**
 * Largest message received with a blocking `MPI_Mrecv` once matched: far
 * below the eager limits of Open MPI (4 KiB over shared memory) and MPICH
 * (64 KiB), so the data has arrived with the match.
 */
const EAGER_MAX = 1024;

/** Steps of a value `irecv`. */
export class ValueRecv implements Steps {
  readonly #source: number;
  readonly #tag: number;
  readonly #comm: Handle;
  /** The matched message, request and status of a large receive. */
  #message: Uint8Array | undefined;
  #cell: Int32Array | undefined;
  #status: Uint8Array | undefined;
  #layout: Layout | undefined;
  #done = false;
  #value: unknown;

  /**
   * @param source rank to receive from (or `ANY_SOURCE`)
   * @param tag tag to match (or `ANY_TAG`)
   * @param comm communicator handle
   */
  constructor(source: number, tag: number, comm: Handle) {
    this.#source = source;
    this.#tag = tag;
    this.#comm = comm;
  }

  /** Receives the probed message: at once if small, else starts `MPI_Imrecv`. */
  #matched(): boolean {
    if (messageBytes(probeStatus) <= EAGER_MAX) {
      // Sent eagerly (below every MPI's eager limit): its bytes are here
      // already, so the blocking receive of the matched message returns
      // at once and skips a request, a buffer and a test.
      this.#value = receiveMatched(probeMessage, probeStatus);
      this.#status = slabBytes(STATUS_SIZE);
      this.#status.set(probeStatus);
      this.#done = true;
      return true;
    }
    const message = this.#message = slabBytes(8);
    message.set(probeMessage);
    const status = this.#status = slabBytes(STATUS_SIZE);
    status.set(probeStatus);
    const cell = this.#cell = slabInts(2);
    beginValue();
    const layout = recvLayout(messageBytes(status), true);
    this.#layout = layout;
    check(
      lib.MPI_Imrecv(layout.base, layout.count, layout.type, message, cell),
      "MPI_Imrecv",
    );
    return false;
  }

  #finish(): void {
    this.#layout!.free();
    this.#value = deserialize(this.#layout!.base!);
    this.#done = true;
  }

  test(): boolean {
    if (this.#done) return true;
    if (!this.#layout) {
      check(
        lib.MPI_Improbe(
          this.#source,
          this.#tag,
          this.#comm,
          flagOut,
          probeMessage,
          probeStatus,
        ),
        "MPI_Improbe",
      );
      if (flagOut[0] === 0) {
        // Nothing yet: as a blocking receive does, use the wait to make
        // the memory the value will need (core/spare.ts).
        prepareSpare();
        return false;
      }
      if (this.#matched()) return true;
    }
    check(lib.MPI_Test(this.#cell!, flagOut, this.#status!), "MPI_Test");
    if (flagOut[0] === 0) return false;
    this.#finish();
    return true;
  }

  wait(): void {
    if (this.#done) return;
    if (!this.#layout) {
      matchBlocking(
        this.#source,
        this.#tag,
        this.#comm,
        probeMessage,
        probeStatus,
      );
      this.#value = receiveMatched(probeMessage, probeStatus);
      this.#status = slabBytes(STATUS_SIZE);
      this.#status.set(probeStatus);
      this.#done = true;
      return;
    }
    check(lib.MPI_Wait(this.#cell!, this.#status!), "MPI_Wait");
    this.#finish();
  }

  result(): unknown {
    return this.#value;
  }

  /** The status of the received message, once complete. */
  status(): Uint8Array | undefined {
    return this.#status;
  }
}
