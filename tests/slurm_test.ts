// mpi4ts-test: slurm
// Runs under Slurm (./scripts/slurm.sh start): srun --mpi=pmix (Open MPI)
// and srun --mpi=pmi2 (MPICH), sbatch, and mpiexec inside salloc, started
// by scripts/test.sh with MPI4TS_TEST_MPI (the MPI expected) and
// MPI4TS_TEST_NP (the ranks expected). A plain mpiexec run skips it.
import process from "node:process";
import { assert, mpi, next, prev, rank, size, test, world } from "./_util.ts";

const expectedMpi = process.env.MPI4TS_TEST_MPI;
const expectedNp = Number(process.env.MPI4TS_TEST_NP ?? NaN);
const ignore = (!process.env.SLURM_JOB_ID || !expectedMpi) &&
  "runs only in a Slurm job started by scripts/test.sh";

test({
  name: "the job's tasks form one world, with the library of the launcher",
  ignore,
  fn() {
    assert.equal(size, expectedNp, "world size is the number of tasks");
    const version = mpi.Get_library_version();
    assert.match(version, expectedMpi === "openmpi" ? /Open MPI/ : /MPICH/);
    // Every rank sees the same job and a distinct rank.
    const seen = world.allgather([process.env.SLURM_JOB_ID, rank]) as [
      string,
      number,
    ][];
    assert.deepEqual(
      seen,
      Array.from({ length: size }, (_, i) => [process.env.SLURM_JOB_ID, i]),
    );
  },
});

test({
  name: "values, buffers and a collective work under the scheduler",
  ignore,
  fn() {
    const got = world.sendrecv({ from: rank }, next, 1, prev, 1);
    assert.deepEqual(got, { from: prev });
    const into = new Float64Array(4);
    world.Sendrecv(new Float64Array(4).fill(rank), next, 2, into, prev, 2);
    assert.deepEqual([...into], [prev, prev, prev, prev]);
    assert.equal(world.allreduce(rank, mpi.SUM), (size * (size - 1)) / 2);
  },
});
