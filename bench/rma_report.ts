/**
 * The one-sided part of the benchmark report: runs `bench/rma.ts` (Deno),
 * `bench/c/rma.c` (built with the MPI's `mpicc`) and, with mpi4py built for
 * the MPI (`bench/mpi4py.ts`), `bench/py/rma.py` on 2 ranks, round robin
 * `launches` times,
 * all three at the same MPI thread level (`THREAD_SINGLE` unless asked:
 * with `THREAD_MULTIPLE` Open MPI locks around every one-sided call, in C
 * as much as here), and returns a markdown table of sustained means, best
 * batches and the ratios the targets are stated in, of both.
 *
 * @module
 */
import type { RmaRow } from "./rma.ts";
import { mpi4pyFor } from "./mpi4py.ts";

/** How to run one MPI's programs. */
export interface RmaSetup {
  /** MPI name for the heading. */
  readonly mpi: string;
  /** The launcher command for 2 ranks. */
  readonly run: readonly string[];
  /** The MPI's C compiler wrapper. */
  readonly cc: string;
  /** A Python with mpi4py built for this MPI (its environment in `env`). */
  readonly python?: string;
  /** Repository root. */
  readonly root: string;
  /** Environment for the launches. */
  readonly env: Record<string, string>;
  /** Fewer repetitions. */
  readonly quick: boolean;
  /** The thread level every implementation initializes MPI with (default `single`). */
  readonly threads?: "single" | "multiple";
}

async function output(
  cmd: readonly string[],
  setup: RmaSetup,
): Promise<string> {
  const out = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    cwd: setup.root,
    env: { NO_COLOR: "1", ...setup.env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `${cmd.join(" ")} failed:\n${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return new TextDecoder().decode(out.stdout);
}

/** Runs every implementation `launches` times; keeps each row's lowest mean and best batch. */
export async function measureRma(
  setup: RmaSetup,
  launches: number,
): Promise<RmaRow[]> {
  const bin = `${setup.root}bench/bin/${setup.mpi}/rma`;
  await Deno.mkdir(`${setup.root}bench/bin/${setup.mpi}`, { recursive: true });
  await output([setup.cc, "-O2", "bench/c/rma.c", "-o", bin], setup);
  const q = setup.quick ? ["quick"] : [];
  const multiple = setup.threads === "multiple";
  const commands = [
    [...setup.run, bin, ...q, ...(multiple ? ["multiple"] : [])],
    [
      ...setup.run,
      Deno.execPath(),
      "run",
      "-A",
      "bench/rma.ts",
      ...(setup.quick ? ["--quick"] : []),
    ],
  ];
  if (setup.python) {
    commands.push([
      ...setup.run,
      setup.python,
      "bench/py/rma.py",
      ...q,
      ...(multiple ? [] : ["single"]),
    ]);
  }
  const env = {
    ...setup.env,
    MPI4TS_THREAD_LEVEL: multiple ? "multiple" : "single",
  };
  const best = new Map<string, RmaRow>();
  for (let i = 0; i < launches; i++) {
    for (const cmd of commands) {
      for (const line of (await output(cmd, { ...setup, env })).split("\n")) {
        if (!line.startsWith("{")) continue;
        const row = JSON.parse(line) as RmaRow;
        const key = `${row.impl}|${row.bench}`;
        const seen = best.get(key);
        best.set(
          key,
          seen
            ? {
              ...row,
              usec: Math.min(row.usec, seen.usec),
              best: Math.min(row.best, seen.best),
            }
            : row,
        );
      }
    }
  }
  return [...best.values()];
}

const fmt = (x: number | undefined, d = 3) =>
  x === undefined ? "—" : x.toFixed(d);

/** The markdown table of `rows` (measured at thread level `threads`). */
export function rmaTable(
  mpi: string,
  rows: RmaRow[],
  threads = "single",
): string {
  const get = (impl: string, bench: string) =>
    rows.find((r) => r.impl === impl && r.bench === bench);
  const cell = (r?: RmaRow) => r ? `${fmt(r.usec)} (${fmt(r.best)})` : "—";
  const ratio = (a?: number, b?: number) =>
    a !== undefined && b !== undefined ? `${(a / b).toFixed(2)}×` : "—";
  const lines = [
    `#### one-sided (${mpi}, 2 ranks, THREAD_${threads.toUpperCase()}, µs per operation: sustained mean (best batch))`,
    "",
    "| benchmark | C | mpi4ts | mpi4ts/C mean (best) | mpi4py | target |",
    "|---|---:|---:|---:|---:|---|",
  ];
  const ops: [string, string, string][] = [
    ["rma_put", "passive `Put` 8 B + `Flush`", "≤ 2× C"],
    ["rma_get", "`Get` 1 MiB + `Flush`", "≤ 1.1× C"],
    ["rma_acc", "`Accumulate` `SUM` 1 MiB doubles + `Flush`", "≤ 1.1× C"],
  ];
  for (const [bench, label, target] of ops) {
    const c = get("C", bench), ours = get("mpi4ts", bench);
    lines.push(
      `| ${label} | ${cell(c)} | ${cell(ours)} | ${
        ratio(ours?.usec, c?.usec)
      } (${ratio(ours?.best, c?.best)}) | ${
        cell(get("mpi4py", bench))
      } | ${target} |`,
    );
  }
  const rate = (r?: RmaRow) => (r ? 1e6 / r.best : undefined);
  const sustained = (r?: RmaRow) => (r ? 1e6 / r.usec : undefined);
  const fc = get("C", "rma_fop"), fo = get("mpi4ts", "rma_fop");
  const fp = get("mpi4py", "rma_fop");
  const millions = (x?: number) =>
    x === undefined ? "—" : `${(x / 1e6).toFixed(2)} M/s`;
  lines.push(
    `| \`Fetch_and_op\` + \`Flush\` increments/s: sustained (best) | ${
      millions(sustained(fc))
    } (${millions(rate(fc))}) | ${millions(sustained(fo))} (${
      millions(rate(fo))
    }) | ${ratio(sustained(fo), sustained(fc))} (${
      ratio(rate(fo), rate(fc))
    }) | ${millions(sustained(fp))} (${millions(rate(fp))}) | ≥ 0.5× C |`,
  );
  for (const impl of ["C", "mpi4ts", "mpi4py"]) {
    const peer = get(impl, "shm_sum_peer"), local = get(impl, "shm_sum_local");
    if (!peer || !local) continue;
    lines.push(
      `| ${impl}: sum a peer's 8 MiB shared segment / a local array | ${
        cell(peer)
      } / ${cell(local)} | speed ${ratio(local.usec, peer.usec)} (${
        ratio(local.best, peer.best)
      }) of local | | | ≥ 0.8× |`,
    );
  }
  return lines.join("\n");
}

