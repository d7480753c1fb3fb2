/**
 * Turns the C symbol table (`ffi/symbols/`) into a C++ probe that the MPI
 * library's own compiler checks against its `mpi.h`. C cannot name a
 * function's parameter types, C++ can: each entry becomes static assertions
 * on `decltype(&MPI_X)` (arity, every parameter's kind, the result kind), so
 * the compiler itself decides, and an entry that disagrees fails with a line
 * naming the symbol and the parameter.
 *
 * @module
 */
import type { FnDef, NativeResult, NativeType } from "../ffi/types.ts";

/** One table entry as the probe checks it. */
export interface ProbeEntry {
  /** The table's key (the C name the library binds first). */
  readonly name: string;
  /** The C name checked: `name`, or its fallback when `mpi.h` lacks `name`. */
  readonly symbol: string;
  /** The table entry. */
  readonly def: FnDef;
}

/** What one generated line checks. */
export interface ProbeCheck {
  /** The table's key. */
  readonly name: string;
  /** The C name checked. */
  readonly symbol: string;
  /** `arity`, `result`, or the parameter's index. */
  readonly what: "arity" | "result" | number;
  /** What the table says: a kind, or the number of parameters. */
  readonly expected: string;
}

/** The generated source and what each of its check lines checks. */
export interface Probe {
  /** C++17 source. */
  readonly source: string;
  /** 1-based line number → the check on that line. */
  readonly checks: ReadonlyMap<number, ProbeCheck>;
}

/**
 * The probe's fixed part. `ok_<kind><T>` says whether C type `T` is what the
 * kind stands for; `mpi_h_has<false, T>` has no `type`, so a failing check
 * also makes the compiler print the type `mpi.h` really has.
 */
function prelude(handleSize: number): string[] {
  return [
    "// Generated from ffi/symbols/ by tests/_symbol_probe.ts.",
    "#define OMPI_SKIP_MPICXX 1",
    "#define MPICH_SKIP_MPICXX 1",
    "#include <mpi.h>",
    "#if __has_include(<mpi-ext.h>)",
    "#include <mpi-ext.h>",
    "#endif",
    "#include <cstddef>",
    "#include <tuple>",
    "#include <type_traits>",
    "namespace probe {",
    "template <typename F> struct sig;",
    "template <typename R, typename... A> struct sig<R (*)(A...)> {",
    "  using result = R;",
    "  static constexpr std::size_t arity = sizeof...(A);",
    "  using params = std::tuple<A...>;",
    "};",
    "template <typename F> constexpr std::size_t arity = sig<F>::arity;",
    "// parameter I of F, or void past the end (the arity check reports that)",
    "template <typename F, std::size_t I, bool = (I < sig<F>::arity)>",
    "struct param { using type = void; };",
    "template <typename F, std::size_t I> struct param<F, I, true> {",
    "  using type = std::tuple_element_t<I, typename sig<F>::params>;",
    "};",
    "template <typename F, std::size_t I> using param_t = typename param<F, I>::type;",
    "template <typename F> using result_t = typename sig<F>::result;",
    "template <typename T, typename... U>",
    "constexpr bool one_of = (std::is_same_v<T, U> || ...);",
    "template <typename T> constexpr bool ok_void = std::is_void_v<T>;",
    "template <typename T> constexpr bool ok_i32 = std::is_same_v<T, int>;",
    "template <typename T> constexpr bool ok_f64 = std::is_same_v<T, double>;",
    "// MPI_Aint, MPI_Offset or MPI_Count, and 8 bytes wide",
    "template <typename T> constexpr bool ok_i64 =",
    "  one_of<T, MPI_Aint, MPI_Offset, MPI_Count> && sizeof(T) == 8;",
    "template <typename T> constexpr bool ok_pointer = std::is_pointer_v<T>;",
    "template <typename T> constexpr bool ok_buffer = std::is_pointer_v<T>;",
    "// an MPI handle type by value, as wide as the ABI table's handles",
    "template <typename T> constexpr bool ok_handle =",
    "  one_of<T, MPI_Comm, MPI_Datatype, MPI_Op, MPI_Group, MPI_Request,",
    "         MPI_Message, MPI_Info, MPI_Errhandler, MPI_Win, MPI_File> &&",
    `  sizeof(T) == ${handleSize};`,
    "template <bool Ok, typename Actual> struct mpi_h_has { using type = int; };",
    "template <typename Actual> struct mpi_h_has<false, Actual> {};",
    "template <bool Ok, std::size_t Actual> struct mpi_h_params { using type = int; };",
    "template <std::size_t Actual> struct mpi_h_params<false, Actual> {};",
    "}  // namespace probe",
  ];
}

