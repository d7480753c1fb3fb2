/**
 * Finds the MPI library, identifies its ABI and opens it.
 *
 * Order: `rc.library` (`MPI4TS_LIBMPI`) if set; else the library of the
 * launcher that started this process (Open MPI's sets `OMPI_*` and
 * `PMIX_RANK`, as does Slurm's `srun --mpi=pmix`; Hydra and `srun --mpi=pmi2`
 * set `PMI_*`); else the first of the known sonames that loads.
 * The ABI is `rc.abi` (`MPI4TS_ABI`) if set, else read from the library's
 * exported symbols (as mpi4py does): only Open MPI exports `ompi_mpi_comm_self`.
 *
 * @module
 */
import type { Backend } from "./backend.ts";
import { mpich } from "./abi/mpich.ts";
import { openmpi } from "./abi/openmpi.ts";
import type { AbiTable } from "./abi/types.ts";

/** ABI tables by name. */
export const ABIS: Readonly<Record<AbiTable["name"], AbiTable>> = {
  openmpi,
  mpich,
};

/** What the loader decided. */
export interface LibraryChoice {
  /** File name or path handed to `dlopen`. */
  readonly path: string;
  /** The ABI table of that library. */
  readonly abi: AbiTable;
  /** ABI family of the launcher that started this process, if any. */
  readonly launcher: AbiTable["name"] | undefined;
  /** World size the launcher announced (`undefined` without a launcher). */
  readonly launcherSize: number | undefined;
  /** Slurm job step this process is a task of, if `srun` started it. */
  readonly srun: SrunStep | undefined;
}

/** What `srun` tells each task it starts. */
export interface SrunStep {
  /** Tasks in the step (`SLURM_STEP_NUM_TASKS`). */
  readonly tasks: number;
  /** Its `--mpi` plugin (`SLURM_MPI_TYPE`; `none` when unset). */
  readonly mpi: string;
}

/** The `srun` step that started this process, from its variables. */
export function detectSrun(backend: Backend): SrunStep | undefined {
  // A batch script's shell has SLURM_PROCID too, but no step id.
  if (
    backend.env("SLURM_STEP_ID") === undefined ||
    backend.env("SLURM_PROCID") === undefined
  ) return undefined;
  return {
    tasks: Number(
      backend.env("SLURM_STEP_NUM_TASKS") ?? backend.env("SLURM_NTASKS") ?? 1,
    ),
    mpi: backend.env("SLURM_MPI_TYPE") ?? "none",
  };
}

const INSTALL_HINT =
  "Install one (Debian/Ubuntu: 'apt-get install openmpi-bin libopenmpi-dev' " +
  "or 'apt-get install mpich libmpich-dev'; Fedora: 'dnf install openmpi' or " +
  "'dnf install mpich'; macOS: 'brew install open-mpi'), load its module on a " +
  "cluster ('module load openmpi'), or set MPI4TS_LIBMPI to the path of libmpi.so";

/** Which launcher family started us, from its environment variables. */
export function detectLauncher(
  backend: Backend,
): { abi: AbiTable["name"]; size: number } | undefined {
  for (const table of [openmpi, mpich]) {
    if (table.launcherEnv.some((v) => backend.env(v) !== undefined)) {
      const size = Number(
        backend.env("OMPI_COMM_WORLD_SIZE") ?? backend.env("PMI_SIZE") ??
          backend.env("SLURM_STEP_NUM_TASKS") ?? backend.env("SLURM_NTASKS") ??
          NaN,
      );
      return { abi: table.name, size };
    }
  }
  return undefined;
}

function identify(backend: Backend, path: string): AbiTable | undefined {
  const isOpenMpi = backend.probe(path, openmpi.signature);
  if (isOpenMpi === undefined) return undefined;
  return isOpenMpi ? openmpi : mpich;
}

/**
 * Chooses the library and ABI.
 *
 * @throws {Error} when no MPI library can be loaded, naming what was tried.
 */
export function chooseLibrary(
  backend: Backend,
  options: { library: string | undefined; abi: string },
): LibraryChoice {
  const launched = detectLauncher(backend);
  const forced = options.abi === "auto"
    ? undefined
    : ABIS[options.abi as AbiTable["name"]];
  const preferred = forced ?? (launched ? ABIS[launched.abi] : undefined);
  const candidates = options.library ? [options.library] : [
    ...(preferred?.sonames ?? []),
    ...openmpi.sonames,
    ...mpich.sonames,
  ];
  for (const path of candidates) {
    const found = identify(backend, path);
    if (!found) continue;
    return {
      path,
      abi: forced ?? found,
      launcher: launched?.abi,
      launcherSize: launched?.size,
      srun: detectSrun(backend),
    };
  }
  throw new Error(
    options.library
      ? `Cannot load the MPI library '${options.library}' named by MPI4TS_LIBMPI. ${INSTALL_HINT}`
      : `No MPI library found (tried ${
        candidates.join(", ")
      }). ${INSTALL_HINT}`,
  );
}
