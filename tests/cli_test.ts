// mpi4ts-test: np=1
/**
 * The command line and the job-abort behaviour, tested by launching real
 * jobs with each MPI's own `mpiexec` (this file runs on one rank).
 */
import assert from "node:assert/strict";
import { test } from "./_harness.ts";
import { fileURLToPath } from "node:url";
import type { ValueRow } from "../bench/values.ts";
import {
  type LaunchedRow,
  rowPattern,
  valuesTable,
} from "../bench/values_report.ts";
import { mpi4pyFor } from "../bench/mpi4py.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DENO = Deno.execPath();
const LAUNCHERS = {
  openmpi: ["mpiexec.openmpi", "--allow-run-as-root", "--oversubscribe"],
  mpich: ["mpiexec.mpich"],
} as const;

/** The environment without this process's own launcher variables. */
function cleanEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  for (const k of Object.keys(env)) {
    if (/^(OMPI_|PMIX_|PMI_|HYDRA|HYDI_|MPI_LOCAL|OPAL_|ORTE_)/.test(k)) {
      delete env[k];
    }
  }
  env.NO_COLOR = "1";
  env.OMPI_ALLOW_RUN_AS_ROOT = "1";
  env.OMPI_ALLOW_RUN_AS_ROOT_CONFIRM = "1";
  return env;
}

interface Run {
  code: number;
  out: string;
  seconds: number;
}

