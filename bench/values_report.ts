/**
 * The value rows of the benchmark report: runs `cli.ts bench values` under
 * Deno and Node and `bench/py/values.py` (mpi4py's pickle) under one MPI,
 * one after the other, and tables each row's sustained mean next to
 * mpi4py's, with the second round beside the first.
 *
 *     deno run -A bench/values_report.ts [--mpi openmpi|mpich] [--warmup ms] [--run ms]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { jsonLines } from "./sh.ts";
import type { ValueRow } from "./values.ts";

/** How to launch 2 ranks of each MPI (Open MPI forwards our variables with `-x`). */
export const LAUNCH = {
  openmpi: [
    "mpiexec.openmpi",
    "--allow-run-as-root",
    "-n",
    "2",
    "-x",
    "MPI4TS_BENCH_JSON",
  ],
  mpich: ["mpiexec.mpich", "-n", "2"],
} as const;

/** What to run. */
export interface ValuesPlan {
  /** Which MPI. */
  mpi: keyof typeof LAUNCH;
  /** Command lines that start mpi4ts's CLI, per runtime. */
  runtimes: Record<string, string[]>;
  /** A Python with mpi4py built for this MPI, if any. */
  python?: string;
  /** Untimed milliseconds per row. */
  warmupMs: number;
  /** Timed milliseconds per row. */
  runMs: number;
}

function rowsOf(cmd: string[]): Promise<ValueRow[]> {
  return jsonLines<ValueRow>(cmd);
}

/**
 * Runs every implementation once (each runs all rows twice) and returns
 * the rows.
 *
 * @example
 * ```ts ignore
 * const rows = await measureValues({ mpi: "openmpi", runtimes: { deno: ["deno", "run", "-A", "cli.ts"] }, warmupMs: 300, runMs: 1000 });
 * ```
 */
export async function measureValues(plan: ValuesPlan): Promise<ValueRow[]> {
  const launch = [...LAUNCH[plan.mpi]];
  const ms = [String(plan.warmupMs), String(plan.runMs)];
  const rows: ValueRow[] = [];
  for (const cli of Object.values(plan.runtimes)) {
    rows.push(
      ...await rowsOf([
        ...launch,
        ...cli,
        "bench",
        "values",
        "--warmup",
        ms[0],
        "--iterations",
        ms[1],
      ]),
    );
  }
  if (plan.python) {
    rows.push(
      ...await rowsOf([...launch, plan.python, "bench/py/values.py", ...ms]),
    );
  }
  return rows;
}

const f = (x?: number) => (x === undefined ? "—" : x.toFixed(2));
const ratio = (a?: number, b?: number) =>
  a !== undefined && b ? `${(a / b).toFixed(2)}×` : "—";

/**
 * The markdown table of value rows: sustained mean µs of round 1 (round 2
 * in brackets) per implementation, and each runtime's ratio to mpi4py.
 *
 * @example
 * ```ts ignore
 * console.log(valuesTable("openmpi", rows));
 * ```
 */
export function valuesTable(mpi: string, rows: ValueRow[]): string {
  const impls = [...new Set(rows.map((r) => r.impl))];
  const ours = impls.filter((i) => i !== "mpi4py");
  const row = (impl: string, op: string, payload: string, round: number) =>
    rows.find((r) =>
      r.impl === impl && r.op === op && r.payload === payload &&
      r.round === round
    );
  const get = (impl: string, op: string, payload: string, round: number) =>
    row(impl, op, payload, round)?.usec;
  const best = (impl: string, op: string, payload: string) =>
    Math.min(
      row(impl, op, payload, 1)?.best ?? Infinity,
      row(impl, op, payload, 2)?.best ?? Infinity,
    );
  const keys = [
    ...new Set(rows.map((r) => `${r.op}\u0000${r.payload}`)),
  ].map((k) => k.split("\u0000"));
  const head = [
    "call",
    "payload",
    ...impls.map((i) => `${i} µs (2nd) · best`),
    ...ours.map((i) => `${i}/mpi4py`),
  ];
  const lines = [
    `#### values (${mpi}, 2 ranks, sustained mean µs per call, one-way for ping-pong; 2nd round in brackets; best chunk after ·)`,
    "",
    `| ${head.join(" | ")} |`,
    `|${head.map((_, i) => (i < 2 ? "---" : "---:")).join("|")}|`,
  ];
  for (const [op, payload] of keys) {
    const cells = [op, payload];
    for (const impl of impls) {
      cells.push(
        `${f(get(impl, op, payload, 1))} (${f(get(impl, op, payload, 2))}) · ${
          f(best(impl, op, payload))
        }`,
      );
    }
    for (const impl of ours) {
      // The worse of the two rounds counts.
      const a = Math.max(
        get(impl, op, payload, 1) ?? NaN,
        get(impl, op, payload, 2) ?? NaN,
      );
      const b = Math.max(
        get("mpi4py", op, payload, 1) ?? NaN,
        get("mpi4py", op, payload, 2) ?? NaN,
      );
      cells.push(Number.isNaN(a) || Number.isNaN(b) ? "—" : ratio(a, b));
    }
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      mpi: { type: "string", default: "openmpi" },
      warmup: { type: "string", default: "300" },
      run: { type: "string", default: "1000" },
      node: { type: "boolean" },
    },
  });
  const mpi = values.mpi as keyof typeof LAUNCH;
  const runtimes: Record<string, string[]> = {
    deno: [Deno.execPath(), "run", "-A", "cli.ts"],
  };
  if (values.node) runtimes.node = ["node", "npm/cli.js"];
  const rows = await measureValues({
    mpi,
    runtimes,
    python: mpi === "openmpi" ? "/usr/bin/python3" : undefined,
    warmupMs: Number(values.warmup),
    runMs: Number(values.run),
  });
  console.log(valuesTable(mpi, rows));
}
