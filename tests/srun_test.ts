// mpi4ts-test: np=1
/**
 * What mpi4ts does when Slurm's srun starts it with a process-management
 * plugin the library cannot use: the variables srun sets are given to a
 * program started without any launcher, so no Slurm is needed.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { test } from "./_harness.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DENO = Deno.execPath();

/** The environment without launcher or Slurm variables of this process. */
function cleanEnv(): Record<string, string> {
  const env = Deno.env.toObject();
  for (const k of Object.keys(env)) {
    if (
      /^(OMPI_|PMIX_|PMI_|HYDRA|HYDI_|MPI_LOCAL|OPAL_|ORTE_|SLURM_)/.test(k)
    ) {
      delete env[k];
    }
  }
  env.NO_COLOR = "1";
  return env;
}

interface Run {
  code: number;
  out: string;
}

/** Runs `deno run -A args` with `env` and no launcher around it. */
async function runAlone(
  args: string[],
  env: Record<string, string>,
): Promise<Run> {
  const out = await new Deno.Command("timeout", {
    args: ["60", DENO, "run", "-A", ...args],
    cwd: ROOT,
    env: { ...cleanEnv(), ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return {
    code: out.code,
    out: dec.decode(out.stdout) + dec.decode(out.stderr),
  };
}

// What srun sets in each task of a 2-task step: no Slurm needed to check
// that mpi4ts refuses to run the tasks as separate worlds of size 1.
const SRUN_STEP = {
  SLURM_JOB_ID: "7",
  SLURM_STEP_ID: "0",
  SLURM_PROCID: "0",
  SLURM_STEP_NUM_TASKS: "2",
  SLURM_NTASKS: "2",
};

for (
  const [mpi, lib, plugin] of [
    ["openmpi", "libmpi.so.40", "pmix"],
    ["mpich", "libmpich.so.12", "pmi2"],
  ] as const
) {
  test(`${mpi}: srun --mpi=none with 2 tasks is refused, naming --mpi=${plugin}`, async () => {
    const r = await runAlone(["examples/hello.ts"], {
      ...SRUN_STEP,
      MPI4TS_LIBMPI: lib,
    });
    assert.notEqual(r.code, 0, r.out);
    assert.match(r.out, /srun started 2 tasks with --mpi=none/);
    assert.match(r.out, new RegExp(`Run srun --mpi=${plugin} `));
  });
}

test("openmpi: srun --mpi=pmi2 is refused before MPI_Init, naming --mpi=pmix", async () => {
  const r = await runAlone(["examples/hello.ts"], {
    ...SRUN_STEP,
    SLURM_MPI_TYPE: "pmi2",
    PMI_RANK: "0",
    PMI_SIZE: "2",
    MPI4TS_LIBMPI: "libmpi.so.40",
  });
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /with --mpi=pmi2, .*Run srun --mpi=pmix /s);
  assert.match(r.out, /MPI4TS_LIBMPI to the library that matches --mpi=pmi2/);
});

test("a one-task srun step and a batch script's shell run as a singleton", async () => {
  for (
    const env of [
      { ...SRUN_STEP, SLURM_STEP_NUM_TASKS: "1", SLURM_NTASKS: "1" },
      { SLURM_JOB_ID: "7", SLURM_PROCID: "0", SLURM_NTASKS: "2" },
    ]
  ) {
    const r = await runAlone(["cli.ts", "info"], {
      ...env,
      MPI4TS_LIBMPI: "libmpich.so.12",
    });
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /world size\s+1/);
  }
});
