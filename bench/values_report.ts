/**
 * The value rows of the benchmark report: runs `cli.ts bench values` under
 * Deno and Node and `bench/py/values.py` (mpi4py's pickle) under one MPI,
 * `--launches` times each, alternating which goes first, and tables each
 * row's median sustained mean next to mpi4py's, with the second round
 * beside the first.
 *
 * `--by-row` launches every row on its own instead, each implementation
 * in turn for that row: the figures compared were then taken seconds
 * apart, not the several minutes a whole program takes, over which this
 * kind of machine's speed moves by up to 2×. One launch of the whole
 * program per implementation comes first and gives the rows and the
 * second round's drift, next to the range of the control each program
 * times after every row (the machine's own speed, `ValueRow.control`) and
 * the drift of the rows where that control held within ±10%.
 *
 *     deno run -A bench/values_report.ts [--mpi openmpi|mpich] [--node]
 *       [--warmup ms] [--run ms] [--launches n] [--by-row] [--only regex]
 *       [--rows out.json]
 *     deno run -A bench/values_report.ts --from out.json
 *
 * `--only` keeps the rows whose `"<op> <payload>"` matches; `--rows` saves
 * every measured row; `--from` tables saved rows again.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { jsonLines, positiveInt } from "./sh.ts";
import type { ValueRow } from "./values.ts";
import { type Mpi4py, mpi4pyFor } from "./mpi4py.ts";

/** How to launch 2 ranks of each MPI (Open MPI forwards our variables with `-x`). */
export const LAUNCH = {
  openmpi: [
    "mpiexec.openmpi",
    "--allow-run-as-root",
    "-n",
    "2",
    "-x",
    "MPI4TS_BENCH_JSON",
    "-x",
    "MPI4TS_VALUES_ONLY",
  ],
  mpich: ["mpiexec.mpich", "-n", "2"],
} as const;

/** What to run. */
export interface ValuesPlan {
  /** Which MPI. */
  mpi: keyof typeof LAUNCH;
  /** Command lines that start mpi4ts's CLI, per runtime. */
  runtimes: Record<string, string[]>;
  /**
   * mpi4py, and the MPI it was built for: Debian's is built for Open MPI
   * only, so without `scripts/mpi4py_mpich.sh`'s build an MPICH report
   * compares with mpi4py on Open MPI.
   */
  python?: Mpi4py;
  /** Untimed milliseconds per row. */
  warmupMs: number;
  /** Timed milliseconds per row. */
  runMs: number;
  /**
   * Launches of each implementation, alternating which goes first: one
   * launch compares the machine's mood of that minute as much as the code.
   */
  launches: number;
  /** Launch each row on its own, the implementations in turn (see the module doc). */
  byRow?: boolean;
  /** Only the rows whose `"<op> <payload>"` this regular expression matches. */
  only?: string;
}

/**
 * A measured row, the launch it came from (1-based) and whether that
 * launch ran this row alone.
 */
export type LaunchedRow = ValueRow & { launch: number; alone?: boolean };

/**
 * A pattern for `MPI4TS_VALUES_ONLY` that keeps exactly this row, in the
 * JavaScript and the Python program alike.
 *
 * @example
 * ```ts
 * import { rowPattern } from "./values_report.ts";
 * rowPattern({ op: "pingpong", payload: "2 × 8,000 B" }); // "^pingpong 2 \\× 8\\,000 B$"
 * ```
 */
export function rowPattern(r: { op: string; payload: string }): string {
  return `^${`${r.op} ${r.payload}`.replace(/[^A-Za-z0-9 ]/g, "\\$&")}$`;
}

/**
 * Launches every implementation `plan.launches` times, rotating their
 * order (each launch runs all rows twice), and returns the rows. With
 * `plan.byRow`: one launch of each implementation, then per row
 * `plan.launches` launches of each running that row alone.
 *
 * @example
 * ```ts ignore
 * const rows = await measureValues({ mpi: "openmpi", runtimes: { deno: ["deno", "run", "-A", "cli.ts"] }, warmupMs: 300, runMs: 1000, launches: 3 });
 * ```
 */
