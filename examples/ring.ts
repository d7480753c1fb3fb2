/**
 * A ring of TypedArrays: every rank passes a Float64Array to its right
 * neighbour `size` times, adding its rank each time, with nonblocking
 * buffer calls. After a full turn every element equals the sum of ranks.
 *
 *     mpiexec -n 4 deno run -A examples/ring.ts
 *
 * @module
 */
import * as mpi from "../mod.ts";

const comm = mpi.COMM_WORLD;
const { rank, size } = comm;
const right = (rank + 1) % size, left = (rank + size - 1) % size;

const n = 1 << 16;
let send = new Float64Array(n).fill(rank);
let recv = new Float64Array(n);
const t0 = mpi.Wtime();
for (let step = 1; step < size; step++) {
  const r = comm.Irecv(recv, left, 0);
  comm.Send(send, right, 0);
  r.Wait();
  for (let i = 0; i < n; i++) recv[i] += rank;
  [send, recv] = [recv, send];
}
const elapsed = mpi.Wtime() - t0;
const expected = (size * (size - 1)) / 2;
const ok = send.every((x) => x === expected);
console.log(
  `rank ${rank}: ring of ${n} doubles, element 0 = ${
    send[0]
  } (sum of ranks ${expected}) ${ok ? "ok" : "WRONG"} in ${
    (elapsed * 1e3).toFixed(2)
  } ms`,
);
