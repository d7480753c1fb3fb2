// mpi4ts-test: np=1
/**
 * Proves the ABI tables against the C compiler: for every implementation
 * whose compiler wrapper is installed, a C program generated from the table's
 * keys prints what `mpi.h` really defines (every constant, every handle, the
 * layout of `MPI_Status`, `MPI_IN_PLACE`, `MPI_STATUS_IGNORE`) and the test
 * compares it with the table. The program never calls `MPI_Init`, so this
 * test needs no launcher (running it on several ranks is harmless).
 *
 * @module
 */
import assert from "node:assert/strict";
import { test } from "./_harness.ts";
import { mpich } from "../ffi/abi/mpich.ts";
import { openmpi } from "../ffi/abi/openmpi.ts";
import {
  type AbiTable,
  CONSTANT_NAMES,
  DATATYPE_NAMES,
  type HandleName,
  OBJECT_NAMES,
  OP_NAMES,
} from "../ffi/abi/types.ts";

const HANDLE_NAMES: readonly HandleName[] = [
  ...DATATYPE_NAMES,
  ...OP_NAMES,
  ...OBJECT_NAMES,
];

/** `MPI_<T>` handle types whose size the probe prints. */
const HANDLE_TYPES = [
  "Comm",
  "Datatype",
  "Op",
  "Group",
  "Request",
  "Message",
  "Info",
  "Errhandler",
  "Win",
  "File",
] as const;

/**
 * Where each implementation keeps the hidden byte count of `MPI_Status`:
 * the field holding the low 32 bits, the field holding the high bits and
 * that field's byte offset of them (Open MPI: one `size_t _ucount`).
 */
const COUNT_FIELDS: Readonly<
  Record<AbiTable["name"], { lo: string; hi: string; hiAt: number }>
> = {
  openmpi: { lo: "_ucount", hi: "_ucount", hiAt: 4 },
  mpich: { lo: "count_lo", hi: "count_hi_and_cancelled", hiAt: 0 },
};

/** The C spelling of a table key: `TWOINT` is `MPI_2INT`. */
function cName(key: string): string {
  return `MPI_${key === "TWOINT" ? "2INT" : key}`;
}

