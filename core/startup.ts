/**
 * What importing mpi4ts does: initialize MPI per `rc`, make errors return
 * (so they become exceptions), check that the launcher and the library
 * agree, finalize at exit, and abort the job on an uncaught error instead
 * of leaving the other ranks hanging.
 *
 * @module
 */
import { rc as options, type RcOptions } from "../rc.ts";
import { backend, choice, H, lib } from "../ffi/lib.ts";
import { keepFreedMemory } from "../ffi/heap.ts";
import {
  beforeFinalize,
  Finalize,
  Get_library_version,
  Get_processor_name,
  Get_version,
  Init_thread,
  Is_finalized,
  Is_initialized,
  Query_thread,
  THREAD_LEVELS,
} from "./environment.ts";
import { state } from "./state.ts";
import { unfreedReport } from "./handle.ts";
import { armExitGuard, disarmExitGuard, meetAtExit } from "./exit_guard.ts";

/** The options in force (read-only). */
export const rc: Readonly<RcOptions> = Object.freeze({ ...options });

function worldSize(): number {
  const out = new Int32Array(1);
  lib.MPI_Comm_size(H.COMM_WORLD!, out);
  return out[0];
}

function worldRank(): number {
  const out = new Int32Array(1);
  lib.MPI_Comm_rank(H.COMM_WORLD!, out);
  return out[0];
}

/** What to tell a user whose `srun` gives the library no way to find its peers. */
function srunAdvice(): string {
  const want = choice.abi.srunMpi;
  const used = choice.srun?.mpi ?? "none";
  const other = used === "none"
    ? ""
    : `, or set MPI4TS_LIBMPI to the library that matches --mpi=${used}`;
  return `Run srun --mpi=${want} (${choice.abi.name} speaks ${want}; 'srun --mpi=list' ` +
    `shows the plugins this Slurm has; MpiDefault=${want} in slurm.conf makes it the ` +
    `default)${other}.`;
}

/**
 * Before `MPI_Init`: `srun` started several tasks with no process-management
 * interface (`--mpi=none`), or with PMI-2 for Open MPI, which speaks PMIx
 * only. Each task would run alone as rank 0 of a world of 1, or Open MPI
 * would abort with a message about building PMI support. Other plugins
 * (a site's own, or PMIx for an MPICH built with it) are judged after
 * `MPI_Init` by `checkLauncher`.
 */
function checkSrunPlugin(): void {
  const step = choice.srun;
  if (!step || !(step.tasks > 1)) return;
  const wrong = (step.mpi === "none" && choice.launcher === undefined) ||
    (choice.abi.name === "openmpi" && step.mpi === "pmi2");
  if (!wrong) return;
  throw new Error(
    `srun started ${step.tasks} tasks with --mpi=${step.mpi}, which gives the MPI ` +
      `library '${choice.path}' (${choice.abi.name}) no way to find the other ` +
      `tasks: each would run alone as rank 0. ${srunAdvice()}`,
  );
}

/** Every rank alone in its world under a multi-rank launcher: wrong library. */
function checkLauncher(): void {
  const expected = choice.launcherSize;
  if (expected === undefined || !(expected > 1) || worldSize() !== 1) return;
  const advice = choice.srun
    ? srunAdvice()
    : `Use the mpiexec of the same MPI ` +
      `(mpiexec.openmpi / mpiexec.mpich), or set MPI4TS_LIBMPI to the matching library.`;
  throw new Error(
    `The launcher started ${expected} processes, but the MPI library '${choice.path}' ` +
      `(${choice.abi.name}) sees a world of size 1: the launcher belongs to another MPI ` +
      `(launcher: ${choice.launcher}). ${advice}`,
  );
}

function abortOnUncaught(error: unknown): void {
  abortJob(formatError(error));
}

/**
 * Reports `text` as this rank's fatal error and ends the whole job: with
 * `MPI_Abort` when other ranks could be left waiting, else by exiting.
 */
export function abortJob(text: string): never {
  if (!state.active || worldSize() <= 1) {
    backend.writeError(`${text}\n`);
    backend.exit(1);
  }
  backend.writeError(`[rank ${worldRank()}] ${text}\n`);
  // Give the launcher a moment to forward the report before the abort
  // tears the job's output channels down.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  lib.MPI_Abort(H.COMM_WORLD!, 1);
  backend.exit(1);
}

function threadLevelName(level: number): string {
  const found = Object.entries(THREAD_LEVELS).find(([, v]) => v === level);
  return found ? found[0] : "not initialized";
}

/** What `cli.ts info` prints: library, ABI, versions, thread level, launcher. */
export function describeLibrary(): [string, string][] {
  const [major, minor] = Get_version();
  const provided = state.active ? Query_thread() : -1;
  return [
    ["library", choice.path],
    ["abi", choice.abi.name],
    ["runtime", backend.runtime],
    ["mpi version", `${major}.${minor}`],
    ["library version", Get_library_version().split("\n")[0]],
    ["thread level", threadLevelName(provided)],
    ["launcher", choice.launcher ?? "none (singleton)"],
    ["world size", String(state.active ? worldSize() : 1)],
    ["processor", Get_processor_name()],
  ];
}

/** An error's stack (or text) for reports. */
export function formatError(error: unknown): string {
  if (error instanceof Error) {
    return error.stack ?? `${error.name}: ${error.message}`;
  }
  return `Uncaught ${String(error)}`;
}

/** Runs once at import. */
function startup(): void {
  beforeFinalize(() => {
    disarmExitGuard();
    const report = unfreedReport();
    if (report) backend.writeError(`[rank ${worldRank()}] ${report}\n`);
  });
  if (rc.abortOnUncaught) backend.onUncaught(abortOnUncaught);
  if (rc.keepFreedMemory) keepFreedMemory();
  if (rc.finalize) {
    // Also covers a manual Init() made with rc.initialize = false.
    backend.onExit(() => {
      if (!state.active || !state.ownsInit) return;
      if (!meetAtExit(rc.exitTimeout)) {
        abortJob(
          `the program ended without Finalize(), and after ${rc.exitTimeout} s ` +
            "other ranks had not ended theirs: they are most likely waiting for this " +
            "rank (a missing send, receive or collective); aborting the job. " +
            "Call Finalize() to wait without a limit, or set MPI4TS_EXIT_TIMEOUT (seconds, 0 = no limit)",
        );
      }
      Finalize();
    });
  }
  if (!rc.initialize) return;
  if (Is_finalized()) {
    throw new Error(
      "MPI was already finalized in this process (by another copy of mpi4ts?); " +
        "MPI cannot be initialized twice: run one test file per process",
    );
  }
  if (Is_initialized()) {
    // Someone else (another copy of the module, an addon) owns MPI.
    state.initialized = state.active = true;
    return;
  }
  checkSrunPlugin();
  Init_thread(THREAD_LEVELS[rc.threadLevel]);
  checkLauncher();
  armExitGuard();
}

startup();
