/**
 * Partitioned requests (MPI-4): the calls a `Prequest` made by
 * `Psend_init` / `Precv_init` answers — marking partitions ready
 * (`Pready`, `Pready_range`, `Pready_list`) and seeing them arrive
 * (`Parrived`) — with partition numbers checked against the request's count.
 *
 * @module
 */
import { HANDLE_SIZE, lib, readHandle } from "../ffi/lib.ts";
import { check, int } from "./errors.ts";

const flagOut = new Int32Array(1);

/** The request handle stored in a request's cell. */
function requestOf(cell: Int32Array): ReturnType<typeof readHandle> {
  return readHandle(new Uint8Array(cell.buffer, cell.byteOffset, HANDLE_SIZE));
}

/** `value` as a partition number in `[0, partitions)`, else a RangeError naming `name`. */
function partition(value: unknown, partitions: number, name: string): number {
  if (partitions === 0) {
    throw new TypeError(
      "not a partitioned request (make it with Psend_init or Precv_init)",
    );
  }
  const p = int(value, name);
  if (p < 0 || p >= partitions) {
    throw new RangeError(`${name} must be in [0, ${partitions}), got ${p}`);
  }
  return p;
}

/** `MPI_Pready`. */
export function pready(cell: Int32Array, partitions: number, k: number): void {
  const p = partition(k, partitions, "partition");
  check(lib.MPI_Pready(p, requestOf(cell)), "MPI_Pready");
}

/** `MPI_Pready_range`: partitions `lo` to `hi`, inclusive. */
export function preadyRange(
  cell: Int32Array,
  partitions: number,
  lo: number,
  hi: number,
): void {
  const l = partition(lo, partitions, "lo");
  const h = partition(hi, partitions, "hi");
  if (h < l) throw new RangeError(`hi must be >= lo (${l}), got ${h}`);
  check(lib.MPI_Pready_range(l, h, requestOf(cell)), "MPI_Pready_range");
}

/** `MPI_Pready_list`. */
export function preadyList(
  cell: Int32Array,
  partitions: number,
  list: ArrayLike<number>,
): void {
  if (list === null || typeof list !== "object" || !("length" in list)) {
    throw new TypeError("list must be an array of partition numbers");
  }
  const parts = new Int32Array(list.length);
  for (let i = 0; i < parts.length; i++) {
    parts[i] = partition(list[i], partitions, `list[${i}]`);
  }
  check(
    lib.MPI_Pready_list(parts.length, parts, requestOf(cell)),
    "MPI_Pready_list",
  );
}

/** `MPI_Parrived`. */
export function parrived(
  cell: Int32Array,
  partitions: number,
  k: number,
): boolean {
  const p = partition(k, partitions, "partition");
  check(lib.MPI_Parrived(requestOf(cell), p, flagOut), "MPI_Parrived");
  return flagOut[0] !== 0;
}
