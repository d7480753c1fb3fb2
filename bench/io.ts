/**
 * MPI-IO benchmark with mpi4ts, run on 2 ranks under `mpiexec` (the same
 * calls as `bench/c/io.c` and `bench/py/io.py`): `Write_at_all` and
 * `Read_at_all` bandwidth with 64 MiB per rank, `Iwrite_at` + `waitAsync`
 * bandwidth, and 4 KiB `Write_at` latency, on a file in the directory given
 * (default `/dev/shm`). Prints one JSON line per figure:
 * `{ bench, best, mean, unit }` (best and mean of the repetitions).
 *
 *     mpiexec -n 2 deno run -A bench/io.ts [dir] [repetitions]
 *
 * @module
 */
import process from "node:process";
import * as mpi from "../mod.ts";

const comm = mpi.COMM_WORLD;
const dir = process.argv[2] ?? "/dev/shm";
const reps = Number(process.argv[3] ?? 5);
const BLOCK = 64 << 20;
const SMALL = 4096;
const LAT_ITERS = 5000;

const path = comm.bcast(
  comm.rank === 0 ? `${dir}/mpi4ts-bench-io-${process.pid}` : undefined,
  0,
) as string;
const fh = mpi.File.Open(
  comm,
  path,
  mpi.MODE_RDWR | mpi.MODE_CREATE | mpi.MODE_DELETE_ON_CLOSE,
);
const data = new Uint8Array(BLOCK).fill(comm.rank + 1);
const small = new Uint8Array(SMALL).fill(7);
const offset = comm.rank * BLOCK;

/** Times `body` `reps` times between barriers; the slowest rank counts. */
async function timed(body: () => void | Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    comm.Barrier();
    const t0 = mpi.Wtime();
    await body();
    const t = mpi.Wtime() - t0;
    const all = new Float64Array(1);
    comm.Allreduce(Float64Array.of(t), all, mpi.MAX);
    times.push(all[0]);
  }
  return times;
}

function report(bench: string, values: number[], unit: string): void {
  const best = unit === "us" ? Math.min(...values) : Math.max(...values);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (comm.rank === 0) {
    console.log(JSON.stringify({ bench, best, mean, unit }));
  }
}

const mibs = (t: number) => (comm.size * BLOCK) / t / 2 ** 20;

fh.Write_at_all(offset, data); // warm-up: the file exists at full size
report(
  "write_at_all",
  (await timed(() => fh.Write_at_all(offset, data))).map(mibs),
  "MiB/s",
);
report(
  "read_at_all",
  (await timed(() => fh.Read_at_all(offset, data))).map(mibs),
  "MiB/s",
);
report(
  "iwrite_at",
  (await timed(async () => {
    await fh.Iwrite_at(offset, data).waitAsync();
  })).map(mibs),
  "MiB/s",
);
const at = comm.rank * SMALL;
// Warm-up for a second: V8 optimizes an FFI call site only after tens of
// thousands of calls (500 left the timed calls on the slow path).
for (const end = performance.now() + 1000; performance.now() < end;) {
  for (let i = 0; i < 100; i++) fh.Write_at(at, small);
}
report(
  "write_at_4k",
  (await timed(() => {
    for (let i = 0; i < LAT_ITERS; i++) fh.Write_at(at, small);
  })).map((t) => (t / LAT_ITERS) * 1e6),
  "us",
);
fh.Close();