async function launch(
  mpi: keyof typeof LAUNCHERS,
  n: number,
  args: string[],
  env: Record<string, string> = {},
): Promise<Run> {
  const [cmd, ...flags] = LAUNCHERS[mpi];
  const t0 = performance.now();
  const out = await new Deno.Command("timeout", {
    args: ["60", cmd, ...flags, "-n", String(n), DENO, "run", "-A", ...args],
    cwd: ROOT,
    env: { ...cleanEnv(), ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  return {
    code: out.code,
    out: text,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Runs `script` (the CLI unless named) without a launcher. */
async function cli(args: string[], script = "cli.ts"): Promise<Run> {
  const t0 = performance.now();
  const out = await new Deno.Command(DENO, {
    args: ["run", "-A", script, ...args],
    cwd: ROOT,
    env: cleanEnv(),
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    out: new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr),
    seconds: (performance.now() - t0) / 1000,
  };
}

test("cli --help and --version exit 0; bad arguments print usage and exit 2", async () => {
  const help = await cli(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage:/);
  const version = await cli(["--version"]);
  assert.equal(version.code, 0);
  assert.match(version.out, /^mpi4ts \d+\.\d+\.\d+/);
  for (
    const bad of [[], ["frobnicate"], ["run"], ["bench", "nope"], [
      "bench",
      "pingpong",
      "--min-size",
      "-3",
    ]]
  ) {
    const r = await cli(bad);
    assert.equal(r.code, 2, `exit code of ${bad.join(" ")}: ${r.out}`);
    assert.match(r.out, /Usage:/);
  }
});

for (const mpi of ["openmpi", "mpich"] as const) {
  test(`${mpi}: cli info names the library, ABI and launcher`, async () => {
    const r = await launch(mpi, 2, ["cli.ts", "info"]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`abi\\s+${mpi}`));
    assert.match(r.out, new RegExp(`launcher\\s+${mpi}`));
    assert.match(r.out, /world size\s+2/);
    assert.match(r.out, /thread level\s+multiple/);
  });

  test(`${mpi}: cli run passes arguments to the script`, async () => {
    const r = await launch(mpi, 2, [
      "cli.ts",
      "run",
      "tests/fixtures/echo_args.ts",
      "a",
      "--b",
    ]);
    assert.equal(r.code, 0, r.out);
    assert.deepEqual(JSON.parse(r.out.trim().split("\n").at(-1)!), {
      args: ["a", "--b"],
      size: 2,
    });
  });

  test(`${mpi}: cli run aborts the whole job when one of 3 ranks throws`, async () => {
    const r = await launch(mpi, 3, [
      "cli.ts",
      "run",
      "tests/fixtures/throw_on_rank1.ts",
    ]);
    assert.notEqual(r.code, 0, r.out);
    assert.notEqual(r.code, 124, "timed out: the other ranks hung");
    assert.ok(r.seconds < 30, `took ${r.seconds} s`);
    assert.match(r.out, /\[rank 1\] Error: boom on rank 1/);
  });

  test(`${mpi}: cli futures runs main.ts on rank 0 with ranks 1..N-1 as the pools' workers`, async () => {
    const r = await launch(mpi, 3, [
      "cli.ts",
      "futures",
      "tests/fixtures/futures_main.ts",
      "x",
    ]);
    assert.equal(r.code, 0, r.out);
    const lines = r.out.trim().split("\n").filter((l) => l.startsWith("{"));
    assert.equal(lines.length, 1, `only rank 0 runs main.ts: ${r.out}`);
    assert.deepEqual(JSON.parse(lines[0]), {
      rank: 0,
      size: 3,
      args: ["x"],
      numWorkers: 2,
      squaresOk: true,
      ranks: [1, 2],
      last: 42,
    });
  });

  test(`${mpi}: cli futures aborts the job when main.ts throws`, async () => {
    const r = await launch(mpi, 3, [
      "cli.ts",
      "futures",
      "tests/fixtures/futures_throws.ts",
    ]);
    assert.ok(r.seconds < 30, `took ${r.seconds} s`);
    assert.notEqual(r.code, 124, "timed out: the workers hung");
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /\[rank 0\] Error: boom in main/);
  });

  test(`${mpi}: without cli.ts an uncaught error or rejection still aborts the job`, async () => {
    for (
      const script of [
        "tests/fixtures/throw_on_rank1.ts",
        "tests/fixtures/reject_on_rank1.ts",
      ]
    ) {
      const r = await launch(mpi, 3, [script]);
      assert.notEqual(r.code, 0, r.out);
      assert.notEqual(
        r.code,
        124,
        `timed out: the other ranks hung (${script})`,
      );
      assert.ok(r.seconds < 30, `took ${r.seconds} s`);
      assert.match(r.out, /\[rank 1\] .*boom on rank 1/);
    }
  });

  test(`${mpi}: cli bench values warms each row until it stops speeding up, then times it, twice`, async () => {
    const r = await launch(
      mpi,
      2,
      ["cli.ts", "bench", "values", "--warmup", "100", "--iterations", "100"],
      { MPI4TS_BENCH_JSON: "1", MPI4TS_VALUES_ONLY: "^pingpong small record$" },
    );
    assert.equal(r.code, 0, r.out);
    const rows = r.out.split("\n").filter((l) => l.startsWith("{")).map((l) =>
      JSON.parse(l) as ValueRow
    );
    assert.deepEqual(rows.map((x) => [x.op, x.payload, x.round]), [
      ["pingpong", "small record", 1],
      ["pingpong", "small record", 2],
    ]);
    for (const row of rows) {
      assert.ok(row.usec > 0 && row.best > 0 && row.best <= row.usec, r.out);
      // At least the minimum (a second for the first row) and three
      // windows; at most the cap and one batch.
      const least = row.round === 1 ? 1000 : 600;
      assert.ok(row.warm! >= least && row.warm! < 6000, `warm ${row.warm}`);
    }
  });
}

test("the value report counts rows at target and rows slower in the 2nd round, per implementation", () => {
  // [impl, payload, round 1 µs, round 2 µs]: "fast" is under mpi4py but
  // 20% slower in round 2; "slow" is 1.43× mpi4py and steady.
  const figures: [string, string, number, number][] = [
    ["mpi4ts", "fast", 1, 1.2],
    ["mpi4py", "fast", 2, 2],
    ["mpi4ts", "slow", 3, 3],
    ["mpi4py", "slow", 2, 2.1],
  ];
  const rows: LaunchedRow[] = [];
  for (const launch of [1, 2, 3]) {
    for (const [impl, payload, ...rounds] of figures) {
      rounds.forEach((usec, i) =>
        rows.push({
          impl,
          bench: "values",
          op: "pingpong",
          payload,
          launch,
          round: i + 1,
          usec,
          best: usec,
        })
      );
    }
  }
  const table = valuesTable("openmpi", rows);
  assert.match(table, /\| pingpong \| fast \| .* \| 0\.60× \|/);
  assert.match(table, /\| pingpong \| slow \| .* \| 1\.43× \|/);
  assert.match(
    table,
    /mpi4ts: 1 of 2 rows at ≤ 1\.0× mpi4py; 2nd round more than 10% slower than the 1st in 1 of 2 rows, within ±10% in 1 /,
  );
  assert.match(
    table,
    /mpi4py: 2nd round more than 10% slower than the 1st in 0 of 2 rows, within ±10% in 2 /,
  );
  assert.doesNotMatch(table, /the control/);
  // With the control after each row, its range in each round, and the
  // drift of the rows where it held: "fast" (control 1 -> 1.05) drifts 20%
  // under mpi4ts, none under mpi4py; "slow" (1.1 -> 0.8) is not counted.
  const controls: Record<string, number[]> = {
    fast: [1, 1.05],
    slow: [1.1, 0.8],
  };
  const controlled = rows.map((r) => ({
    ...r,
    control: controls[r.payload][r.round - 1],
  }));
  const table2 = valuesTable("openmpi", controlled);
  assert.match(
    table2,
    /mpi4ts: .* within ±10% in 1; the control after each row took 1\.00–1\.10 µs in round 1, 0\.80–1\.05 in round 2; where the control held within ±10%, the 2nd round more than 10% slower in 1 of 1 rows /,
  );
  assert.match(
    table2,
    /mpi4py: .*; where the control held within ±10%, the 2nd round more than 10% slower in 0 of 1 rows /,
  );
});

test("a row's pattern keeps exactly that row, in JavaScript and in Python", async () => {
  const keys = [
    "pingpong 2 × 8,000 B",
    "pingpong 2 × 20,000 B",
    "gather {x,y} 2 × Float64Array(1000)",
    "gather Uint8Array 16 KiB",
    "gather Uint8Array 16 B",
    "allreduce Float64Array(10)",
    "allreduce Float64Array(1000)",
  ];
  const patterns = keys.map((k) => {
    const [op, ...rest] = k.split(" ");
    return rowPattern({ op, payload: rest.join(" ") });
  });
  const js = patterns.map((p) => keys.filter((k) => new RegExp(p).test(k)));
  const out = await new Deno.Command("/usr/bin/python3", {
    args: [
      "-c",
      "import json, re, sys; ps, ks = json.load(sys.stdin); print(json.dumps([[k for k in ks if re.search(p, k)] for p in ps]))",
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = out.stdin.getWriter();
  await w.write(new TextEncoder().encode(JSON.stringify([patterns, keys])));
  await w.close();
  const { stdout, stderr, success } = await out.output();
  assert.ok(success, new TextDecoder().decode(stderr));
  const py = JSON.parse(new TextDecoder().decode(stdout));
  assert.deepEqual(js, keys.map((k) => [k]));
  assert.deepEqual(py, js);
});

test("by row, the value report takes figures from the rows launched alone and the drift from the whole program", () => {
  // Alone: mpi4ts 1 µs against mpi4py 2 (0.50×). Whole program: mpi4ts 3
  // then 4 µs (33% slower in round 2), against mpi4py 1.
  const rows: LaunchedRow[] = [];
  const add = (impl: string, alone: boolean, rounds: number[]) =>
    rounds.forEach((usec, i) =>
      rows.push({
        impl,
        bench: "values",
        op: "pingpong",
        payload: "p",
        launch: 1,
        round: i + 1,
        usec,
        best: usec,
        ...(alone ? { alone } : {}),
      })
    );
  add("mpi4ts", false, [3, 4]);
  add("mpi4py", false, [1, 1]);
  add("mpi4ts", true, [1, 1]);
  add("mpi4py", true, [2, 2]);
  const table = valuesTable("openmpi", rows);
  assert.match(table, /each row alone, the implementations in turn/);
  assert.ok(!table.includes("(on Open MPI)"));
  // An MPICH table names mpi4py's MPI unless mpi4py ran on MPICH too.
  assert.ok(valuesTable("mpich", rows).includes("mpi4py (on Open MPI) µs"));
  assert.ok(!valuesTable("mpich", rows, "mpich").includes("(on Open MPI)"));
  assert.match(
    table,
    /\| pingpong \| p \| 1\.00 \(1\.00\) · 1\.00 \| .* \| 0\.50× \|/,
  );
  assert.match(
    table,
    /mpi4ts: 1 of 1 rows at ≤ 1\.0× mpi4py; 2nd round more than 10% slower than the 1st in 1 of 1 rows, .*\(one launch of the whole program\)/,
  );
});

test("by row, the value report launches each row alone for every implementation", async () => {
  // Under the MPI this file runs with; mpi4py on it if built for it.
  const mpi = Deno.env.has("OMPI_COMM_WORLD_SIZE") ? "openmpi" : "mpich";
  const pyMpi = (mpi4pyFor(mpi) ?? mpi4pyFor("openmpi"))!.mpi;
  const file = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const r = await cli([
      "--mpi",
      mpi,
      "--by-row",
      "--launches",
      "1",
      "--warmup",
      "50",
      "--run",
      "50",
      "--only",
      "^pingpong (small record|2 × 8,000 B)$",
      "--rows",
      file,
    ], "bench/values_report.ts");
    assert.equal(r.code, 0, r.out);
    const { rows, python } = JSON.parse(await Deno.readTextFile(file)) as {
      rows: LaunchedRow[];
      python: string;
    };
    assert.equal(python, pyMpi, "the saved rows name mpi4py's MPI");
    assert.equal(r.out.includes("mpi4py (on Open MPI)"), pyMpi !== mpi);
    const count = (impl: string, payload: string, alone: boolean) =>
      rows.filter((x) =>
        x.impl === impl && x.payload === payload && !x.alone === !alone
      ).length;
    for (const impl of ["mpi4ts", "mpi4py"]) {
      for (const payload of ["small record", "2 × 8,000 B"]) {
        // Both rounds of the whole program, and both of the row's own launch.
        assert.equal(count(impl, payload, false), 2, `${impl} ${payload}`);
        assert.equal(count(impl, payload, true), 2, `${impl} ${payload} alone`);
      }
    }
    assert.match(r.out, /\| pingpong \| 2 × 8,000 B \| .* \| [0-9.]+× \|/);
    // Both programs time the machine after each row.
    for (const row of rows) {
      assert.ok(row.control! > 0, `${row.impl} ${row.payload} control`);
    }
    assert.match(r.out, /the control after each row took [0-9.]+–[0-9.]+ µs/);
  } finally {
    await Deno.remove(file);
  }
});

test("the value report's --only names the argument when it is not a regular expression", async () => {
  const r = await cli(
    ["--by-row", "--only", "pingpong (small"],
    "bench/values_report.ts",
  );
  assert.notEqual(r.code, 0);
  assert.match(r.out, /--only: not a regular expression: pingpong \(small/);
});

test("the value report's --from names the argument when the file holds no saved rows", async () => {
  const file = await Deno.makeTempFile({ suffix: ".json" });
  try {
    await Deno.writeTextFile(file, JSON.stringify({ rows: 3 }));
    const r = await cli(["--from", file], "bench/values_report.ts");
    assert.notEqual(r.code, 0);
    assert.match(r.out, /--from: .* holds no rows saved by --rows/);
  } finally {
    await Deno.remove(file);
  }
});

test("a launcher/library mismatch is explained, not a silent world of size 1", async () => {
  const r = await launch("mpich", 2, ["tests/fixtures/echo_args.ts"], {
    MPI4TS_LIBMPI: "libmpi.so.40",
  });
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /launcher started 2 processes/);
});
