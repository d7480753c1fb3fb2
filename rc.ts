/**
 * Start-up options, read once when `mod.ts` is first imported. Set them
 * before that import, or through their environment variables.
 *
 * @example Import without initializing MPI
 * ```ts
 * import { rc } from "@mpi4ts/mpi/rc";
 * rc.initialize = false;
 * const mpi = await import("@mpi4ts/mpi");
 * mpi.Init_thread(mpi.THREAD_SERIALIZED);
 * ```
 *
 * @module
 */
import { envVar } from "./ffi/process.ts";

/** Thread support levels by name, as accepted by `rc.threadLevel`. */
export type ThreadLevelName = "single" | "funneled" | "serialized" | "multiple";

/** What happens when an MPI call fails. */
export type ErrorsMode = "exception" | "abort" | "fatal";

/** Start-up options of mpi4ts. */
export interface RcOptions {
  /** Call `MPI_Init_thread` on import (`MPI4TS_INITIALIZE`). */
  initialize: boolean;
  /** Call `MPI_Finalize` at exit if mpi4ts initialized MPI (`MPI4TS_FINALIZE`). */
  finalize: boolean;
  /** Thread level requested at initialization (`MPI4TS_THREAD_LEVEL`). */
  threadLevel: ThreadLevelName;
  /** Error handling on the predefined communicators (`MPI4TS_ERRORS`). */
  errors: ErrorsMode;
  /** Abort the whole job on an uncaught error in a multi-rank run (`MPI4TS_ABORT_ON_UNCAUGHT`). */
  abortOnUncaught: boolean;
  /** Path or file name of the MPI library, `undefined` for auto (`MPI4TS_LIBMPI`). */
  library: string | undefined;
  /** ABI of the library (`MPI4TS_ABI`). */
  abi: "auto" | "openmpi" | "mpich";
  /**
   * How long an awaited operation (`waitAsync`) is tested on the
   * JavaScript thread before the event loop gets control back, in
   * microseconds (`MPI4TS_SPIN_US`); 0 never spins. See the README's
   * "Awaiting" section for the trade-off.
   */
  spinUs: number;
  /**
   * Report at once, on standard error, each communicator the garbage
   * collector reclaimed without `Free()` (`MPI4TS_DEBUG`); otherwise they are
   * counted and reported at `Finalize`.
   */
  debug: boolean;
  /**
   * Seconds a rank whose program ended without `Finalize()` waits for the
   * others to end theirs before it aborts the job (they are most likely
   * blocked waiting for it); 0 waits forever (`MPI4TS_EXIT_TIMEOUT`).
   */
  exitTimeout: number;
  /**
   * Have glibc keep freed heap memory for reuse instead of returning it to
   * the kernel at once (`MPI4TS_KEEP_FREED_MEMORY`): received values then
   * reuse warm memory rather than fault in fresh pages, up to 32 MiB each.
   * Left alone when `MALLOC_TRIM_THRESHOLD_`, `MALLOC_TOP_PAD_`,
   * `MALLOC_MMAP_THRESHOLD_` or their `GLIBC_TUNABLES` forms are set.
   */
  keepFreedMemory: boolean;
  /**
   * The value `allgather`, `alltoall` and `scatter` on intracommunicators
   * of up to this many processes send values too long for their slots
   * straight to their receivers, on a private duplicate of the
   * communicator, instead of through MPI's collectives with the byte
   * counts first (`MPI4TS_DIRECT_COLLECTIVES`); 0 never does, `undefined`
   * takes the library's default (4 on MPICH, 0 on Open MPI: measured).
   */
  directCollectives: number | undefined;
  /**
   * Let the large TypedArrays (8 KiB or more) that value collectives
   * return view slabs of 256 KiB that later calls' arrays view too, each
   * array its own bytes, as Node's `Buffer`s share their pool
   * (`MPI4TS_VALUE_POOL`): a fresh `ArrayBuffer` per call costs V8 more
   * than the call's transfer. `false`: the values of one call share memory
   * of that call only.
   */
  valuePool: boolean;
}

const THREAD_LEVELS = ["single", "funneled", "serialized", "multiple"] as const;
const ERRORS = ["exception", "abort", "fatal"] as const;
const ABIS = ["auto", "openmpi", "mpich"] as const;

function readEnv(name: string): string | undefined {
  return envVar(name);
}

function envBool(name: string, fallback: boolean): boolean {
  const v = readEnv(name)?.trim().toLowerCase();
  if (v === undefined || v === "") return fallback;
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  throw new TypeError(
    `${name} must be a boolean (1/0, true/false), not '${v}'`,
  );
}

function envSeconds(name: string, fallback: number): number {
  const v = readEnv(name)?.trim();
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (Number.isFinite(n) && n >= 0) return n;
  throw new TypeError(
    `${name} must be a number of seconds (0: no limit), not '${v}'`,
  );
}

function envChoice<T extends string>(
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const v = readEnv(name)?.trim().toLowerCase();
  if (v === undefined || v === "") return fallback;
  if ((choices as readonly string[]).includes(v)) return v as T;
  throw new TypeError(
    `${name} must be one of ${choices.join(", ")}, not '${v}'`,
  );
}

function envNumber(name: string, fallback: number): number {
  const v = readEnv(name)?.trim();
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new TypeError(`${name} must be a number >= 0, not '${v}'`);
  }
  return n;
}

function envCount(name: string): number | undefined {
  const v = readEnv(name)?.trim();
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) {
    throw new TypeError(`${name} must be a whole number >= 0, not '${v}'`);
  }
  return n;
}

/**
 * The start-up options. Assign to its fields before importing `mod.ts`;
 * afterwards `mod.ts` exposes a frozen copy of what was used.
 *
 * @example
 * ```ts
 * import { rc } from "@mpi4ts/mpi/rc";
 * rc.threadLevel = "funneled";
 * await import("@mpi4ts/mpi");
 * ```
 */
export const rc: RcOptions = {
  initialize: envBool("MPI4TS_INITIALIZE", true),
  finalize: envBool("MPI4TS_FINALIZE", true),
  threadLevel: envChoice("MPI4TS_THREAD_LEVEL", THREAD_LEVELS, "multiple"),
  errors: envChoice("MPI4TS_ERRORS", ERRORS, "exception"),
  abortOnUncaught: envBool("MPI4TS_ABORT_ON_UNCAUGHT", true),
  library: readEnv("MPI4TS_LIBMPI") || undefined,
  abi: envChoice("MPI4TS_ABI", ABIS, "auto"),
  spinUs: envNumber("MPI4TS_SPIN_US", 50),
  debug: envBool("MPI4TS_DEBUG", false),
  exitTimeout: envSeconds("MPI4TS_EXIT_TIMEOUT", 15),
  keepFreedMemory: envBool("MPI4TS_KEEP_FREED_MEMORY", true),
  directCollectives: envCount("MPI4TS_DIRECT_COLLECTIVES"),
  valuePool: envBool("MPI4TS_VALUE_POOL", true),
};
