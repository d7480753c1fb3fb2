/**
 * The benchmarks `cli.ts bench` runs.
 *
 * @module
 */
import * as mpi from "../mod.ts";
import { helloworld } from "./helloworld.ts";
import { ringtest } from "./ringtest.ts";
import { runMeasured } from "./measured.ts";
import { runAwait } from "./await.ts";
import { runValues } from "./values.ts";

/** Benchmark names. */
export const BENCHES = [
  "helloworld",
  "ringtest",
  "pingpong",
  "allreduce",
  "bcast",
  "await",
  "values",
] as const;

/** Options common to the benchmarks. */
export interface BenchOptions {
  /** Move values instead of buffers. */
  object: boolean;
  /** Reduce with a JavaScript `Op.Create` sum instead of `SUM` (allreduce). */
  userOp?: boolean;
  /** Smallest message in bytes. */
  minSize?: number;
  /** Largest message in bytes. */
  maxSize?: number;
  /** Timed repetitions. */
  iterations?: number;
  /** Untimed repetitions first. */
  warmup?: number;
  /** Print less. */
  quiet: boolean;
  /** Print one JSON object per line instead of the table. */
  json?: boolean;
}

/**
 * Runs benchmark `name` on `COMM_WORLD`, printing results on rank 0.
 *
 * @example
 * ```ts ignore
 * await runBench("ringtest", { object: false, quiet: false });
 * ```
 */
export async function runBench(
  name: typeof BENCHES[number],
  opts: BenchOptions,
): Promise<void> {
  const comm = mpi.COMM_WORLD;
  switch (name) {
    case "helloworld":
      helloworld(comm, opts.quiet);
      return;
    case "ringtest": {
      const size = opts.maxSize ?? 1,
        loop = opts.iterations ?? 1,
        skip = opts.warmup ?? 0;
      const t = ringtest(comm, { size, loop, skip });
      if (comm.rank === 0) {
        console.log(
          `time for ${loop} loops = ${
            t.toPrecision(6)
          } seconds (${comm.size} processes, ${size} bytes)`,
        );
      }
      return;
    }
    case "await":
      await runAwait({ iterations: opts.iterations });
      return;
    case "values":
      await runValues(opts);
      return;
    default: {
      await runMeasured(name, opts);
    }
  }
}
