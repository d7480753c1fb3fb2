/**
 * The one-sided part of the benchmark report: runs `bench/rma.ts` (Deno),
 * `bench/c/rma.c` (built with the MPI's `mpicc`) and, on Open MPI,
 * `bench/py/rma.py` (mpi4py) on 2 ranks, round robin `launches` times,
 * and returns a markdown table of means, best batches and the ratios the
 * targets are stated in.
 *
 * @module
 */
import type { RmaRow } from "./rma.ts";

/** How to run one MPI's programs. */
export interface RmaSetup {
  /** MPI name for the heading. */
  readonly mpi: string;
  /** The launcher command for 2 ranks. */
  readonly run: readonly string[];
  /** The MPI's C compiler wrapper. */
  readonly cc: string;
  /** Debian's Python with mpi4py, if it runs on this MPI. */
  readonly python?: string;
  /** Repository root. */
  readonly root: string;
  /** Environment for the launches. */
  readonly env: Record<string, string>;
  /** Fewer repetitions. */
  readonly quick: boolean;
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
  const commands = [
    [...setup.run, bin, ...q],
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
    commands.push([...setup.run, setup.python, "bench/py/rma.py", ...q]);
  }
  const best = new Map<string, RmaRow>();
  for (let i = 0; i < launches; i++) {
    for (const cmd of commands) {
      for (const line of (await output(cmd, setup)).split("\n")) {
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

/** The markdown table of `rows`. */
export function rmaTable(mpi: string, rows: RmaRow[]): string {
  const get = (impl: string, bench: string) =>
    rows.find((r) => r.impl === impl && r.bench === bench);
  const cell = (r?: RmaRow) => r ? `${fmt(r.usec)} (${fmt(r.best)})` : "—";
  const ratio = (a?: number, b?: number) =>
    a !== undefined && b !== undefined ? `${(a / b).toFixed(2)}×` : "—";
  const lines = [
    `#### one-sided (${mpi}, 2 ranks, µs per operation: mean (best batch))`,
    "",
    "| benchmark | C | mpi4ts | mpi4ts/C (best) | mpi4py | target |",
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
        ratio(ours?.best, c?.best)
      } | ${cell(get("mpi4py", bench))} | ${target} |`,
    );
  }
  const rate = (r?: RmaRow) => (r ? 1e6 / r.best : undefined);
  const fc = get("C", "rma_fop"), fo = get("mpi4ts", "rma_fop");
  const fp = get("mpi4py", "rma_fop");
  const millions = (x?: number) =>
    x === undefined ? "—" : `${(x / 1e6).toFixed(2)} M/s`;
  lines.push(
    `| \`Fetch_and_op\` + \`Flush\` increments/s (best) | ${
      millions(rate(fc))
    } | ${millions(rate(fo))} | ${ratio(rate(fo), rate(fc))} | ${
      millions(rate(fp))
    } | ≥ 0.5× C |`,
  );
  for (const impl of ["C", "mpi4ts", "mpi4py"]) {
    const peer = get(impl, "shm_sum_peer"), local = get(impl, "shm_sum_local");
    if (!peer || !local) continue;
    lines.push(
      `| ${impl}: sum a peer's 8 MiB shared segment / a local array | ${
        cell(peer)
      } / ${cell(local)} | speed ${
        ratio(local.best, peer.best)
      } of local | | | ≥ 0.8× |`,
    );
  }
  return lines.join("\n");
}
