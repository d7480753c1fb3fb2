/**
 * The awaited-MPI table of the benchmark report: runs `cli.ts bench await`
 * (`bench/await.ts`) on 2 ranks under each runtime and sets its figures
 * next to the targets.
 *
 * @module
 */
import type { AwaitRow } from "./await.ts";

/** What each measure should reach. */
const TARGETS: Record<string, string> = {
  "8-byte buffer awaited/blocking": "≤ 2×",
  "small value awaited/blocking": "≤ 1.5×",
  "CPU awaiting 3 s": "≤ 10%",
  "10 ms timer during the wait": "≥ 90",
};

/**
 * Runs each `[runtime, command]` and renders one Markdown table.
 *
 * @example
 * ```ts ignore
 * const table = await awaitReport("openmpi", [["deno", cmd]], (c) => sh(c));
 * ```
 */
export async function awaitReport(
  mpi: string,
  runs: [string, string[]][],
  sh: (cmd: string[]) => Promise<string>,
): Promise<string> {
  const byRuntime = new Map<string, AwaitRow[]>();
  for (const [runtime, cmd] of runs) {
    const text = await sh(cmd);
    byRuntime.set(
      runtime,
      text.split("\n").filter((l) => l.startsWith("{")).map((l) =>
        JSON.parse(l)
      ),
    );
  }
  const runtimes = [...byRuntime.keys()];
  const measures = [
    ...new Set([...byRuntime.values()].flat().map((r) => r.measure)),
  ];
  const lines = [
    `#### await (${mpi}, 2 ranks; ping-pong µs one-way: sustained mean / best)`,
    "",
    `| measure | ${runtimes.join(" | ")} | unit | target |`,
    `|---|${runtimes.map(() => "---:").join("|")}|---|---|`,
  ];
  for (const m of measures) {
    const cells = runtimes.map((rt) => {
      const r = byRuntime.get(rt)!.find((x) => x.measure === m);
      if (!r) return "—";
      return r.mean === r.best
        ? r.mean.toFixed(2)
        : `${r.mean.toFixed(2)} / ${r.best.toFixed(2)}`;
    });
    const unit = [...byRuntime.values()].flat().find((r) => r.measure === m)
      ?.unit ?? "";
    lines.push(
      `| ${m} | ${cells.join(" | ")} | ${unit} | ${TARGETS[m] ?? ""} |`,
    );
  }
  return lines.join("\n");
}
