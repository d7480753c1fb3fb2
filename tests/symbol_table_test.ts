// mpi4ts-test: np=1
/**
 * Proves the C symbol table (`ffi/symbols/`) against the `mpi.h` of the MPI
 * this test runs under: a probe generated from the table
 * (`tests/_symbol_probe.ts`) is compiled by that library's compiler, which
 * checks every entry's arity, each parameter's kind (`handle` an MPI handle
 * type by value of the ABI's width, `buffer`/`pointer` a pointer, `i32`
 * `int`, `i64` an 8-byte `MPI_Aint`/`MPI_Offset`/`MPI_Count`, `f64`
 * `double`) and the result kind. An entry the header lacks is checked under
 * its fallback name, or counted as absent; absent entries must be absent from
 * the library too, and declared by the other MPI's header (so a misspelt
 * name is not mistaken for a missing one). It never calls `MPI_Init`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { test } from "./_harness.ts";
import { abi, has } from "../ffi/lib.ts";
import { symbols } from "../ffi/symbols/mod.ts";
import type { FnDef } from "../ffi/types.ts";
import {
  declaredFunctions,
  type ProbeEntry,
  probeFailures,
  probeSource,
} from "./_symbol_probe.ts";

const OTHER = abi.name === "openmpi" ? "mpich" : "openmpi";
const table: Readonly<Record<string, FnDef>> = symbols;

/** Whether `cmd` is an executable on `PATH`. */
function onPath(cmd: string): boolean {
  return (Deno.env.get("PATH") ?? "").split(":").some((dir) => {
    try {
      return dir !== "" && Deno.statSync(`${dir}/${cmd}`).isFile;
    } catch {
      return false;
    }
  });
}

