/**
 * `rc.initialize = false`: importing does not initialize; `Init_thread`
 * does, with the requested level, and errors still become exceptions.
 */
import assert from "node:assert/strict";
import { test } from "./_harness.ts";
import { rc } from "../rc.ts";

rc.initialize = false;
const mpi = await import("../mod.ts");

test("without rc.initialize, MPI starts only on Init_thread", () => {
  assert.equal(mpi.Is_initialized(), false);
  assert.throws(() => mpi.COMM_WORLD.Barrier(), /before Init/);
  const provided = mpi.Init_thread(mpi.THREAD_SERIALIZED);
  assert.ok(provided >= mpi.THREAD_SERIALIZED);
  assert.equal(mpi.Is_initialized(), true);
  assert.throws(() => mpi.Init(), /already initialized/);
  mpi.COMM_WORLD.Barrier();
  assert.throws(
    () => mpi.COMM_WORLD.Send(new Int32Array(1), mpi.COMM_WORLD.size),
    (e: unknown) => e instanceof mpi.MPIError && e.errorClass === mpi.ERR_RANK,
  );
  // An error MPI itself detects is returned, not fatal: ERRORS_RETURN was set.
  const r = mpi.COMM_WORLD.Isend(new Int32Array(2), mpi.COMM_WORLD.rank, 1);
  assert.throws(
    () => mpi.COMM_WORLD.Recv(new Int32Array(1), mpi.COMM_WORLD.rank, 1),
    (e: unknown) =>
      e instanceof mpi.MPIError && e.errorClass === mpi.ERR_TRUNCATE,
  );
  r.Wait();
});
