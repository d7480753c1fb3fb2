/**
 * The vector collectives (`Gatherv`, `Scatterv`, `Allgatherv`, `Alltoallv`)
 * and their buffer specifications, which follow mpi4py:
 * `[buf, counts]`, `[buf, [counts, displs]]`, `[buf, counts, displs, datatype]`,
 * `[buf, [counts, displs], datatype]`. Counts and displacements are in
 * elements; a single number of counts is used for every rank; missing
 * counts split the buffer evenly (remainder to the lowest ranks); missing
 * displacements lay the blocks end to end. Every block is checked against
 * the buffer before MPI is called.
 *
 * @module
 */
import {
  H,
  type Handle,
  HANDLE_SIZE,
  IN_PLACE_PTR,
  type Memory,
  type Pointer,
  writeHandle,
} from "../ffi/lib.ts";
import {
  type Buffer,
  IN_PLACE,
  inferDatatype,
  isBuffer,
} from "../core/buffer.ts";
import { Datatype } from "../core/datatype.ts";
import { count as checkCount, describe } from "../core/errors.ts";
import type { SendSpec } from "./buffers.ts";
import type { Comm } from "../comm/comm.ts";
import { INT_MAX } from "../core/large.ts";
import { isRoot, rootRank } from "../core/checks.ts";
import type { CollectiveCall } from "./call.ts";

/** A vector buffer specification (see the module documentation). */
export type VecSpec =
  | Buffer
  | readonly [Buffer, number | readonly number[]]
  | readonly [
    Buffer,
    readonly [number | readonly number[], number | readonly number[]],
  ]
  | readonly [
    Buffer,
    readonly [number | readonly number[], number | readonly number[]],
    Datatype,
  ]
  | readonly [
    Buffer,
    number | readonly number[],
    number | readonly number[],
    Datatype,
  ];

/**
 * An `Alltoallw` buffer specification: `[buf, counts, byteDispls, types]`
 * or `[buf, [counts, byteDispls], types]`; `types` is one Datatype or one
 * per rank.
 */
export type WSpec =
  | readonly [
    Buffer,
    number | readonly number[],
    number | readonly number[],
    Datatype | readonly Datatype[],
  ]
  | readonly [
    Buffer,
    readonly [number | readonly number[], number | readonly number[]],
    Datatype | readonly Datatype[],
  ];

/** A resolved vector buffer. */
interface Vector {
  buf: Memory;
  counts: Int32Array;
  displs: Int32Array;
  type: Handle;
  datatype: Datatype;
  owner: unknown;
}

function perRank(value: unknown, n: number, what: string): Int32Array {
  if (typeof value === "number") {
    return new Int32Array(n).fill(checkCount(value, what));
  }
  if (!Array.isArray(value) || value.length !== n) {
    throw new TypeError(
      `${what} must be a number or an array of ${n} numbers, got ${
        describe(value)
      }`,
    );
  }
  return Int32Array.from(value, (v, i) => checkCount(v, `${what}[${i}]`));
}

function parts(
  spec: unknown,
  what: string,
): [Buffer, unknown, unknown, Datatype | undefined] {
  if (isBuffer(spec)) return [spec, undefined, undefined, undefined];
  if (!Array.isArray(spec) || !isBuffer(spec[0])) {
    throw new TypeError(
      `${what} must be a buffer or [buffer, counts, displs?, datatype?], got ${
        describe(spec)
      }`,
    );
  }
  const [buf, a, b, c] = spec;
  const pair = Array.isArray(a) && a.length === 2 &&
    (Array.isArray(a[0]) || Array.isArray(a[1]));
  if (pair) return [buf, a[0], a[1], b as Datatype | undefined];
  if (spec.length === 4) return [buf, a, b, c as Datatype];
  if (spec.length === 3 && b instanceof Datatype) return [buf, a, undefined, b];
  return [buf, a, b, undefined];
}

/**
 * Resolves a vector buffer specification for `n` ranks.
 *
 * @example
 * ```ts
 * import * as mpi from "@mpi4ts/mpi";
 * const recv = new Float64Array(10);
 * const v = resolveVector([recv, [[4, 6], [0, 4]], mpi.DOUBLE], 2, "recvbuf");
 * console.log(v.counts, v.displs); // Int32Array [4, 6], Int32Array [0, 4]
 * ```
 */
