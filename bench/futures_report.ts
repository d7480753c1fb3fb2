/**
 * The task-pool rows of the benchmark report: `bench/futures.ts` and
 * mpi4py's `bench/py/futures.py` (`bench/mpi4py.ts`), one after
 * the other, in both ways of getting workers — spawned pools
 * (`PoolExecutor` / `MPIPoolExecutor`) and the job's own ranks
 * (`cli.ts futures` / `python -m mpi4py.futures`) — tabled side by side.
 *
 *     deno run -A bench/futures_report.ts [--mpi openmpi|mpich]
 *
 * On MPICH built with ch4:ucx nothing can spawn: only the job rows run,
 * with mpi4py if `scripts/mpi4py_mpich.sh` built it for MPICH.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { jsonLines } from "./sh.ts";
import { type Mpi4py, mpi4pyFor } from "./mpi4py.ts";

const DENO = Deno.execPath();

/** One measured row. */
export interface FuturesRow {
  impl: string;
  mode: "spawn" | "job";
  row: string;
  unit: string;
  mean: number;
  best: number;
}

const MPIEXEC = {
  openmpi: ["mpiexec.openmpi", "--allow-run-as-root", "--oversubscribe"],
  mpich: ["mpiexec.mpich"],
} as const;

async function rowsOf(
  cmd: string[],
  mode: FuturesRow["mode"],
  python?: Mpi4py,
): Promise<FuturesRow[]> {
  const rows = await jsonLines<FuturesRow>(["timeout", "600", ...cmd], {
    OMPI_MCA_rmaps_base_oversubscribe: "1",
    ...python?.env,
  });
  return rows.map((r) => ({ ...r, mode }));
}

/**
 * Runs every row under `mpi`: spawned pools where the library can spawn,
 * and pools over the job's ranks (2 ranks for one worker, 3 for two).
 *
 * @example
 * ```ts ignore
 * const rows = await measureFutures("openmpi", mpi4pyFor("openmpi"));
 * ```
 */
export async function measureFutures(
  mpi: keyof typeof MPIEXEC,
  python?: Mpi4py,
): Promise<FuturesRow[]> {
  const rows: FuturesRow[] = [];
  const job = (n: number, which: string) => [
    [
      ...MPIEXEC[mpi],
      "-n",
      String(n),
      DENO,
      "run",
      "-A",
      "cli.ts",
      "futures",
      "bench/futures.ts",
      which,
    ],
    ...(python
      ? [[
        ...MPIEXEC[mpi],
        "-n",
        String(n),
        python.exe,
        "-m",
        "mpi4py.futures",
        "bench/py/futures.py",
        which,
      ]]
      : []),
  ];
  if (mpi === "openmpi") {
    rows.push(
      ...await rowsOf([DENO, "run", "-A", "bench/futures.ts"], "spawn"),
    );
    if (python) {
      rows.push(
        ...await rowsOf([python.exe, "bench/py/futures.py"], "spawn", python),
      );
    }
  }
  for (const cmd of [...job(2, "one"), ...job(3, "two")]) {
    rows.push(...await rowsOf(cmd, "job", python));
  }
  return rows;
}

/**
 * The markdown table: each row's sustained mean and best block for mpi4ts
 * and mpi4py, and mpi4ts's advantage (tasks/s: ours over theirs; µs:
 * theirs over ours — above 1 means mpi4ts is ahead).
 *
 * @example
 * ```ts ignore
 * console.log(futuresTable("openmpi", rows));
 * ```
 */
export function futuresTable(mpi: string, rows: FuturesRow[]): string {
  const fmt = (x?: number) =>
    x === undefined ? "—" : x >= 1000 ? x.toFixed(0) : x.toFixed(1);
  const lines = [
    `#### task pools (${mpi}; sustained mean of the whole run · best block; spawn = spawned pools, job = the job's own ranks)`,
    "",
    "| workers from | benchmark | unit | mpi4ts | mpi4py | mpi4ts ahead by |",
    "|---|---|---|---:|---:|---:|",
  ];
  const keys = [...new Set(rows.map((r) => `${r.mode}\u0000${r.row}`))];
  for (const key of keys) {
    const [mode, row] = key.split("\u0000");
    const ours = rows.find((r) =>
      r.impl === "mpi4ts" && r.mode === mode && r.row === row
    );
    const theirs = rows.find((r) =>
      r.impl === "mpi4py" && r.mode === mode && r.row === row
    );
    const unit = (ours ?? theirs)!.unit;
    const ahead = ours && theirs
      ? (unit === "us" ? theirs.mean / ours.mean : ours.mean / theirs.mean)
        .toFixed(1) + "×"
      : "—";
    lines.push(
      `| ${mode} | ${row} | ${unit} | ${fmt(ours?.mean)} · ${
        fmt(ours?.best)
      } | ${fmt(theirs?.mean)} · ${fmt(theirs?.best)} | ${ahead} |`,
    );
  }
  return lines.join("\n");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { mpi: { type: "string", default: "openmpi" } },
  });
  const mpi = values.mpi as keyof typeof MPIEXEC;
  if (!(mpi in MPIEXEC)) throw new Error(`--mpi must be openmpi or mpich`);
  const rows = await measureFutures(mpi, mpi4pyFor(mpi));
  console.log(futuresTable(mpi, rows));
}
