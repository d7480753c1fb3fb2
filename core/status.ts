/**
 * `Status`: the envelope of a received or probed message, backed by the
 * library's own `MPI_Status` bytes so it is passed to C without copies.
 *
 * @module
 */
import { abi, C, lib } from "../ffi/lib.ts";
import { Datatype, DATATYPES } from "./datatype.ts";
import { check, describe } from "./errors.ts";
import { slabBytes } from "./slab.ts";

const layout = abi.status;
const intOut = new Int32Array(1);
const countOut = new BigInt64Array(1);

/** The little-endian `int` at `at`. */
function getInt32(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24);
}

function setInt32(b: Uint8Array, at: number, v: number): void {
  b[at] = v;
  b[at + 1] = v >> 8;
  b[at + 2] = v >> 16;
  b[at + 3] = v >> 24;
}

/**
 * The status of a receive, probe or completed request.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const comm = mpi.COMM_WORLD;
 * comm.send("hi", comm.rank, 5);
 * const st = new mpi.Status();
 * const value = comm.recv(mpi.ANY_SOURCE, mpi.ANY_TAG, st);
 * console.log(`${value} from ${st.source} tag ${st.tag}, ${st.count} bytes`);
 * ```
 */
export class Status {
  /** The C `MPI_Status` memory. */
  readonly bytes: Uint8Array;

  /** A status with source `ANY_SOURCE`, tag `ANY_TAG`, error `SUCCESS`, count 0. */
  constructor() {
    // Slab memory and no DataView: awaits make a status each.
    this.bytes = slabBytes(layout.size);
    this.source = C.ANY_SOURCE;
    this.tag = C.ANY_TAG;
    this.error = C.SUCCESS;
  }

  /** Rank of the sender (`MPI_SOURCE`). */
  get source(): number {
    return getInt32(this.bytes, layout.source);
  }
  set source(v: number) {
    setInt32(this.bytes, layout.source, v);
  }

  /** Tag of the message (`MPI_TAG`). */
  get tag(): number {
    return getInt32(this.bytes, layout.tag);
  }
  set tag(v: number) {
    setInt32(this.bytes, layout.tag, v);
  }

  /** Error code of the operation (`MPI_ERROR`). */
  get error(): number {
    return getInt32(this.bytes, layout.error);
  }
  set error(v: number) {
    setInt32(this.bytes, layout.error, v);
  }

  /** Size of the message in bytes. */
  get count(): number {
    return this.Get_elements(DATATYPES.BYTE);
  }

  /** Whether the operation was cancelled (`MPI_Test_cancelled`). */
  get cancelled(): boolean {
    check(lib.MPI_Test_cancelled(this.bytes, intOut), "MPI_Test_cancelled");
    return intOut[0] !== 0;
  }

  /**
   * Number of whole `datatype` elements received, or `UNDEFINED` when the
   * byte count is not a multiple of the type size.
   */
  Get_count(datatype: Datatype = DATATYPES.BYTE): number {
    check(
      lib.MPI_Get_count(this.bytes, datatype.handle, intOut),
      "MPI_Get_count",
    );
    return intOut[0];
  }

  /** Number of basic elements received (`MPI_Get_elements_x`; exact beyond 2 GiB). */
  Get_elements(datatype: Datatype): number {
    check(
      lib.MPI_Get_elements_x(this.bytes, datatype.handle, countOut),
      "MPI_Get_elements_x",
    );
    return Number(countOut[0]);
  }

  /** Sets the element count (`MPI_Status_set_elements_x`), for generalized requests and tests. */
  Set_elements(datatype: Datatype, count: number): void {
    check(
      lib.MPI_Status_set_elements_x(this.bytes, datatype.handle, count),
      "MPI_Status_set_elements_x",
    );
  }

  /** Marks the status cancelled or not (`MPI_Status_set_cancelled`). */
  Set_cancelled(flag: boolean): void {
    check(
      lib.MPI_Status_set_cancelled(this.bytes, flag ? 1 : 0),
      "MPI_Status_set_cancelled",
    );
  }

  /** Copies another status into this one. */
  copyFrom(other: Status | Uint8Array): void {
    this.bytes.set(
      other instanceof Status ? other.bytes : other.subarray(0, layout.size),
    );
  }
}

const { lo, hi, hiShift } = layout.count;

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | bytes[at + 1] << 8 | bytes[at + 2] << 16 |
    bytes[at + 3] << 24) >>> 0;
}

/**
 * The byte count of the message `status` describes, read from the library's
 * hidden count field: `MPI_Get_elements_x(status, MPI_BYTE)` without a call.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const st = new mpi.Status();
 * const size = messageBytes(st.bytes); // 0 for an empty status
 * ```
 */
export function messageBytes(status: Uint8Array): number {
  return u32(status, lo) + (u32(status, hi) >>> hiShift) * 2 ** 32;
}

/**
 * The tag of the message `status` describes (`MPI_TAG`), read without a
 * `Status` object.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * messageTag(new mpi.Status().bytes); // ANY_TAG, as a fresh status has
 * ```
 */
export function messageTag(status: Uint8Array): number {
  return getInt32(status, layout.tag);
}

/** Bytes of one `MPI_Status`. */
export const STATUS_SIZE: number = layout.size;

/**
 * Scratch status for calls whose status the caller does not want. Scratch,
 * not `MPI_STATUS_IGNORE`: that is a null pointer under Open MPI, and koffi
 * (the Node backend) takes ~115 ns longer per null argument.
 */
export const IGNORED: Status = new Status();

/** The status bytes to pass to C: the caller's, or scratch. */
export function statusBytes(status: Status | undefined): Uint8Array {
  if (status === undefined) return IGNORED.bytes;
  if (status instanceof Status) return status.bytes;
  throw new TypeError(
    `status must be a Status or undefined, got ${describe(status)}`,
  );
}

/** Fills `status` (if any) as MPI does for an operation with `PROC_NULL`. */
export function setProcNull(status: Status | undefined): void {
  if (!status) return;
  status.bytes.fill(0);
  status.source = C.PROC_NULL;
  status.tag = C.ANY_TAG;
  status.error = C.SUCCESS;
}
