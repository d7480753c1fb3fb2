// mpi4ts-test: np=1
/**
 * Sessions without the world model: a job started with
 * `MPI4TS_INITIALIZE=0` uses MPI through a session only (MPICH 4), never
 * calls `MPI_Init`, and exits without `MPI_Finalize`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { assert, mpi, test } from "./_util.ts";

const lacking = !mpi.Session.isAvailable &&
  "the loaded MPI library has no sessions (MPI-4)";

test({
  name: "MPI4TS_INITIALIZE=0 and only a session: no MPI_Init, no MPI_Finalize",
  ignore: lacking,
  fn: async () => {
    const env = Deno.env.toObject();
    for (const k of Object.keys(env)) {
      if (/^(OMPI_|PMIX_|PMI_|HYDRA|HYDI_|MPI_LOCAL|OPAL_|ORTE_)/.test(k)) {
        delete env[k];
      }
    }
    env.MPI4TS_INITIALIZE = "0";
    env.NO_COLOR = "1";
    const out = await new Deno.Command("timeout", {
      args: [
        "60",
        "mpiexec.mpich",
        "-n",
        "2",
        Deno.execPath(),
        "run",
        "-A",
        "tests/fixtures/session_only.ts",
      ],
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, text);
    for (const r of [0, 1]) {
      assert.match(
        text,
        new RegExp(`session-only rank=${r} size=2 sum=3 value=1 init=false`),
      );
    }
  },
});
