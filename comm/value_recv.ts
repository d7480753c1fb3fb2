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
  readonly #message = slabBytes(8);
  readonly #status = slabBytes(STATUS_SIZE);
  readonly #cell = slabInts(2);
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

  /** Starts the receive of the matched message. */
  #start(): void {
    const layout = recvLayout(messageBytes(this.#status), true);
    this.#layout = layout;
    check(
      lib.MPI_Imrecv(
        layout.base,
        layout.count,
        layout.type,
        this.#message,
        this.#cell,
      ),
      "MPI_Imrecv",
    );
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
          this.#message,
          this.#status,
        ),
        "MPI_Improbe",
      );
      if (flagOut[0] === 0) return false;
      if (messageBytes(this.#status) <= EAGER_MAX) {
        // Sent eagerly (below every MPI's eager limit): its bytes are here
        // already, so the blocking receive of the matched message returns
        // at once and skips a request, a buffer and a test.
        this.#value = receiveMatched(this.#message, this.#status);
        this.#done = true;
        return true;
      }
      this.#start();
    }
    check(lib.MPI_Test(this.#cell, flagOut, this.#status), "MPI_Test");
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
        this.#message,
        this.#status,
      );
      this.#value = receiveMatched(this.#message, this.#status);
      this.#done = true;
      return;
    }
    check(lib.MPI_Wait(this.#cell, this.#status), "MPI_Wait");
    this.#finish();
  }

  result(): unknown {
    return this.#value;
  }

  status(): Uint8Array {
    return this.#status;
  }
}
