/**
 * Launching real jobs of child programs (`tests/fixtures/`) from a test,
 * with this run's MPI and runtime.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

export const ROOT: string = fileURLToPath(new URL("..", import.meta.url));
const UNDER_DENO = "Deno" in globalThis;
/** The MPI this test runs under. */
export const MPI: "openmpi" | "mpich" =
  process.env.OMPI_COMM_WORLD_SIZE !== undefined ? "openmpi" : "mpich";

/** How to run a fixture under this runtime (Node runs the compiled copy). */
function program(name: string, v8: string[] = []): string[] {
  if (UNDER_DENO) {
    const flags = v8.length ? [`--v8-flags=${v8.join(",")}`] : [];
    return [
      process.execPath,
      "run",
      "-A",
      ...flags,
      `${ROOT}tests/fixtures/${name}.ts`,
    ];
  }
  // The compiled tests live in .npm-test/tests/ next to this file.
  const here = fileURLToPath(new URL(".", import.meta.url));
  return [process.execPath, ...v8, `${here}fixtures/${name}.js`];
}

/** The environment without this job's own launcher variables. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined) continue;
    if (/^(OMPI_|PMIX_|PMI_|HYDRA|HYDI_|MPI_LOCAL|OPAL_|ORTE_)/.test(k)) {
      continue;
    }
    env[k] = v;
  }
  return {
    ...env,
    NO_COLOR: "1",
    OMPI_ALLOW_RUN_AS_ROOT: "1",
    OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: "1",
    ...extra,
  };
}

/** How a launched job ended. */
export interface Run {
  status: number | null;
  out: string;
  seconds: number;
}

/**
 * Launches fixture `name` (`tests/fixtures/`) on `n` ranks with this run's
 * MPI and runtime, in a clean environment plus `opts.env`.
 */
export function launch(
  name: string,
  n: number,
  opts: { env?: Record<string, string>; v8?: string[]; limit?: number } = {},
): Run {
  const launcher = MPI === "openmpi"
    ? ["mpiexec.openmpi", "--oversubscribe", "-n", String(n)]
    : ["mpiexec.mpich", "-n", String(n)];
  // -x forwards the variables under Open MPI, which does not pass the environment on.
  const forward = MPI === "openmpi"
    ? Object.keys(opts.env ?? {}).flatMap((k) => ["-x", k])
    : [];
  // `env -i` sets exactly this environment (Deno's spawnSync would merge
  // in the parent's, whose launcher variables make mpiexec refuse to nest).
  const env = Object.entries(cleanEnv(opts.env ?? {})).map(([k, v]) =>
    `${k}=${v}`
  );
  const args = [
    "-i",
    ...env,
    ...launcher,
    ...forward,
    ...program(name, opts.v8),
  ];
  const t0 = performance.now();
  const r = spawnSync("/usr/bin/env", args, {
    cwd: ROOT,
    encoding: "utf8",
    timeout: (opts.limit ?? 60) * 1000,
    killSignal: "SIGKILL",
  });
  if (r.error && r.status === null && r.signal === null) throw r.error;
  return {
    status: r.status,
    out: `${r.stdout ?? ""}${r.stderr ?? ""}`,
    seconds: (performance.now() - t0) / 1000,
  };
}