export function resolveVector(spec: unknown, n: number, what: string): Vector {
  const [buf, countsArg, displsArg, dtArg] = parts(spec, what);
  if (dtArg !== undefined && !(dtArg instanceof Datatype)) {
    throw new TypeError(
      `${what}: datatype must be a Datatype, got ${describe(dtArg)}`,
    );
  }
  const datatype = dtArg ?? inferDatatype(buf, what);
  const extent = datatype.extent;
  const capacity = datatype.capacity(buf.byteLength);
  if (countsArg === undefined && Math.ceil(capacity / n) > INT_MAX) {
    throw tooLarge(what, Math.ceil(capacity / n));
  }
  const counts = countsArg === undefined
    ? Int32Array.from(
      { length: n },
      (_, i) => Math.floor(capacity / n) + (i < capacity % n ? 1 : 0),
    )
    : perRank(countsArg, n, `${what} counts`);
  let displs: Int32Array;
  if (displsArg === undefined) {
    displs = new Int32Array(n);
    for (let i = 1; i < n; i++) {
      const at = displs[i - 1] + counts[i - 1];
      if (at > INT_MAX) throw tooLarge(`${what} displs`, at);
      displs[i] = at;
    }
  } else if (typeof displsArg === "number") {
    const stride = checkCount(displsArg, `${what} displs`);
    if (stride * (n - 1) > INT_MAX) {
      throw tooLarge(`${what} displs`, stride * (n - 1));
    }
    displs = Int32Array.from({ length: n }, (_, i) => i * stride);
  } else displs = perRank(displsArg, n, `${what} displs`);
  for (let i = 0; i < n; i++) {
    if (!datatype.fits(counts[i], displs[i] * extent, buf.byteLength)) {
      throw new RangeError(
        `${what}: block ${i} (${counts[i]} elements at ${
          displs[i]
        }) overruns the buffer (${buf.byteLength} bytes)`,
      );
    }
  }
  return {
    buf: buf as Memory,
    counts,
    displs,
    type: datatype.handle,
    datatype,
    owner: buf,
  };
}

/**
 * The error for a count or displacement above 2^31 - 1 in a vector
 * collective: their large-count forms are not supported yet, and a C `int`
 * must not wrap silently.
 */
function tooLarge(what: string, value: number): RangeError {
  return new RangeError(
    `${what}: ${value} elements exceed 2^31 - 1, which the vector collectives take (their large-count forms are not supported)`,
  );
}

const NONE: Vector = {
  buf: null,
  counts: new Int32Array(0),
  displs: new Int32Array(0),
  type: H.BYTE!,
  datatype: undefined as unknown as Datatype,
  owner: null,
};

/** The send side of an `IN_PLACE` vector collective. */
function inPlace(type: Handle): { buf: Pointer; count: number; type: Handle } {
  return { buf: IN_PLACE_PTR, count: 0, type };
}

function send(
  spec: unknown,
  what: string,
): { buf: Memory | Pointer; count: number; type: Handle; size: number } {
  const [buf, count, , dt] = parts(
    Array.isArray(spec) || !isBuffer(spec) ? spec : [spec],
    what,
  );
  const datatype = dt ?? inferDatatype(buf, what);
  const n = count === undefined
    ? datatype.capacity(buf.byteLength)
    : checkCount(count, `${what} count`);
  if (n > INT_MAX) throw tooLarge(what, n);
  if (!datatype.fits(n, 0, buf.byteLength)) {
    throw new RangeError(
      `${what}: ${n} elements overrun the buffer (${buf.byteLength} bytes)`,
    );
  }
  return {
    buf: buf as Memory,
    count: n,
    type: datatype.handle,
    size: n * datatype.size,
  };
}

/** Checks one datatype of an `Alltoallw` type list. */
function typeAt(x: unknown, what: string): Datatype {
  if (x instanceof Datatype) return x;
  throw new TypeError(`${what} must be a Datatype, got ${describe(x)}`);
}

/** A resolved `Alltoallw` side: byte displacements and a datatype per rank. */
interface WVector {
  buf: Memory | Pointer;
  counts: Int32Array;
  displs: Int32Array;
  types: Uint8Array;
  owner: unknown;
}

/**
 * Resolves an `Alltoallw` buffer specification for `n` ranks:
 * `[buf, counts, byteDispls, types]` or `[buf, [counts, byteDispls], types]`,
 * where `types` is one Datatype or one per rank.
 */
export function resolveW(spec: unknown, n: number, what: string): WVector {
  if (!Array.isArray(spec) || !isBuffer(spec[0])) {
    throw new TypeError(
      `${what} must be [buffer, counts, byteDispls, types], got ${
        describe(spec)
      }`,
    );
  }
  const [buf, a, b, c] = spec.length === 3
    ? [spec[0], ...spec[1], spec[2]]
    : spec;
  const counts = perRank(a, n, `${what} counts`);
  const displs = perRank(b, n, `${what} displs`);
  const list = Array.isArray(c) ? c : new Array(n).fill(c);
  if (list.length !== n) {
    throw new TypeError(`${what} types must have ${n} entries`);
  }
  const types = new Uint8Array(n * HANDLE_SIZE);
  list.forEach((t, i) => {
    const dt = typeAt(t, `${what} types[${i}]`);
    if (!dt.fits(counts[i], displs[i], buf.byteLength)) {
      throw new RangeError(
        `${what}: block ${i} (${counts[i]} × ${dt.name} at byte ${
          displs[i]
        }) overruns the buffer (${buf.byteLength} bytes)`,
      );
    }
    writeHandle(types, i * HANDLE_SIZE, dt.handle);
  });
  return { buf: buf as Memory, counts, displs, types, owner: buf };
}

