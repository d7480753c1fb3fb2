/**
 * Partitioned point-to-point (MPI-4): `Psend_init` and `Precv_init` split a
 * buffer into equal partitions and return a partitioned `Prequest`. Needs an
 * MPI-4 library (MPICH 4); elsewhere an `MPIError` names the missing call.
 *
 * @module
 */
import { lib } from "../ffi/lib.ts";
import { type BufSpec, resolve, Resolved } from "../core/buffer.ts";
import { check, int, requireCall } from "../core/errors.ts";
import { type Info, infoHandle } from "../core/info.ts";
import { Prequest } from "../core/request.ts";
import { destRank, recvTag, sendTag, sourceRank } from "../core/checks.ts";
import type { Comm } from "./comm.ts";

const BUF = new Resolved();

/** `MPI_Psend_init` / `MPI_Precv_init` over `partitions` equal parts of `buf`. */
export function partitionedInit(
  comm: Comm,
  send: boolean,
  buf: BufSpec,
  partitions: number,
  peer: number,
  tag: number,
  info: Info | undefined,
): Prequest {
  const call = send ? "MPI_Psend_init" : "MPI_Precv_init";
  requireCall(call, "MPI-4 partitioned communication");
  const n = int(partitions, "partitions");
  if (n < 1) throw new RangeError(`partitions must be >= 1, got ${n}`);
  const m = resolve(buf, BUF, "buf");
  if (m.count % n !== 0) {
    throw new RangeError(
      `partitions (${n}) must divide the buffer's ${m.count} elements`,
    );
  }
  const p = send ? destRank(comm, peer, call) : sourceRank(comm, peer, call);
  const t = send ? sendTag(tag, call) : recvTag(tag, call);
  const ih = infoHandle(info);
  const req = new Prequest(m.owner, n);
  const fn = send ? lib.MPI_Psend_init : lib.MPI_Precv_init;
  check(
    fn(m.buf, n, m.count / n, m.type, p, t, comm.handle, ih, req.cell),
    call,
  );
  return req;
}
