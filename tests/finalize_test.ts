/**
 * Finalize, and every kind of call after it: must throw a clear MPIError,
 * never crash the process.
 */
import { assert, mpi, test, world } from "./_util.ts";

test("calls after Finalize throw MPIError naming Finalize", () => {
  const dup = world.Dup();
  world.Barrier();
  mpi.Finalize();
  assert.equal(mpi.Is_finalized(), true);
  const afterFinalize = (e: unknown) =>
    e instanceof mpi.MPIError && /Finalize/.test(e.message);
  assert.throws(() => world.Send(new Int32Array(1), 0), afterFinalize);
  assert.throws(() => world.send("x", 0), afterFinalize);
  assert.throws(() => world.Barrier(), afterFinalize);
  assert.throws(() => dup.Barrier(), afterFinalize);
  assert.throws(() => mpi.Query_thread(), afterFinalize);
  assert.throws(() => mpi.Finalize(), afterFinalize);
  assert.throws(() => mpi.Init(), /after Finalize/);
  assert.throws(() => dup.Free(), afterFinalize); // refused, not a crash
});
