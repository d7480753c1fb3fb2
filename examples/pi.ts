/**
 * π by numerical integration of 4/(1+x²) over [0, 1]: each rank sums every
 * size-th interval, then one `Allreduce` adds the parts.
 *
 *     mpiexec -n 4 deno run -A examples/pi.ts
 *
 * @module
 */
import * as mpi from "../mod.ts";

const comm = mpi.COMM_WORLD;
const intervals = 10_000_000;
const h = 1 / intervals;

const t0 = mpi.Wtime();
let sum = 0;
for (let i = comm.rank; i < intervals; i += comm.size) {
  const x = h * (i + 0.5);
  sum += 4 / (1 + x * x);
}
const part = new Float64Array([sum * h]);
const pi = new Float64Array(1);
comm.Allreduce(part, pi, mpi.SUM);
const elapsed = mpi.Wtime() - t0;

if (comm.rank === 0) {
  console.log(
    `pi ≈ ${pi[0].toFixed(15)} (error ${
      Math.abs(pi[0] - Math.PI).toExponential(2)
    }) ` +
      `with ${comm.size} ranks in ${(elapsed * 1e3).toFixed(1)} ms`,
  );
}
