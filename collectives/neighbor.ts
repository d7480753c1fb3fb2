/**
 * Neighbor collectives of topology communicators: each process sends to
 * its out-neighbors and receives from its in-neighbors, in the order the
 * topology gives them. Buffer forms are call descriptions run blocking,
 * started or persistent by `collectives/call.ts`; value forms exchange
 * byte counts, then bytes.
 *
 * @module
 */
import { type Handle, lib } from "../ffi/lib.ts";
import { type BufSpec, resolve, Resolved } from "../core/buffer.ts";
import { DATATYPES } from "../core/datatype.ts";
import { check } from "../core/errors.ts";
import type { Topocomm } from "../comm/comm.ts";
import type { CollectiveCall } from "./call.ts";
import { resolveVector, resolveW, type VecSpec, type WSpec } from "./vector.ts";
import { exchangeValues } from "./value_layout.ts";

const SEND = new Resolved(), RECV = new Resolved();

/** A buffer split into `n` equal blocks: `[buf, count per block, type, owner]`. */
function blocks(
  spec: BufSpec,
  n: number,
  m: Resolved,
  what: string,
): [unknown, number, Handle, unknown] {
  resolve(spec, m, what);
  if (n > 0 && m.count % n !== 0) {
    throw new RangeError(
      `${what}: ${m.count} elements cannot be split evenly among ${n} neighbors`,
    );
  }
  return [m.buf, n > 0 ? m.count / n : 0, m.type, m.owner];
}

/** `MPI_Neighbor_allgather`, checked. */
export function allgatherCall(
  comm: Topocomm,
  sendbuf: BufSpec,
  recvbuf: BufSpec,
): CollectiveCall {
  const [sb, sc, st, so] = blocks(sendbuf, 1, SEND, "sendbuf");
  const [rb, rc, rt, ro] = blocks(recvbuf, comm.degrees[0], RECV, "recvbuf");
  return {
    name: "MPI_Neighbor_allgather",
    comm: comm.handle,
    args: [sb, sc, st, rb, rc, rt],
    keep: [so, ro],
  };
}

/** `MPI_Neighbor_alltoall`, checked. */
export function alltoallCall(
  comm: Topocomm,
  sendbuf: BufSpec,
  recvbuf: BufSpec,
): CollectiveCall {
  const [ind, outd] = comm.degrees;
  const [sb, sc, st, so] = blocks(sendbuf, outd, SEND, "sendbuf");
  const [rb, rc, rt, ro] = blocks(recvbuf, ind, RECV, "recvbuf");
  return {
    name: "MPI_Neighbor_alltoall",
    comm: comm.handle,
    args: [sb, sc, st, rb, rc, rt],
    keep: [so, ro],
  };
}

/** `MPI_Neighbor_allgatherv`, checked. */
export function allgathervCall(
  comm: Topocomm,
  sendbuf: BufSpec,
  recvbuf: VecSpec,
): CollectiveCall {
  const [sb, sc, st, so] = blocks(sendbuf, 1, SEND, "sendbuf");
  const r = resolveVector(recvbuf, comm.degrees[0], "recvbuf");
  return {
    name: "MPI_Neighbor_allgatherv",
    comm: comm.handle,
    args: [sb, sc, st, r.buf, r.counts, r.displs, r.type],
    keep: [so, r.owner, r.counts, r.displs],
  };
}

/** `MPI_Neighbor_alltoallv`, checked. */
export function alltoallvCall(
  comm: Topocomm,
  sendbuf: VecSpec,
  recvbuf: VecSpec,
): CollectiveCall {
  const [ind, outd] = comm.degrees;
  const s = resolveVector(sendbuf, outd, "sendbuf");
  const r = resolveVector(recvbuf, ind, "recvbuf");
  return {
    name: "MPI_Neighbor_alltoallv",
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
    keep: [s.owner, s.counts, s.displs, r.owner, r.counts, r.displs],
  };
}

/**
 * `MPI_Neighbor_alltoallw`, checked: blocks of varying size and datatype,
 * byte displacements passed as `MPI_Aint`s.
 */
export function alltoallwCall(
  comm: Topocomm,
  sendbuf: WSpec,
  recvbuf: WSpec,
): CollectiveCall {
  const [ind, outd] = comm.degrees;
  const s = resolveW(sendbuf, outd, "sendbuf");
  const r = resolveW(recvbuf, ind, "recvbuf");
  const sd = BigInt64Array.from(s.displs, BigInt);
  const rd = BigInt64Array.from(r.displs, BigInt);
  return {
    name: "MPI_Neighbor_alltoallw",
    comm: comm.handle,
    args: [s.buf, s.counts, sd, s.types, r.buf, r.counts, rd, r.types],
    keep: [s.owner, s.counts, sd, s.types, r.owner, r.counts, rd, r.types],
  };
}

/** One value from each in-neighbor, in neighbor order. */
export function neighbor_allgather(comm: Topocomm, obj: unknown): unknown[] {
  const [ind, outd] = comm.degrees;
  return neighbor_alltoall(comm, new Array(outd).fill(obj)).slice(0, ind);
}

/** Sends `objs[i]` to out-neighbor i; returns one value per in-neighbor. */
export function neighbor_alltoall(
  comm: Topocomm,
  objs: readonly unknown[],
): unknown[] {
  const [ind, outd] = comm.degrees;
  if (!Array.isArray(objs) || objs.length !== outd) {
    throw new TypeError(
      `objs must be an array of ${outd} values (one per out-neighbor)`,
    );
  }
  const D = DATATYPES.DOUBLE.handle, B = DATATYPES.BYTE.handle;
  const h = comm.handle;
  return exchangeValues(
    objs,
    ind,
    (ss, rs) =>
      check(
        lib.MPI_Neighbor_alltoall(ss, 1, D, rs, 1, D, h),
        "MPI_Neighbor_alltoall",
      ),
    (sb, sc, sd, rb, rc, rd) =>
      check(
        lib.MPI_Neighbor_alltoallv(sb, sc, sd, B, rb, rc, rd, B, h),
        "MPI_Neighbor_alltoallv",
      ),
  );
}
