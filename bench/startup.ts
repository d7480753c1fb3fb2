/**
 * Start-up cost: how much importing mpi4ts (MPI initialized on import) adds
 * to a program's start under Deno, Node and Bun, next to what `MPI_Init` + `MPI_Finalize` cost a C
 * program and importing `mpi4py.MPI` adds to Python's start. Every program
 * runs as a singleton (no launcher), best of `launches` wall times.
 *
 * @module
 */

/** One program start measured. */
export interface StartupRow {
  /** What ran. */
  readonly program: string;
  /** Best wall time of a start, in ms. */
  readonly ms: number;
  /** The same runtime's empty program, whose time `ms` includes. */
  readonly baseline?: string;
}

/** What to start for one MPI. */
export interface StartupPlan {
  /** `MPI4TS_ABI` for mpi4ts, and Open MPI's root permission. */
  readonly env: Record<string, string>;
  /** The C benchmark binary for this MPI (`bench init`). */
  readonly cBench: string;
  /** Whether Node and the npm package are there. */
  readonly node: boolean;
  /** Bun's executable, if it is there. */
  readonly bun?: string;
  /** The Python that has mpi4py built for this MPI, if any. */
  readonly python?: string;
}

const C_PROGRAM = "C, MPI_Init + MPI_Finalize";

/** A program's name, its command line, and its runtime's empty program. */
type Program = [string, readonly string[], string?];

/** A runtime's empty program, and the same runtime importing `what`. */
function pair(
  runtime: string,
  what: string,
  empty: readonly string[],
  importing: readonly string[],
): Program[] {
  return [
    [`${runtime}, empty program`, empty],
    [`${runtime}, import ${what}`, importing, runtime],
  ];
}

async function wallMs(
  cmd: readonly string[],
  env: Record<string, string>,
): Promise<number> {
  const t0 = performance.now();
  const out = await new Deno.Command(cmd[0], {
    args: cmd.slice(1),
    env,
    stdout: "null",
    stderr: "piped",
  }).output();
  const ms = performance.now() - t0;
  if (!out.success) {
    throw new Error(
      `${cmd.join(" ")} failed:\n${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return ms;
}

/**
 * Times each program start `launches` times, round robin, keeping the best.
 *
 * @example
 * ```ts ignore
 * const rows = await measureStartup(plan, 5);
 * ```
 */
export async function measureStartup(
  plan: StartupPlan,
  launches: number,
): Promise<StartupRow[]> {
  const root = new URL("..", import.meta.url).pathname;
  const dir = await Deno.makeTempDir();
  const empty = `${dir}/empty.ts`, importing = `${dir}/import.ts`;
  await Deno.writeTextFile(empty, "");
  await Deno.writeTextFile(importing, `import "${root}mod.ts";\n`);
  const deno = Deno.execPath();
  const programs: Program[] = [
    ...pair("Deno", "mpi4ts", [deno, "run", "-A", empty], [
      deno,
      "run",
      "-A",
      importing,
    ]),
    [C_PROGRAM, [plan.cBench, "init"]],
    ...(plan.node
      ? pair("Node", "mpi4ts", ["node", "-e", ""], [
        "node",
        "--input-type=module",
        "-e",
        `await import("${root}npm/mod.js")`,
      ])
      : []),
    ...(plan.bun
      ? pair("Bun", "mpi4ts", [plan.bun, "run", empty], [
        plan.bun,
        "run",
        importing,
      ])
      : []),
    ...(plan.python
      ? pair("Python", "mpi4py.MPI", [plan.python, "-c", ""], [
        plan.python,
        "-c",
        "from mpi4py import MPI",
      ])
      : []),
  ];
  const best = new Map<string, number>();
  try {
    for (let i = 0; i < launches; i++) {
      for (const [name, cmd] of programs) {
        const ms = await wallMs(cmd, plan.env);
        best.set(name, Math.min(best.get(name) ?? Infinity, ms));
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return programs.map(([program, , baseline]) => ({
    program,
    ms: best.get(program)!,
    baseline: baseline && `${baseline}, empty program`,
  }));
}

/**
 * The start-up rows as a Markdown table.
 *
 * @example
 * ```ts ignore
 * console.log(startupTable("mpich", await measureStartup(plan, 5)));
 * ```
 */
export function startupTable(mpi: string, rows: StartupRow[]): string {
  const ms = (program?: string) => rows.find((r) => r.program === program)?.ms;
  const c = ms(C_PROGRAM)!;
  const lines = [
    `#### start-up (${mpi}, singleton, ms, best of launches)`,
    "",
    "| program | ms | added to the empty program | beyond C's MPI_Init + MPI_Finalize |",
    "|---|---:|---:|---:|",
  ];
  for (const r of rows) {
    const base = ms(r.baseline);
    const cells = base === undefined
      ? ["—", "—"]
      : [(r.ms - base).toFixed(0), (r.ms - base - c).toFixed(0)];
    lines.push(`| ${r.program} | ${r.ms.toFixed(0)} | ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}
