/**
 * Temporary files for the I/O tests: unique names under `/dev/shm` (or the
 * system's temporary directory), made by rank 0 of a communicator and
 * always removed, also when the test fails.
 *
 * @module
 */
import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import process from "node:process";
import { mpi } from "./_util.ts";

let serial = 0;

/** A directory for scratch files: `/dev/shm` when there is one. */
export const SCRATCH: string = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();

/** A fresh file name, the same on every rank of `comm` (collective). */
export function tempPath(comm: mpi.Intracomm, dir = SCRATCH): string {
  const mine = `${dir}/mpi4ts-io-${process.pid}-${Date.now()}-${serial++}`;
  return comm.bcast(comm.rank === 0 ? mine : undefined, 0) as string;
}

/** Removes `path` if it exists (any rank may call it). */
export function removeFile(path: string): void {
  rmSync(path, { force: true });
}

/**
 * Runs `fn` with `path` opened read-write on `comm` (created), then closes
 * the file and removes it. When `fn` fails, this rank removes the file at
 * once without the collective close (the failure hook aborts the job; a
 * close would wait for ranks that are elsewhere).
 */
export async function withFile(
  comm: mpi.Intracomm,
  fn: (fh: mpi.File, path: string) => void | Promise<void>,
  amode: number = mpi.MODE_RDWR | mpi.MODE_CREATE,
  dir = SCRATCH,
): Promise<void> {
  const path = tempPath(comm, dir);
  let fh: mpi.File | undefined;
  try {
    fh = mpi.File.Open(comm, path, amode);
    await fn(fh, path);
  } catch (error) {
    removeFile(path);
    throw error;
  }
  try {
    fh.Close();
    comm.Barrier();
  } finally {
    if (comm.rank === 0) removeFile(path);
  }
}