/** Whether `cmd` is an executable on `PATH`. */
function onPath(cmd: string): boolean {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (!dir) continue;
    try {
      if (Deno.statSync(`${dir}/${cmd}`).isFile) return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/**
 * A C program printing one `KIND KEY VALUE` line per fact. Open MPI handles
 * are checked in C (`MPI_X == &symbol`), MPICH handles are printed.
 */
function program(abi: AbiTable, other: AbiTable): string {
  const out = [
    "#define _GNU_SOURCE",
    "#include <mpi.h>",
    "#include <dlfcn.h>",
    "#include <stddef.h>",
    "#include <stdint.h>",
    "#include <stdio.h>",
    "int main(void) {",
    // a call MPI allows before MPI_Init, so the library is really linked
    "  int version = 0, subversion = 0;",
    "  MPI_Get_version(&version, &subversion);",
    '  printf("V version %d.%d\\n", version, subversion);',
  ];
  const line = (kind: string, key: string, fmt: string, expr: string) =>
    out.push(`  printf("${kind} ${key} ${fmt}\\n", ${expr});`);

  for (const key of CONSTANT_NAMES) {
    line("C", key, "%lld", `(long long)(${cName(key)})`);
  }
  for (const key of HANDLE_NAMES) {
    const c = cName(key);
    const source = abi.handles[key];
    if (source === null) {
      // a handle the table says is missing must not be defined
      out.push(
        `#ifdef ${c}`,
        `  printf("H ${key} defined\\n");`,
        "#else",
        `  printf("H ${key} null\\n");`,
        "#endif",
      );
      continue;
    }
    line("Z", key, "%d", `(int)sizeof(${c})`);
    if (typeof source === "string") {
      line("H", key, "%d", `(void *)(${c}) == (void *)&(${source})`);
      // taking the address at run time makes the linker resolve the symbol
      line("A", key, "%p", `(void *)&(${source})`);
    } else {
      line("H", key, "%lld", `(long long)(${c})`);
    }
  }
  for (const t of HANDLE_TYPES) line("T", t, "%d", `(int)sizeof(MPI_${t})`);
  line("S", "size", "%d", "(int)sizeof(MPI_Status)");
  line("S", "source", "%d", "(int)offsetof(MPI_Status, MPI_SOURCE)");
  line("S", "tag", "%d", "(int)offsetof(MPI_Status, MPI_TAG)");
  line("S", "error", "%d", "(int)offsetof(MPI_Status, MPI_ERROR)");
  const count = COUNT_FIELDS[abi.name];
  line("S", "countLo", "%d", `(int)offsetof(MPI_Status, ${count.lo})`);
  line(
    "S",
    "countHi",
    "%d",
    `(int)(offsetof(MPI_Status, ${count.hi}) + ${count.hiAt})`,
  );
  line("P", "inPlace", "%llu", "(unsigned long long)(uintptr_t)MPI_IN_PLACE");
  line(
    "P",
    "statusIgnore",
    "%llu",
    "(unsigned long long)(uintptr_t)MPI_STATUS_IGNORE",
  );
  line(
    "P",
    "statusesIgnore",
    "%llu",
    "(unsigned long long)(uintptr_t)MPI_STATUSES_IGNORE",
  );
  // identification: our signature is exported, the other ABI's is not, and
  // the library this program linked is the first soname of the table
  line("L", "signature", "%d", `dlsym(RTLD_DEFAULT, "${abi.signature}") != 0`);
  line("L", "other", "%d", `dlsym(RTLD_DEFAULT, "${other.signature}") != 0`);
  line(
    "L",
    "soname",
    "%d",
    `dlopen("${abi.sonames[0]}", RTLD_LAZY | RTLD_NOLOAD) != 0`,
  );
  out.push("  return 0;", "}", "");
  return out.join("\n");
}

async function run(cmd: string, args: string[]): Promise<string> {
  const command = new Deno.Command(cmd, {
    args,
    stdout: "piped",
    stderr: "piped",
  });
  const out = await command.output();
  const dec = new TextDecoder();
  if (!out.success) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed (${out.code}):\n` +
        dec.decode(out.stderr) + dec.decode(out.stdout),
    );
  }
  return dec.decode(out.stdout);
}

/** Compiles and runs the probe; returns `KIND KEY` → printed value. */
async function probe(
  mpicc: string,
  abi: AbiTable,
  other: AbiTable,
): Promise<Map<string, string>> {
  const dir = await Deno.makeTempDir({ prefix: `mpi4ts_abi_${abi.name}_` });
  try {
    await Deno.writeTextFile(`${dir}/abi.c`, program(abi, other));
    await run(mpicc, [`${dir}/abi.c`, "-o", `${dir}/abi`, "-ldl"]);
    const text = await run(`${dir}/abi`, []);
    const values = new Map<string, string>();
    for (const row of text.trim().split("\n")) {
      const [kind, key, value] = row.split(" ");
      values.set(`${kind} ${key}`, value);
    }
    return values;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function get(values: Map<string, string>, key: string): string {
  const v = values.get(key);
  assert.notEqual(v, undefined, `probe printed no '${key}'`);
  return v!;
}

function checkTable(abi: AbiTable, values: Map<string, string>): void {
  const errors: string[] = [];
  const expect = (what: string, actual: unknown, expected: unknown) => {
    if (actual !== expected) {
      errors.push(`${what}: table has ${expected}, mpi.h gives ${actual}`);
    }
  };

  // the table holds exactly the keys of types.ts
  assert.deepEqual(
    Object.keys(abi.constants).sort(),
    [...CONSTANT_NAMES].sort(),
  );
  assert.deepEqual(Object.keys(abi.handles).sort(), [...HANDLE_NAMES].sort());

  for (const key of CONSTANT_NAMES) {
    const actual = Number(get(values, `C ${key}`));
    const expected = abi.constants[key];
    expect(`MPI_${key}`, actual, expected);
    assert.ok(Number.isSafeInteger(expected), `MPI_${key} is an integer`);
  }

  for (const key of HANDLE_NAMES) {
    const source = abi.handles[key];
    const printed = get(values, `H ${key}`);
    if (source === null) {
      expect(`${cName(key)} (missing)`, printed, "null");
      continue;
    }
    if (abi.handle === "pointer") {
      assert.equal(typeof source, "string", `${key} is a symbol name`);
      expect(`${cName(key)} == &${source}`, printed, "1");
      assert.notEqual(get(values, `A ${key}`), "(nil)", `&${source}`);
    } else {
      assert.ok(typeof source === "number", `${key} is an integer`);
      if (source !== (source | 0)) {
        errors.push(`${cName(key)}: ${source} is not a signed 32-bit int`);
      }
      expect(cName(key), Number(printed), source);
    }
    // every handle has the table's width, except MPICH's MPI_File (a pointer)
    const width = Number(get(values, `Z ${key}`));
    expect(
      `sizeof(${cName(key)})`,
      width,
      key === "FILE_NULL" ? 8 : abi.handleSize,
    );
  }

  for (const t of HANDLE_TYPES) {
    if (t === "File") continue;
    expect(`sizeof(MPI_${t})`, Number(get(values, `T ${t}`)), abi.handleSize);
  }
  // MPI_File is a pointer in both (MPICH: struct ADIOI_FileD *)
  expect("sizeof(MPI_File)", Number(get(values, "T File")), 8);

  expect("sizeof(MPI_Status)", Number(get(values, "S size")), abi.status.size);
  expect(
    "offsetof(MPI_Status, MPI_SOURCE)",
    Number(get(values, "S source")),
    abi.status.source,
  );
  expect(
    "offsetof(MPI_Status, MPI_TAG)",
    Number(get(values, "S tag")),
    abi.status.tag,
  );
  expect(
    "offsetof(MPI_Status, MPI_ERROR)",
    Number(get(values, "S error")),
    abi.status.error,
  );
  expect(
    "offset of the status's low count bits",
    Number(get(values, "S countLo")),
    abi.status.count.lo,
  );
  expect(
    "offset of the status's high count bits",
    Number(get(values, "S countHi")),
    abi.status.count.hi,
  );
  expect("MPI_IN_PLACE", BigInt(get(values, "P inPlace")), abi.inPlace);
  expect(
    "MPI_STATUS_IGNORE",
    BigInt(get(values, "P statusIgnore")),
    abi.statusIgnore,
  );
  expect(
    "MPI_STATUSES_IGNORE",
    BigInt(get(values, "P statusesIgnore")),
    abi.statusIgnore,
  );
  expect(`exports ${abi.signature}`, get(values, "L signature"), "1");
  expect("exports the other ABI's signature", get(values, "L other"), "0");
  expect(`links ${abi.sonames[0]}`, get(values, "L soname"), "1");

  assert.deepEqual(errors, [], `${abi.name} table disagrees with mpi.h`);
}

const CASES: readonly [AbiTable, AbiTable, string][] = [
  [openmpi, mpich, "mpicc.openmpi"],
  [mpich, openmpi, "mpicc.mpich"],
];

for (const [abi, other, mpicc] of CASES) {
  test({
    name: `abi: ${abi.name} table matches ${mpicc}'s mpi.h`,
    ignore: !onPath(mpicc) && `${mpicc} is not installed`,
    fn: async () => {
      checkTable(abi, await probe(mpicc, abi, other));
    },
  });
}

test("abi: tables agree on shape", () => {
  assert.equal(openmpi.name, "openmpi");
  assert.equal(mpich.name, "mpich");
  for (const abi of [openmpi, mpich]) {
    assert.equal(abi.handleSize, abi.handle === "pointer" ? 8 : 4);
    assert.ok(abi.sonames.length > 0);
    assert.ok(abi.launcherEnv.length > 0);
  }
  // launcher variables must identify one family only
  const shared = openmpi.launcherEnv.filter((v) =>
    mpich.launcherEnv.includes(v)
  );
  assert.deepEqual(shared, []);
});