/** The ratios the targets are stated in, from one launch's rows (`NaN` where a row is missing). */
export function rmaRatios(rows: RmaRow[]): Record<string, [number, number]> {
  const get = (impl: string, bench: string) =>
    rows.find((r) => r.impl === impl && r.bench === bench);
  const pair = (
    a: RmaRow | undefined,
    b: RmaRow | undefined,
    f: (x: RmaRow, y: RmaRow) => [number, number],
  ): [number, number] => (a && b ? f(a, b) : [NaN, NaN]);
  const slower = (x: RmaRow, y: RmaRow): [number, number] => [
    x.usec / y.usec,
    x.best / y.best,
  ];
  const faster = (x: RmaRow, y: RmaRow): [number, number] => [
    y.usec / x.usec,
    y.best / x.best,
  ];
  const out: Record<string, [number, number]> = {};
  for (const b of ["rma_put", "rma_get", "rma_acc"]) {
    out[`${b} / C`] = pair(get("mpi4ts", b), get("C", b), slower);
  }
  out["rma_fop rate / C"] = pair(
    get("mpi4ts", "rma_fop"),
    get("C", "rma_fop"),
    faster,
  );
  out["shm peer speed / local"] = pair(
    get("mpi4ts", "shm_sum_peer"),
    get("mpi4ts", "shm_sum_local"),
    faster,
  );
  return out;
}

if (import.meta.main) {
  // deno run -A bench/rma_report.ts [openmpi|mpich] [launches] [--quick]
  //   [--multiple] [--no-python]: the table, then each ratio's range over
  //   the launches (sustained mean, best batch).
  const args = Deno.args.filter((a) => !a.startsWith("--"));
  const mpi = args[0] ?? "openmpi";
  const launches = Number(args[1] ?? 3);
  const flags = new Set(Deno.args.filter((a) => a.startsWith("--")));
  const openmpi = mpi === "openmpi";
  const py = flags.has("--no-python")
    ? undefined
    : mpi4pyFor(openmpi ? "openmpi" : "mpich");
  const setup: RmaSetup = {
    mpi,
    run: openmpi
      ? ["mpiexec.openmpi", "--allow-run-as-root", "--oversubscribe", "-n", "2"]
      : ["mpiexec.mpich", "-n", "2"],
    cc: openmpi ? "mpicc.openmpi" : "mpicc.mpich",
    python: py?.exe,
    root: new URL("..", import.meta.url).pathname,
    env: {
      MPI4TS_ABI: mpi,
      OMPI_ALLOW_RUN_AS_ROOT: "1",
      OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: "1",
      ...py?.env,
    },
    quick: flags.has("--quick"),
    threads: flags.has("--multiple") ? "multiple" : "single",
  };
  const all: RmaRow[] = [];
  const ratios: Record<string, [number, number]>[] = [];
  for (let i = 0; i < launches; i++) {
    const rows = await measureRma(setup, 1);
    ratios.push(rmaRatios(rows));
    all.push(...rows);
    console.log(JSON.stringify({ launch: i, rows }));
  }
  console.log(rmaTable(mpi, lowest(all), setup.threads));
  console.log(`\nranges over ${launches} launches: sustained mean; best batch`);
  for (const key of Object.keys(ratios[0])) {
    const range = (k: 0 | 1) => {
      const v = ratios.map((r) => r[key][k]).filter((x) => !isNaN(x));
      if (v.length === 0) return "—";
      const [lo, hi] = [Math.min(...v), Math.max(...v)];
      return `${lo.toFixed(2)}–${hi.toFixed(2)}× (${v.length} launches)`;
    };
    console.log(`${key}: ${range(0)}; ${range(1)}`);
  }
}

/** Each row's lowest mean and best batch over several launches. */
function lowest(rows: RmaRow[]): RmaRow[] {
  const best = new Map<string, RmaRow>();
  for (const row of rows) {
    const key = `${row.impl}|${row.bench}`;
    const seen = best.get(key);
    best.set(
      key,
      seen
        ? {
          ...row,
          usec: Math.min(row.usec, seen.usec),
          best: Math.min(row.best, seen.best),
        }
        : row,
    );
  }
  return [...best.values()];
}
