/**
 * Which mpi4py the reports compare with on each MPI: Debian's (3.1.4, built
 * for Open MPI) on Open MPI; on MPICH, the same version built for MPICH by
 * `scripts/mpi4py_mpich.sh`, when it has been built.
 *
 * @module
 */
import { existsSync } from "node:fs";

/** A Python with mpi4py built for one MPI. */
export interface Mpi4py {
  /** The Python executable. */
  exe: string;
  /** What to add to its environment. */
  env: Record<string, string>;
  /** The MPI that mpi4py is built for. */
  mpi: "openmpi" | "mpich";
}

/** Debian's Python, the one with Debian's mpi4py and Cython. */
export const PYTHON = "/usr/bin/python3";

const MPICH_BUILD = new URL("./bin/mpi4py-mpich", import.meta.url).pathname;

/**
 * mpi4py built for `mpi`, or undefined when there is none.
 *
 * @example
 * ```ts ignore
 * const py = mpi4pyFor("mpich") ?? mpi4pyFor("openmpi");
 * ```
 */
export function mpi4pyFor(mpi: "openmpi" | "mpich"): Mpi4py | undefined {
  if (mpi === "openmpi") return { exe: PYTHON, env: {}, mpi };
  if (!existsSync(`${MPICH_BUILD}/mpi4py/__init__.py`)) return undefined;
  return { exe: PYTHON, env: { PYTHONPATH: MPICH_BUILD }, mpi };
}