export async function measureValues(plan: ValuesPlan): Promise<LaunchedRow[]> {
  const ms = [String(plan.warmupMs), String(plan.runMs)];
  const commands = Object.values(plan.runtimes).map((cli) => ({
    cmd: [
      ...LAUNCH[plan.mpi],
      ...cli,
      "bench",
      "values",
      "--warmup",
      ms[0],
      "--iterations",
      ms[1],
    ],
    env: {},
  }));
  if (plan.python) {
    const { exe, env, mpi } = plan.python;
    commands.push({
      cmd: [...LAUNCH[mpi], exe, "bench/py/values.py", ...ms],
      env,
    });
  }
  const rows: LaunchedRow[] = [];
  const run = async (
    { cmd, env }: { cmd: string[]; env: Record<string, string> },
    launch: number,
    only?: ValueRow,
  ) => {
    const pattern = only ? rowPattern(only) : plan.only;
    const vars = pattern ? { ...env, MPI4TS_VALUES_ONLY: pattern } : env;
    for (const row of await jsonLines<ValueRow>(cmd, vars)) {
      rows.push(only ? { ...row, launch, alone: true } : { ...row, launch });
    }
  };
  const whole = plan.byRow ? 1 : plan.launches;
  for (let launch = 1; launch <= whole; launch++) {
    for (let i = 0; i < commands.length; i++) {
      await run(commands[(i + launch - 1) % commands.length], launch);
    }
  }
  if (!plan.byRow) return rows;
  const firsts = [...new Map(rows.map((r) => [keyOf(r), r])).values()];
  for (const row of firsts) {
    for (let launch = 1; launch <= plan.launches; launch++) {
      for (let i = 0; i < commands.length; i++) {
        await run(commands[(i + launch - 1) % commands.length], launch, row);
      }
    }
  }
  return rows;
}

const f = (x?: number) => (x === undefined ? "—" : x.toFixed(2));