/** A C string literal. */
function literal(text: string): string {
  return JSON.stringify(text);
}

/**
 * The probe for `entries`. `handleSize` is the ABI table's handle width
 * (a `handle` parameter whose C type is wider, such as MPICH's pointer
 * `MPI_File`, would be bound wrongly and fails).
 */
export function probeSource(
  entries: readonly ProbeEntry[],
  handleSize: number,
): Probe {
  const lines = prelude(handleSize);
  const checks = new Map<number, ProbeCheck>();
  let n = 0;
  const add = (check: ProbeCheck, line: string) => {
    lines.push(line);
    checks.set(lines.length, check);
  };
  for (const { name, symbol, def } of entries) {
    const f = `decltype(&${symbol})`;
    const label = symbol === name ? name : `${name} (as ${symbol})`;
    const arity = def.parameters.length;
    add(
      { name, symbol, what: "arity", expected: String(arity) },
      `static_assert(probe::arity<${f}> == ${arity}, ${
        literal(`${label}: the table has ${arity} parameters`)
      }); using probe_${n++} = probe::mpi_h_params<probe::arity<${f}> == ${arity}, probe::arity<${f}>>::type;`,
    );
    def.parameters.forEach((kind: NativeType, i: number) => {
      const ok = `probe::ok_${kind}<probe::param_t<${f}, ${i}>>`;
      add(
        { name, symbol, what: i, expected: kind },
        `static_assert(${ok} || probe::arity<${f}> <= ${i}, ${
          literal(`${label} parameter ${i}: the table says ${kind}`)
        }); using probe_${n++} = probe::mpi_h_has<${ok} || probe::arity<${f}> <= ${i}, probe::param_t<${f}, ${i}>>::type;`,
      );
    });
    const result: NativeResult = def.result;
    const ok = `probe::ok_${result}<probe::result_t<${f}>>`;
    add(
      { name, symbol, what: "result", expected: result },
      `static_assert(${ok}, ${
        literal(`${label} result: the table says ${result}`)
      }); using probe_${n++} = probe::mpi_h_has<${ok}, probe::result_t<${f}>>::type;`,
    );
  }
  lines.push("int main() { return 0; }", "");
  return { source: lines.join("\n"), checks };
}

/**
 * Reads the compiler's diagnostics for a probe: one sentence per failing
 * check, naming the symbol, the parameter, the table's kind and the type
 * `mpi.h` has; diagnostics on other lines are kept verbatim.
 */
export function probeFailures(
  probe: Probe,
  file: string,
  stderr: string,
): string[] {
  const found = new Map<number, string>();
  const other: string[] = [];
  const base = file.split("/").pop()!;
  for (const row of stderr.split("\n")) {
    const m = row.match(/^(.*?):(\d+):\d+: error: (.*)$/);
    if (!m) continue;
    const line = Number(m[2]);
    const check = m[1].endsWith(base) ? probe.checks.get(line) : undefined;
    if (!check) {
      other.push(row);
      continue;
    }
    const shown = m[3].match(
      /probe::mpi_h_(?:has|params)<false, (.*)>['\u2019]/,
    );
    if (!shown) {
      if (!found.has(line)) found.set(line, "");
      continue;
    }
    found.set(line, shown[1]);
  }
  const failures = [...found].map(([line, actual]) => {
    const c = probe.checks.get(line)!;
    const as = c.symbol === c.name ? "" : ` (checked as ${c.symbol})`;
    const has = actual ? `, mpi.h has ${actual}` : "";
    if (c.what === "arity") {
      return `${c.name}${as}: the table has ${c.expected} parameters${has}`;
    }
    const where = c.what === "result" ? "result" : `parameter ${c.what}`;
    return `${c.name}${as} ${where}: the table says ${c.expected}${has}`;
  });
  return [...failures, ...other];
}

/**
 * The C functions a preprocessed header declares: every `MPI_`/`MPIX_` name
 * followed by `(`.
 */
export function declaredFunctions(preprocessed: string): Set<string> {
  return new Set(
    [...preprocessed.matchAll(/\b(MPIX?_[A-Za-z0-9_]+)\s*\(/g)].map((m) =>
      m[1]
    ),
  );
}
