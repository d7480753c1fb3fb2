/**
 * The MPI-IO part of the benchmark report: for each MPI and for files under
 * `/dev/shm` and `/tmp`, runs `bench/io.ts` (mpi4ts on Deno), the C program
 * `bench/c/io.c` and mpi4py's `bench/py/io.py` (Open MPI only) on 2 ranks
 * side by side, and prints best and mean with mpi4ts's ratio to C.
 *
 *     deno run -A bench/run.ts --io [--mpi openmpi|mpich|both]
 *
 * @module
 */
import { jsonLines } from "./sh.ts";

const ROOT = new URL("..", import.meta.url).pathname;

interface Figure {
  bench: string;
  best: number;
  mean: number;
  unit: string;
}

const LAUNCH = {
  openmpi: ["mpiexec.openmpi", "--allow-run-as-root", "-n", "2"],
  mpich: ["mpiexec.mpich", "-n", "2"],
} as const;

function run(cmd: string[]): Promise<Figure[]> {
  return jsonLines<Figure>(cmd);
}

const fmt = (f: Figure | undefined) =>
  f
    ? `${f.best.toFixed(f.unit === "us" ? 1 : 0)} / ${
      f.mean.toFixed(f.unit === "us" ? 1 : 0)
    }`
    : "–";

/** Ratio of mpi4ts to C on sustained means: bandwidth ts/C, latency ts/C. */
const ratio = (ts: Figure, c: Figure) => (ts.mean / c.mean).toFixed(2);

/** Runs the I/O benchmarks for `mpis` and prints a Markdown table. */
export async function ioReport(
  mpis: readonly string[],
  python: boolean,
  reps = 5,
): Promise<string> {
  const lines = [
    "| MPI | dir | benchmark | C best / mean | mpi4ts (Deno) best / mean | mpi4py best / mean | mpi4ts ÷ C (means) |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const mpi of mpis as (keyof typeof LAUNCH)[]) {
    const bin = `${await Deno.makeTempDir()}/io`;
    const cc = mpi === "openmpi" ? "mpicc.openmpi" : "mpicc.mpich";
    await new Deno.Command(cc, {
      args: ["-O2", "bench/c/io.c", "-o", bin],
      cwd: ROOT,
    }).output();
    for (const dir of ["/dev/shm", "/tmp"]) {
      const args = [dir, String(reps)];
      const c = await run([...LAUNCH[mpi], bin, ...args]);
      const ts = await run([
        ...LAUNCH[mpi],
        Deno.execPath(),
        "run",
        "-A",
        "bench/io.ts",
        ...args,
      ]);
      const py = python && mpi === "openmpi"
        ? await run([
          ...LAUNCH[mpi],
          "/usr/bin/python3",
          "bench/py/io.py",
          ...args,
        ])
        : [];
      for (const t of ts) {
        const cf = c.find((f) => f.bench === t.bench)!;
        const pf = py.find((f) => f.bench === t.bench);
        lines.push(
          `| ${mpi} | ${dir} | ${t.bench} (${t.unit}) | ${fmt(cf)} | ${
            fmt(t)
          } | ${fmt(pf)} | ${ratio(t, cf)} |`,
        );
      }
    }
  }
  const table = lines.join("\n");
  console.log(table);
  return table;
}
