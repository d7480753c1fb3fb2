/**
 * Hello from every rank.
 *
 *     mpiexec -n 4 deno run -A examples/hello.ts
 *
 * @module
 */
import * as mpi from "../mod.ts";

const comm = mpi.COMM_WORLD;
const host = mpi.Get_processor_name();
const [major, minor] = mpi.Get_version();
// Print in rank order so the output reads well.
for (let r = 0; r < comm.size; r++) {
  if (r === comm.rank) {
    console.log(
      `Hello from rank ${comm.rank} of ${comm.size} on ${host} (MPI ${major}.${minor})`,
    );
  }
  comm.Barrier();
}
