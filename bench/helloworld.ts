/**
 * `cli.ts bench helloworld`: every rank reports in, in rank order, as
 * `python -m mpi4py.bench helloworld` does.
 *
 * @module
 */
import * as mpi from "../mod.ts";

/**
 * Prints "Hello, World! I am process r of n on host." from every rank, in
 * order, by passing a token around the ring.
 *
 * @example
 * ```ts ignore
 * helloworld(mpi.COMM_WORLD);
 * ```
 */
export function helloworld(comm: mpi.Intracomm, quiet = false): string[] {
  const { rank, size } = comm;
  const line =
    `Hello, World! I am process ${rank} of ${size} on ${mpi.Get_processor_name()}.`;
  const lines = comm.gather(line, 0) as string[] | undefined;
  if (rank === 0 && !quiet) { for (const l of lines!) console.log(l); }
  return lines ?? [];
}
