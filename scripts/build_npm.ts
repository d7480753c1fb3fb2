/**
 * Builds the npm package `mpi4ts` into `npm/`: ESM JavaScript and `.d.ts`
 * types compiled by the TypeScript compiler from the same sources Deno
 * runs, a `package.json` with the `mpi4ts` bin, README and LICENSE.
 *
 * ```sh
 * deno run -A scripts/build_npm.ts            # npm/ (the package)
 * deno run -A scripts/build_npm.ts --tests    # also .npm-test/ (tests and examples for Node)
 * (cd npm && npm pack)
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";

const ROOT = new URL("../", import.meta.url).pathname;
const BUILD = `${ROOT}.npm-build/`;
const OUT = `${ROOT}npm/`;
const TEST_OUT = `${ROOT}.npm-test/`;
const TSC = `${ROOT}node_modules/.bin/tsc`;

const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)) as {
  version: string;
};

/** Compiler options shared by the package and the test build. */
const COMPILER_OPTIONS = {
  target: "ES2022",
  module: "NodeNext",
  moduleResolution: "NodeNext",
  lib: ["ES2023", "ESNext.Disposable", "DOM"],
  types: ["node"],
  strict: true,
  noImplicitOverride: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  rewriteRelativeImportExtensions: true,
  verbatimModuleSyntax: true,
  declaration: true,
  rootDir: "..",
};

const PACKAGE = {
  name: "mpi4ts",
  version: config.version,
  description:
    "MPI for TypeScript: the system's real MPI library (Open MPI, MPICH, Intel MPI, ...) from Node and Deno",
  keywords: ["mpi", "hpc", "parallel", "openmpi", "mpich", "ffi"],
  license: "MIT",
  type: "module",
  main: "./mod.js",
  types: "./mod.d.ts",
  exports: {
    ".": { types: "./mod.d.ts", default: "./mod.js" },
    "./rc": { types: "./rc.d.ts", default: "./rc.js" },
    "./cli": { types: "./cli.d.ts", default: "./cli.js" },
    "./util": { types: "./util/mod.d.ts", default: "./util/mod.js" },
    "./futures": { types: "./futures/mod.d.ts", default: "./futures/mod.js" },
  },
  bin: { mpi4ts: "./cli.js" },
  engines: { node: ">=20" },
  dependencies: { koffi: "^3.3.4" },
};

/**
 * The bin's first lines: a shell script to the shell, a comment to
 * JavaScript. `bunx` honours a bin's `#!/usr/bin/env node` and would start
 * Node, which cannot import the TypeScript programs Bun runs; so the bin
 * starts Bun when Bun's `bunx`/`bun x` started it (`npm_execpath` names
 * that binary, whose directory holds `bun`), and Node otherwise.
 */
const LAUNCHER = `#!/bin/sh
// 2>/dev/null; case "$npm_config_user_agent" in bun/*) d=$(dirname "$npm_execpath"); for b in "$d/bun" "$d/bun.exe" bun; do command -v "$b" >/dev/null && exec "$b" "$0" "$@"; done ;; esac; exec node "$0" "$@"
`;

async function run(cmd: string, args: string[]): Promise<void> {
  const { code } = await new Deno.Command(cmd, {
    args,
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  if (code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${code})`);
}

async function output(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await new Deno.Command(cmd, { args }).output();
  return new TextDecoder().decode(stdout);
}

/** Compiles `files` (and what they import) into `outDir`. */
async function compile(
  name: string,
  files: string[],
  outDir: string,
): Promise<void> {
  const tsconfig = {
    compilerOptions: { ...COMPILER_OPTIONS, outDir },
    files: [...files.map((f) => `../${f}`), "deno.d.ts"],
  };
  const path = `${BUILD}${name}.tsconfig.json`;
  await Deno.writeTextFile(path, JSON.stringify(tsconfig, null, 2));
  await run(TSC, ["-p", path]);
}

async function testFiles(): Promise<string[]> {
  // Spawned by a pool, named by URL: no test imports it.
  const out: string[] = ["futures/worker_main.ts"];
  for (const dir of ["tests", "tests/fixtures", "examples"]) {
    for await (const e of Deno.readDir(`${ROOT}${dir}`)) {
      if (e.isFile && e.name.endsWith(".ts")) out.push(`${dir}/${e.name}`);
    }
  }
  return out.sort();
}

/** The compiler comes from `./scripts/setup.sh`; say so rather than fail with `NotFound`. */
async function requireSetup(): Promise<void> {
  try {
    await Deno.stat(TSC);
  } catch {
    console.error(
      `build_npm: the TypeScript compiler (${TSC}) is not installed: ` +
        "run ./scripts/setup.sh first (it installs Deno, koffi and TypeScript from npm)",
    );
    Deno.exit(1);
  }
}

async function main(): Promise<void> {
  await requireSetup();
  const { values } = parseArgs({
    args: Deno.args,
    options: { tests: { type: "boolean" } },
  });
  await Deno.remove(OUT, { recursive: true }).catch(() => {});
  await Deno.mkdir(BUILD, { recursive: true });
  // The Deno backend stays in the package (for Deno users of npm:mpi4ts),
  // so the compiler needs the Deno namespace's declarations.
  await Deno.writeTextFile(
    `${BUILD}deno.d.ts`,
    await output(Deno.execPath(), ["types"]),
  );
  await compile("package", [
    "mod.ts",
    "rc.ts",
    "cli.ts",
    "util/mod.ts",
    "futures/mod.ts",
    "futures/worker_main.ts",
  ], OUT);
  const cli = `${OUT}cli.js`;
  await Deno.writeTextFile(
    cli,
    `${LAUNCHER}${await Deno.readTextFile(cli)}`,
  );
  await Deno.chmod(cli, 0o755);
  await Deno.writeTextFile(
    `${OUT}package.json`,
    JSON.stringify(PACKAGE, null, 2) + "\n",
  );
  await Deno.copyFile(`${ROOT}LICENSE`, `${OUT}LICENSE`);
  await Deno.copyFile(`${ROOT}README.md`, `${OUT}README.md`);
  if (values.tests) {
    await Deno.remove(TEST_OUT, { recursive: true }).catch(() => {});
    await compile("tests", await testFiles(), TEST_OUT);
    // Compiled tests resolve koffi from the repository's node_modules.
    await Deno.writeTextFile(
      `${TEST_OUT}package.json`,
      JSON.stringify({ type: "module" }) + "\n",
    );
  }
  console.log(`built ${OUT}${values.tests ? ` and ${TEST_OUT}` : ""}`);
}

await main();