function median(xs: number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = xs.toSorted((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The figures of one (call, payload) row of the table, per implementation. */
interface Cell {
  /** Median over launches of each round's sustained mean. */
  round1?: number;
  round2?: number;
  /** Best chunk of any launch and round. */
  best?: number;
  /** Median over launches of the worse round's ratio to mpi4py's worse round. */
  ratio?: number;
  /** Median over launches of the second round's ratio to the first. */
  drift?: number;
  /** The same over the launches where the control held within ±10% between the rounds. */
  levelDrift?: number;
}

function cellOf(
  rows: LaunchedRow[],
  impl: string,
  key: string,
): Cell {
  const all = rows.filter((r) => keyOf(r) === key);
  // Figures and ratios come from launches of the row alone where there are
  // any; the drift from launches of the whole program.
  const alone = all.filter((r) => r.alone);
  const timed = alone.length ? alone : all;
  const drifting = alone.length ? all.filter((r) => !r.alone) : all;
  const mine = timed.filter((r) => r.impl === impl);
  const py = timed.filter((r) => r.impl === "mpi4py");
  const worse = (rs: LaunchedRow[], launch: number) => {
    const us = rs.filter((r) => r.launch === launch).map((r) => r.usec);
    return us.length ? Math.max(...us) : undefined;
  };
  const ratios: number[] = [], drifts: number[] = [];
  const levelDrifts: number[] = [];
  for (const launch of new Set(mine.map((r) => r.launch))) {
    const a = worse(mine, launch), b = worse(py, launch);
    if (a !== undefined && b) ratios.push(a / b);
  }
  const ours = drifting.filter((r) => r.impl === impl);
  for (const launch of new Set(ours.map((r) => r.launch))) {
    const at = (k: number) =>
      ours.find((r) => r.launch === launch && r.round === k);
    const one = at(1), two = at(2);
    if (!one || !two) continue;
    drifts.push(two.usec / one.usec);
    // Where the machine's own speed moved, so may the row: only launches
    // whose control held tell the program's drift from the machine's.
    if (isLevel(one.control, two.control)) {
      levelDrifts.push(two.usec / one.usec);
    }
  }
  const round = (k: number) =>
    median(mine.filter((r) => r.round === k).map((r) => r.usec));
  return {
    round1: round(1),
    round2: round(2),
    best: mine.length ? Math.min(...mine.map((r) => r.best)) : undefined,
    ratio: impl === "mpi4py" ? undefined : median(ratios),
    drift: median(drifts),
    levelDrift: median(levelDrifts),
  };
}

/** Whether the control after a row's two rounds is within ±10% (both measured). */
function isLevel(first?: number, second?: number): boolean {
  return !!first && !!second && Math.abs(second / first - 1) <= 0.1;
}

/** A summary line's counts, per implementation. */
const NO_COUNTS = {
  ratio: 0,
  steady: 0,
  slower: 0,
  n: 0,
  /** Rows whose control held, and of them those more than 10% slower. */
  level: 0,
  levelSlower: 0,
};

const keyOf = (r: ValueRow) => `${r.op}\u0000${r.payload}`;

/**
 * The markdown table of value rows: per implementation, the median over
 * launches of round 1's sustained mean µs (round 2's in brackets) and the
 * best chunk; per runtime of ours, the median over launches of the worse
 * round's ratio to mpi4py's worse round. A summary line counts the rows
 * that meet the targets (≤ 1.0× under Deno, ≤ 1.3× under Node, the second
 * round within 10% of the first), the range of the control measured after
 * each row, in each round (`ValueRow.control`), and how many of the rows
 * whose control held within ±10% were more than 10% slower in round 2.
 *
 * @example
 * ```ts ignore
 * console.log(valuesTable("openmpi", rows));
 * ```
 */
export function valuesTable(
  mpi: string,
  rows: LaunchedRow[],
  pythonMpi = "openmpi",
): string {
  const impls = [...new Set(rows.map((r) => r.impl))];
  const ours = impls.filter((i) => i !== "mpi4py");
  const launches = new Set(rows.map((r) => r.launch)).size;
  const byRow = rows.some((r) => r.alone);
  const pyOn = pythonMpi === mpi ? "" : " (on Open MPI)";
  const keys = [...new Set(rows.map(keyOf))];
  const head = [
    "call",
    "payload",
    ...impls.map((i) => `${i}${i === "mpi4py" ? pyOn : ""} µs (2nd) · best`),
    ...ours.map((i) => `${i}/mpi4py`),
  ];
  const lines = [
    `#### values (${mpi}, 2 ranks, median of ${launches} launches ${
      byRow ? "of each row alone, the implementations in turn, " : ""
    }of the sustained mean µs per call, one-way for ping-pong; 2nd round in brackets; best chunk after ·)`,
    "",
    `| ${head.join(" | ")} |`,
    `|${head.map((_, i) => (i < 2 ? "---" : "---:")).join("|")}|`,
  ];
  const met = new Map(
    impls.map((i) => [i, { ...NO_COUNTS }]),
  );
  for (const key of keys) {
    const cells = key.split("\u0000");
    const figures = new Map(impls.map((i) => [i, cellOf(rows, i, key)]));
    for (const impl of impls) {
      const c = figures.get(impl)!;
      cells.push(`${f(c.round1)} (${f(c.round2)}) · ${f(c.best)}`);
    }
    for (const impl of ours) {
      const c = figures.get(impl)!;
      cells.push(c.ratio === undefined ? "—" : `${c.ratio.toFixed(2)}×`);
      if (c.ratio !== undefined && c.ratio <= (impl === "mpi4ts" ? 1 : 1.3)) {
        met.get(impl)!.ratio++;
      }
    }
    for (const impl of impls) {
      const { drift, levelDrift } = figures.get(impl)!, m = met.get(impl)!;
      m.n++;
      if (drift !== undefined && Math.abs(drift - 1) <= 0.1) m.steady++;
      if (drift !== undefined && drift > 1.1) m.slower++;
      if (levelDrift !== undefined) {
        m.level++;
        if (levelDrift > 1.1) m.levelSlower++;
      }
    }
    lines.push(`| ${cells.join(" | ")} |`);
  }
  lines.push("");
  for (const [impl, m] of met) {
    const target = impl === "mpi4ts" ? "1.0" : "1.3";
    const ratio = impl === "mpi4py"
      ? ""
      : `${m.ratio} of ${m.n} rows at ≤ ${target}× mpi4py; `;
    const held = m.level
      ? `; where the control held within ±10%, the 2nd round more than 10% slower in ${m.levelSlower} of ${m.level} rows`
      : "";
    const control = controlRange(
      rows.filter((r) => r.impl === impl && (!byRow || !r.alone)),
    ) + held;
    lines.push(
      `${impl}: ${ratio}2nd round more than 10% slower than the 1st in ${m.slower} of ${m.n} rows, within ±10% in ${m.steady}${control} (${
        byRow
          ? "one launch of the whole program"
          : "median over launches of each launch's ratio"
      }).`,
    );
  }
  return lines.join("\n");
}

/**
 * The control's range in each round (`ValueRow.control`), for the summary
 * line; empty for rows saved before it existed.
 */
function controlRange(rows: LaunchedRow[]): string {
  const range = (k: number) => {
    const us = rows.filter((r) => r.round === k && r.control).map((r) =>
      r.control!
    );
    // A round saved without controls (rows from before they existed).
    return us.length ? `${f(Math.min(...us))}–${f(Math.max(...us))}` : "—";
  };
  if (!rows.some((r) => r.control)) return "";
  return `; the control after each row took ${range(1)} µs in round 1, ${
    range(2)
  } in round 2`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      mpi: { type: "string", default: "openmpi" },
      warmup: { type: "string", default: "300" },
      run: { type: "string", default: "1000" },
      launches: { type: "string", default: "3" },
      "by-row": { type: "boolean" },
      only: { type: "string" },
      node: { type: "boolean" },
      rows: { type: "string" },
      from: { type: "string" },
    },
  });
  if (values.from) {
    // Tables rows saved by an earlier run's --rows.
    const saved = JSON.parse(await Deno.readTextFile(values.from));
    if (typeof saved?.mpi !== "string" || !Array.isArray(saved.rows)) {
      throw new TypeError(
        `--from: ${values.from} holds no rows saved by --rows`,
      );
    }
    console.log(valuesTable(saved.mpi, saved.rows, saved.python));
    Deno.exit(0);
  }
  const mpi = values.mpi as keyof typeof LAUNCH;
  if (!(mpi in LAUNCH)) {
    throw new RangeError(`--mpi must be openmpi or mpich, got ${mpi}`);
  }
  if (values.only !== undefined) {
    // Checked here: a bad pattern would otherwise fail inside each launched program.
    try {
      new RegExp(values.only);
    } catch (error) {
      throw new SyntaxError(
        `--only: not a regular expression: ${values.only}`,
        { cause: error },
      );
    }
  }
  const runtimes: Record<string, string[]> = {
    deno: [Deno.execPath(), "run", "-A", "cli.ts"],
  };
  if (values.node) runtimes.node = ["node", "npm/cli.js"];
  const python = mpi4pyFor(mpi) ?? mpi4pyFor("openmpi");
  const rows = await measureValues({
    mpi,
    runtimes,
    python,
    warmupMs: Number(values.warmup),
    runMs: Number(values.run),
    launches: positiveInt("--launches", values.launches),
    byRow: values["by-row"],
    only: values.only,
  });
  if (values.rows) {
    await Deno.writeTextFile(
      values.rows,
      JSON.stringify({ mpi, python: python?.mpi, rows }),
    );
  }
  console.log(valuesTable(mpi, rows, python?.mpi));
}
