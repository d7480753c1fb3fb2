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
  },
  bin: { mpi4ts: "./cli.js" },
  engines: { node: ">=20" },
  dependencies: { koffi: "^3.3.4" },
};

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
  const out: string[] = [];
  for (const dir of ["tests", "examples"]) {
    for await (const e of Deno.readDir(`${ROOT}${dir}`)) {
      if (e.isFile && e.name.endsWith(".ts")) out.push(`${dir}/${e.name}`);
    }
  }
  return out.sort();
}

async function main(): Promise<void> {
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
  await compile("package", ["mod.ts", "rc.ts", "cli.ts", "util/mod.ts"], OUT);
  const cli = `${OUT}cli.js`;
  await Deno.writeTextFile(
    cli,
    `#!/usr/bin/env node\n${await Deno.readTextFile(cli)}`,
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
