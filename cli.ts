/**
 * The mpi4ts command line (also the npm `mpi4ts` bin).
 *
 * ```sh
 * mpiexec -n 4 deno run -A cli.ts run main.ts [args...]   # abort the job on an uncaught error
 * mpiexec -n 4 deno run -A cli.ts futures main.ts          # ranks 1..3 serve main.ts's pools
 * mpiexec -n 2 deno run -A cli.ts bench pingpong           # latency vs message size
 * deno run -A cli.ts info                                  # library, ABI, versions, launcher
 * ```
 *
 * @example
 * ```ts
 * await main(["bench", "ringtest", "--iterations", "100"]);
 * // the same as: mpiexec -n 2 deno run -A cli.ts bench ringtest --iterations 100
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  exitProcess,
  isMainModule,
  programArgs,
  setProgramArgs,
} from "./ffi/process.ts";
import { rc } from "./rc.ts";
import { VERSION } from "./version.ts";

const USAGE = `mpi4ts ${VERSION} — MPI for TypeScript

Usage:
  mpi4ts run <script> [args...]     run a script; an uncaught error on any rank
                                    prints "[rank N]" and aborts the whole job
  mpi4ts futures <script> [args...] run a script on rank 0; ranks 1..N-1 are the
                                    workers of every PoolExecutor it creates
  mpi4ts info                       library path, ABI, MPI and library version,
                                    thread level, launcher, world size
  mpi4ts bench <name> [options]     helloworld | ringtest | pingpong | allreduce | bcast | await | values
                                    (values: --warmup/--iterations are ms per row)
      --object                      move values (lowercase methods) instead of buffers
      --user-op                     allreduce with a JavaScript Op.Create sum
      --min-size N, --max-size N    message sizes in bytes (pingpong, ringtest: --max-size)
      --iterations N, --warmup N    timed and untimed repetitions per size
      --json                        one JSON object per size instead of the table
                                    (the table: '#' header lines naming columns
                                    and units, then numeric columns)
      -q, --quiet                   print less
  mpi4ts --version | --help

Run under a launcher, e.g.  mpiexec -n 4 deno run -A cli.ts run main.ts`;

/** A usage error: print usage, exit 2. */
class UsageError extends Error {}

const BENCH_OPTIONS = {
  object: { type: "boolean" },
  "user-op": { type: "boolean" },
  "min-size": { type: "string" },
  "max-size": { type: "string" },
  iterations: { type: "string" },
  warmup: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  json: { type: "boolean" },
} as const;

function positiveInt(
  value: string | undefined,
  name: string,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(
      `--${name} must be a non-negative integer, got '${value}'`,
    );
  }
  return n;
}

async function run(argv: string[]): Promise<void> {
  const [script, ...args] = argv;
  if (!script) throw new UsageError("run: missing <script>");
  rc.abortOnUncaught = true;
  const { formatError, abortJob } = await import("./core/startup.ts");
  const path = resolve(script);
  setProgramArgs(path, args);
  try {
    await import(pathToFileURL(path).href);
  } catch (error) {
    abortJob(formatError(error));
  }
}

async function futures(argv: string[]): Promise<void> {
  const [script, ...args] = argv;
  if (!script) throw new UsageError("futures: missing <script>");
  rc.abortOnUncaught = true;
  const { runWithWorkers } = await import("./futures/command.ts");
  await runWithWorkers(resolve(script), args);
}

async function info(): Promise<void> {
  const mpi = await import("./mod.ts");
  const { describeLibrary } = await import("./core/startup.ts");
  const lines = describeLibrary();
  if (mpi.COMM_WORLD.rank === 0) {
    for (const [k, v] of lines) console.log(`${k.padEnd(16)} ${v}`);
  }
}

async function bench(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: BENCH_OPTIONS,
    allowPositionals: true,
  });
  const [name, ...rest] = positionals;
  if (rest.length) throw new UsageError(`bench: unexpected '${rest[0]}'`);
  const opts = {
    object: values.object ?? false,
    userOp: values["user-op"] ?? false,
    minSize: positiveInt(values["min-size"], "min-size"),
    maxSize: positiveInt(values["max-size"], "max-size"),
    iterations: positiveInt(values.iterations, "iterations"),
    warmup: positiveInt(values.warmup, "warmup"),
    quiet: values.quiet ?? false,
    json: values.json ?? false,
  };
  const { runBench, BENCHES } = await import("./bench/cli.ts");
  if (!name || !(BENCHES as readonly string[]).includes(name)) {
    throw new UsageError(`bench: expected one of ${BENCHES.join(", ")}`);
  }
  await runBench(name as typeof BENCHES[number], opts);
}

/**
 * Runs the command line with `argv` (the arguments after the program name).
 *
 * @example
 * ```ts
 * await main(["info"]);
 * ```
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "run":
        await run(rest);
        return 0;
      case "futures":
        await futures(rest);
        return 0;
      case "info":
        await info();
        return 0;
      case "bench":
        await bench(rest);
        return 0;
      case "--version":
      case "-V":
        console.log(`mpi4ts ${VERSION}`);
        return 0;
      case "--help":
      case "-h":
        console.log(USAGE);
        return 0;
      default:
        throw new UsageError(
          command ? `unknown command '${command}'` : "missing command",
        );
    }
  } catch (error) {
    const usage = error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    if (!usage) throw error;
    console.error(`mpi4ts: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
}

function exit(code: number): void {
  if (code !== 0) exitProcess(code);
}

if (isMainModule(import.meta)) exit(await main(programArgs()));
