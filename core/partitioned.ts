/**
 * The request of a partitioned send or receive (MPI-4): a persistent
 * request whose buffer is split into partitions a sender marks ready one by
 * one (`Pready`) and a receiver sees arrive one by one (`Parrived`).
 *
 * @module
 */
import { type Handle, HANDLE_SIZE, has, lib, readHandle } from "../ffi/lib.ts";
import { check, int } from "./errors.ts";
import { Prequest } from "./request.ts";

const flagOut = new Int32Array(1);

/**
 * A partitioned request (`Comm.Psend_init` / `Comm.Precv_init`): `Start()`
 * it, mark partitions ready (sender) or poll them (receiver), then `Wait()`;
 * it keeps its buffer alive until freed. Partition numbers are checked
 * against the count it was made with.
 *
 * @example Four partitions sent to this rank itself
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * if (mpi.PartitionedRequest.isAvailable) {
 *   const out = new Float64Array(8).fill(comm.rank), got = new Float64Array(8);
 *   using recv = comm.Precv_init(got, 4, comm.rank);
 *   using send = comm.Psend_init(out, 4, comm.rank);
 *   recv.Start();
 *   send.Start();
 *   send.Pready_range(0, 3);
 *   mpi.Request.Waitall([send, recv]);
 * }
 * ```
 */
export class PartitionedRequest extends Prequest {
  readonly #partitions: number;
  readonly #bytes: Uint8Array;

  /**
   * Made by `Psend_init` / `Precv_init`.
   *
   * @param keep the buffer (kept until `Free`)
   * @param partitions the number of partitions
   */
  constructor(keep: unknown, partitions: number) {
    super(keep);
    this.#partitions = partitions;
    this.#bytes = new Uint8Array(this.cell.buffer, 0, HANDLE_SIZE);
  }

  /** Whether the loaded library has partitioned calls (`MPI_Psend_init`). */
  static get isAvailable(): boolean {
    return has("MPI_Psend_init");
  }

  /** The number of partitions. */
  get partitions(): number {
    return this.#partitions;
  }

  #request(): Handle {
    return readHandle(this.#bytes);
  }

  #partition(value: unknown, name: string): number {
    const p = int(value, name);
    if (p < 0 || p >= this.#partitions) {
      throw new RangeError(
        `${name} must be in [0, ${this.#partitions}), got ${p}`,
      );
    }
    return p;
  }

  /** Marks partition `partition` ready to send (`MPI_Pready`). */
  Pready(partition: number): void {
    const p = this.#partition(partition, "partition");
    check(lib.MPI_Pready(p, this.#request()), "MPI_Pready");
  }

  /** Marks partitions `lo` to `hi` (inclusive) ready (`MPI_Pready_range`). */
  Pready_range(lo: number, hi: number): void {
    const l = this.#partition(lo, "lo"), h = this.#partition(hi, "hi");
    if (h < l) throw new RangeError(`hi must be >= lo (${l}), got ${h}`);
    check(lib.MPI_Pready_range(l, h, this.#request()), "MPI_Pready_range");
  }

  /** Marks the partitions of `list` ready (`MPI_Pready_list`). */
  Pready_list(list: ArrayLike<number>): void {
    if (list === null || typeof list !== "object" || !("length" in list)) {
      throw new TypeError("list must be an array of partition numbers");
    }
    const parts = new Int32Array(list.length);
    for (let i = 0; i < parts.length; i++) {
      parts[i] = this.#partition(list[i], `list[${i}]`);
    }
    check(
      lib.MPI_Pready_list(parts.length, parts, this.#request()),
      "MPI_Pready_list",
    );
  }

  /** Whether partition `partition` has arrived (`MPI_Parrived`). */
  Parrived(partition: number): boolean {
    const p = this.#partition(partition, "partition");
    check(lib.MPI_Parrived(this.#request(), p, flagOut), "MPI_Parrived");
    return flagOut[0] !== 0;
  }
}
