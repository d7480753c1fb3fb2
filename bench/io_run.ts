/**
 * The MPI-IO part of the benchmark report: for each MPI and for files under
 * `/dev/shm` and `/tmp`, runs `bench/io.ts` (mpi4ts on Deno), the C program
 * `bench/c/io.c` and mpi4py's `bench/py/io.py` (Open MPI only) on 2 ranks
 * side by side, in rounds: each round launches every implementation once,
 * in an order that rotates from round to round. One launch writing a file
 * differs from the next by more than the binding costs (the ranks' writes
 * meet on the file's lock), so each figure is the median over the rounds,
 * and mpi4ts's ratio to C is the median of the rounds' ratios of means.
 *
 *     deno run -A bench/run.ts --io [--mpi openmpi|mpich|both] [--rounds N]
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

/** The median of `xs` (not empty). */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const digits = (unit: string) => (unit === "us" ? 1 : 0);

/** `best / mean`, each the median over rounds, of one implementation. */
function cell(figures: Figure[]): string {
  if (figures.length === 0) return "–";
  const d = digits(figures[0].unit);
  return `${median(figures.map((f) => f.best)).toFixed(d)} / ${
    median(figures.map((f) => f.mean)).toFixed(d)
  }`;
}

/**
 * Runs the I/O benchmarks for `mpis`, `rounds` launches of each
 * implementation, and prints a Markdown table.
 *
 * @example
 * ```ts ignore
 * await ioReport(["openmpi"], true, 7);
 * ```
 */
export async function ioReport(
  mpis: readonly string[],
  python: boolean,
  rounds = 7,
  reps = 5,
): Promise<string> {
  const lines = [
    `Medians over ${rounds} rounds (each launches C, mpi4ts and mpi4py once, in rotating order) ` +
    `of each launch's best / mean over ${reps} repetitions; the ratio is the median of the ` +
    "rounds' mpi4ts ÷ C of means (bandwidth: higher is better; latency: lower).",
    "",
    "| MPI | dir | benchmark | C best / mean | mpi4ts (Deno) best / mean | mpi4py best / mean | mpi4ts ÷ C | rounds' ratios |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
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
      const impls: [string, string[]][] = [
        ["C", [bin, ...args]],
        ["mpi4ts", [Deno.execPath(), "run", "-A", "bench/io.ts", ...args]],
      ];
      if (python && mpi === "openmpi") {
        impls.push(["mpi4py", ["/usr/bin/python3", "bench/py/io.py", ...args]]);
      }
      // got[impl][round]: that launch's figures (empty if it failed).
      const got = new Map(impls.map(([name]) => [name, [] as Figure[][]]));
      for (let r = 0; r < rounds; r++) {
        for (let k = 0; k < impls.length; k++) {
          const [name, cmd] = impls[(r + k) % impls.length];
          got.get(name)![r] = await run([...LAUNCH[mpi], ...cmd]).catch(
            () => [],
          );
        }
      }
      const of = (name: string, bench: string) =>
        (got.get(name) ?? []).map((fs) => fs.find((f) => f.bench === bench));
      for (
        const bench of [
          "write_at_all",
          "read_at_all",
          "iwrite_at",
          "write_at_4k",
        ]
      ) {
        const c = of("C", bench),
          ts = of("mpi4ts", bench),
          py = of("mpi4py", bench);
        const ratios = c.flatMap((cf, r) =>
          cf && ts[r] ? [ts[r]!.mean / cf.mean] : []
        );
        if (ratios.length === 0) continue;
        const unit = ts.find((f) => f)!.unit;
        const present = (fs: (Figure | undefined)[]) =>
          fs.filter((f) => f) as Figure[];
        lines.push(
          `| ${mpi} | ${dir} | ${bench} (${unit}) | ${cell(present(c))} | ${
            cell(present(ts))
          } | ${cell(present(py))} | ${median(ratios).toFixed(2)} | ${
            ratios.map((x) => x.toFixed(2)).join(" ")
          } |`,
        );
      }
    }
  }
  const table = lines.join("\n");
  console.log(table);
  return table;
}
