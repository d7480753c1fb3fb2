/**
 * Running a benchmark program from the report drivers: from the
 * repository's root, with Open MPI allowed to run as root, failing with
 * the program's output when it fails.
 *
 * @module
 */

const ROOT = new URL("..", import.meta.url).pathname;

/** Open MPI refuses to run as root without these. */
export const ROOT_OK = {
  OMPI_ALLOW_RUN_AS_ROOT: "1",
  OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: "1",
};

/**
 * The standard output of `cmd` (run from the repository root with `env`
 * added to `NO_COLOR`, `MPI4TS_BENCH_JSON` and `ROOT_OK`); throws with its
 * output if it fails.
 *
 * @example
 * ```ts ignore
 * const text = await sh(["mpiexec.mpich", "-n", "2", "bench/bin/mpich/bench"]);
 * ```
 */
export async function sh(
  cmd: string[],
  env: Record<string, string> = {},
): Promise<string> {
  const out = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    cwd: ROOT,
    env: { NO_COLOR: "1", MPI4TS_BENCH_JSON: "1", ...ROOT_OK, ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(
      `${cmd.join(" ")} failed:\n${text}${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
  return text;
}

/**
 * The JSON lines (`{...}`) that `cmd` prints, parsed.
 *
 * @example
 * ```ts ignore
 * const rows = await jsonLines(["deno", "run", "-A", "bench/futures.ts"]);
 * ```
 */
export async function jsonLines<T>(
  cmd: string[],
  env: Record<string, string> = {},
): Promise<T[]> {
  return (await sh(cmd, env)).split("\n").filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as T);
}

/**
 * `text` as a positive integer, else a `RangeError` naming the option.
 *
 * @example
 * ```ts
 * import { positiveInt } from "./sh.ts";
 * positiveInt("--rounds", "7"); // 7
 * ```
 */
export function positiveInt(option: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`${option} must be a positive integer, got ${text}`);
  }
  return n;
}
