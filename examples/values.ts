/**
 * Exchanging structured values: each rank sends a record to the next one
 * on a ring, and rank 0 gathers a summary with plain send/recv.
 *
 *     mpiexec -n 4 deno run -A examples/values.ts
 *
 * @module
 */
import * as mpi from "../mod.ts";

const comm = mpi.COMM_WORLD;
const { rank, size } = comm;
const next = (rank + 1) % size, prev = (rank + size - 1) % size;

const record = {
  from: rank,
  when: new Date(Date.UTC(2026, 0, 1 + rank)),
  tags: new Set([`rank-${rank}`, rank % 2 ? "odd" : "even"]),
  big: 2n ** BigInt(64 + rank),
  samples: new Float64Array(4).map((_, i) => rank + i / 4),
};

const got = comm.sendrecv(record, next, 0, prev, 0) as typeof record;

if (rank === 0) {
  const lines = [
    `rank 0 received from rank ${got.from}: ${
      [...got.tags].join(",")
    } ${got.big}`,
  ];
  for (let r = 1; r < size; r++) lines.push(comm.recv(r, 1) as string);
  console.log(lines.join("\n"));
} else {
  comm.send(
    `rank ${rank} received from rank ${got.from}: ${
      [...got.tags].join(",")
    } ${got.big}, ` +
      `samples ${[...got.samples].join(" ")}, ${
        got.when.toISOString().slice(0, 10)
      }`,
    0,
    1,
  );
}