/** `MPI_Gatherv`, checked. */
export function gathervCall(
  comm: Comm,
  sendbuf: SendSpec,
  recvbuf: VecSpec | null | undefined,
  root: number,
): CollectiveCall {
  const rt = rootRank(comm, root, "MPI_Gatherv");
  const r = isRoot(comm, rt)
    ? resolveVector(recvbuf, comm.peerCount, "recvbuf")
    : NONE;
  const ip = sendbuf === IN_PLACE;
  const s = ip ? inPlace(r.type) : send(sendbuf, "sendbuf");
  return {
    name: "MPI_Gatherv",
    comm: comm.handle,
    args: [s.buf, s.count, s.type, r.buf, r.counts, r.displs, r.type, rt],
    inPlaceAt: ip ? 0 : undefined,
    keep: [s.buf, r.owner, r.counts, r.displs],
  };
}

/** `MPI_Allgatherv`, checked. */
export function allgathervCall(
  comm: Comm,
  sendbuf: SendSpec,
  recvbuf: VecSpec,
): CollectiveCall {
  const r = resolveVector(recvbuf, comm.peerCount, "recvbuf");
  const ip = sendbuf === IN_PLACE;
  const s = ip ? inPlace(r.type) : send(sendbuf, "sendbuf");
  return {
    name: "MPI_Allgatherv",
    comm: comm.handle,
    args: [s.buf, s.count, s.type, r.buf, r.counts, r.displs, r.type],
    inPlaceAt: ip ? 0 : undefined,
    keep: [s.buf, r.owner, r.counts, r.displs],
  };
}

/** `MPI_Scatterv`, checked. */
export function scattervCall(
  comm: Comm,
  sendbuf: VecSpec | null | undefined,
  recvbuf: SendSpec,
  root: number,
): CollectiveCall {
  const rt = rootRank(comm, root, "MPI_Scatterv");
  const s = isRoot(comm, rt)
    ? resolveVector(sendbuf, comm.peerCount, "sendbuf")
    : NONE;
  const ip = recvbuf === IN_PLACE;
  const r = ip ? inPlace(s.type) : send(recvbuf, "recvbuf");
  return {
    name: "MPI_Scatterv",
    comm: comm.handle,
    args: [s.buf, s.counts, s.displs, s.type, r.buf, r.count, r.type, rt],
    inPlaceAt: ip ? 4 : undefined,
    keep: [s.owner, s.counts, s.displs, r.buf],
  };
}

/** `MPI_Alltoallv`, checked. */
export function alltoallvCall(
  comm: Comm,
  sendbuf: VecSpec | typeof IN_PLACE,
  recvbuf: VecSpec,
): CollectiveCall {
  const n = comm.peerCount;
  const r = resolveVector(recvbuf, n, "recvbuf");
  const ip = sendbuf === IN_PLACE;
  const s = ip
    ? { ...r, buf: IN_PLACE_PTR }
    : resolveVector(sendbuf, n, "sendbuf");
  return {
    name: "MPI_Alltoallv",
    comm: comm.handle,
    args: [
      s.buf,
      s.counts,
      s.displs,
      s.type,
      r.buf,
      r.counts,
      r.displs,
      r.type,
    ],
    inPlaceAt: ip ? 0 : undefined,
    keep: [s.owner, s.counts, s.displs, r.owner, r.counts, r.displs],
  };
}

/** `MPI_Alltoallw`, checked. */
export function alltoallwCall(
  comm: Comm,
  sendbuf: WSpec | typeof IN_PLACE,
  recvbuf: WSpec,
): CollectiveCall {
  const n = comm.peerCount;
  const r = resolveW(recvbuf, n, "recvbuf");
  const ip = sendbuf === IN_PLACE;
  const s = ip ? { ...r, buf: IN_PLACE_PTR } : resolveW(sendbuf, n, "sendbuf");
  return {
    name: "MPI_Alltoallw",
    comm: comm.handle,
    args: [
      s.buf,
      s.counts,
      s.displs,
      s.types,
      r.buf,
      r.counts,
      r.displs,
      r.types,
    ],
    inPlaceAt: ip ? 0 : undefined,
    keep: [
      s.owner,
      s.counts,
      s.displs,
      s.types,
      r.owner,
      r.counts,
      r.displs,
      r.types,
    ],
  };
}
