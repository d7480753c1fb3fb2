/**
 * `cli.ts bench ringtest`: time `loop` trips of a message of `size` bytes
 * around the ring of all ranks, as `python -m mpi4py.bench ringtest` does.
 *
 * @module
 */
import * as mpi from "../mod.ts";

/** Options of the ring test. */
export interface RingOptions {
  /** Message size in bytes. */
  size: number;
  /** Trips timed. */
  loop: number;
  /** Trips run before timing. */
  skip: number;
}

function trip(comm: mpi.Intracomm, sbuf: Uint8Array, rbuf: Uint8Array): void {
  const { rank, size } = comm;
  const next = (rank + 1) % size, prev = (rank + size - 1) % size;
  if (size === 1) {
    comm.Sendrecv(sbuf, 0, 0, rbuf, 0, 0);
  } else if (rank === 0) {
    comm.Send(sbuf, next, 0);
    comm.Recv(rbuf, prev, 0);
  } else {
    comm.Recv(rbuf, prev, 0);
    comm.Send(rbuf, next, 0);
  }
}

/**
 * Runs the ring test; returns the seconds per trip measured on rank 0.
 *
 * @example
 * ```ts ignore
 * const t = ringtest(mpi.COMM_WORLD, { size: 1, loop: 1, skip: 0 });
 * ```
 */
export function ringtest(comm: mpi.Intracomm, opts: RingOptions): number {
  const sbuf = new Uint8Array(opts.size), rbuf = new Uint8Array(opts.size);
  for (let i = 0; i < opts.skip; i++) trip(comm, sbuf, rbuf);
  comm.Barrier();
  const t0 = mpi.Wtime();
  for (let i = 0; i < opts.loop; i++) trip(comm, sbuf, rbuf);
  const elapsed = mpi.Wtime() - t0;
  return elapsed;
}