/** Runs a compiler; returns its exit status and stderr. */
async function compile(
  cc: string,
  args: string[],
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  // the child is a compiler, not an MPI process: keep launcher variables away
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(Deno.env.toObject())) {
    if (!/^(OMPI_|PMI_|PMIX_|HYDRA_|MPI_LOCAL)/.test(k)) env[k] = v;
  }
  env.LC_ALL = "C"; // plain quotes in diagnostics
  const out = await new Deno.Command(cc, {
    args,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return {
    ok: out.success,
    stdout: dec.decode(out.stdout),
    stderr: dec.decode(out.stderr),
  };
}

const CXX = ["-x", "c++", "-std=c++17"];

/** The C functions `mpi.h` (and `mpi-ext.h`, if any) of `mpi` declare. */
async function declared(mpi: string, dir: string): Promise<Set<string>> {
  const file = `${dir}/decl_${mpi}.cc`;
  await Deno.writeTextFile(
    file,
    "#define OMPI_SKIP_MPICXX 1\n#define MPICH_SKIP_MPICXX 1\n" +
      "#include <mpi.h>\n#if __has_include(<mpi-ext.h>)\n" +
      "#include <mpi-ext.h>\n#endif\n",
  );
  const out = await compile(`mpicc.${mpi}`, [...CXX, "-E", "-P", file]);
  assert.ok(out.ok, `mpicc.${mpi} -E failed:\n${out.stderr}`);
  return declaredFunctions(out.stdout);
}

/** Which C name of each entry the probe checks, and which entries are absent. */
function resolve(
  names: Set<string>,
): { entries: ProbeEntry[]; absent: string[] } {
  const entries: ProbeEntry[] = [];
  const absent: string[] = [];
  for (const [name, def] of Object.entries(table)) {
    const symbol = names.has(name)
      ? name
      : def.fallback && names.has(def.fallback)
      ? def.fallback
      : undefined;
    if (symbol) entries.push({ name, symbol, def });
    else absent.push(name);
  }
  return { entries, absent };
}

/** Compiles `entries`' probe; returns one sentence per disagreement. */
async function check(
  entries: readonly ProbeEntry[],
  dir: string,
): Promise<string[]> {
  const probe = probeSource(entries, abi.handleSize);
  const file = `${dir}/probe.cc`;
  await Deno.writeTextFile(file, probe.source);
  const out = await compile(`mpicc.${abi.name}`, [
    ...CXX,
    "-fsyntax-only",
    "-fmax-errors=0",
    file,
  ]);
  const failures = probeFailures(probe, file, out.stderr);
  if (!out.ok && failures.length === 0) failures.push(out.stderr);
  return failures;
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "mpi4ts_symbols_" });
  try {
    return await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const cc = `mpicc.${abi.name}`;

test({
  name: `symbols: every table entry matches ${cc}'s mpi.h`,
  ignore: !onPath(cc) && `${cc} is not installed`,
  fn: () =>
    withTempDir(async (dir) => {
      const names = await declared(abi.name, dir);
      const { entries, absent } = resolve(names);
      assert.deepEqual(await check(entries, dir), [], "table vs mpi.h");

      // the header and the library agree on what exists
      const undeclaredButExported = absent.filter((n) => has(n));
      assert.deepEqual(undeclaredButExported, [], "exported, not declared");
      const declaredNotExported = entries.filter((e) => !has(e.name));
      assert.deepEqual(
        declaredNotExported.map((e) => e.symbol),
        [],
        "declared, not exported",
      );

      if (absent.length > 0 && onPath(`mpicc.${OTHER}`)) {
        // a name neither header declares is a typo, not a missing call
        const other = await declared(OTHER, dir);
        const unknown = absent.filter((n) =>
          !other.has(n) && !other.has(table[n].fallback ?? "")
        );
        assert.deepEqual(unknown, [], `declared by neither MPI`);
      }
      const fallbacks = entries.filter((e) => e.symbol !== e.name).length;
      console.log(
        `${abi.name}: ${entries.length} of ${
          Object.keys(table).length
        } entries checked (${fallbacks} under their fallback name), ${absent.length} absent${
          absent.length ? `: ${absent.join(", ")}` : ""
        }`,
      );
      assert.ok(entries.length > 200, `only ${entries.length} entries checked`);
    }),
});

test({
  name: `symbols: ${cc} rejects entries that disagree with mpi.h`,
  ignore: !onPath(cc) && `${cc} is not installed`,
  fn: () =>
    withTempDir(async (dir) => {
      const send = table.MPI_Send;
      const recv = table.MPI_Recv;
      const bad: ProbeEntry[] = [
        // a pointer where mpi.h has an int
        {
          name: "MPI_Send",
          symbol: "MPI_Send",
          def: { ...send, parameters: send.parameters.with(1, "buffer") },
        },
        // one parameter too few
        {
          name: "MPI_Recv",
          symbol: "MPI_Recv",
          def: { ...recv, parameters: recv.parameters.slice(0, -1) },
        },
        // an int where mpi.h has an MPI_Aint
        {
          name: "MPI_Type_create_resized",
          symbol: "MPI_Type_create_resized",
          def: {
            ...table.MPI_Type_create_resized,
            parameters: table.MPI_Type_create_resized.parameters.with(1, "i32"),
          },
        },
        // a double result where mpi.h returns int
        {
          name: "MPI_Barrier",
          symbol: "MPI_Barrier",
          def: { ...table.MPI_Barrier, result: "f64" },
        },
        // good entries stay quiet
        { name: "MPI_Wtime", symbol: "MPI_Wtime", def: table.MPI_Wtime },
      ];
      const failures = await check(bad, dir);
      const expected = [
        /^MPI_Send parameter 1: the table says buffer, mpi.h has int$/,
        /^MPI_Recv: the table has 6 parameters, mpi.h has 7$/,
        /^MPI_Type_create_resized parameter 1: the table says i32, mpi.h has (MPI_Aint|long int)$/,
        /^MPI_Barrier result: the table says f64, mpi.h has int$/,
      ];
      assert.equal(failures.length, expected.length, failures.join("\n"));
      expected.forEach((re, i) => assert.match(failures[i], re));
      if (abi.handle === "pointer") {
        // Open MPI's handles are pointers: a handle taken for an int shows
        const swapped = await check([{
          name: "MPI_Send",
          symbol: "MPI_Send",
          def: { ...send, parameters: send.parameters.with(2, "i32") },
        }], dir);
        assert.equal(swapped.length, 1, swapped.join("\n"));
        assert.match(swapped[0], /^MPI_Send parameter 2: the table says i32/);
      }
    }),
});
