// mpi4ts-test: np=1,2
/**
 * Handles do not leak: creating and freeing communicators, datatypes,
 * groups, Info objects and ops in long loops keeps the process's memory
 * flat, and every freed object refuses further use.
 */
import process from "node:process";
import { assert, assertMPIError, mpi, test, world } from "./_util.ts";

/** Runs `fn` `n` times after a warm-up; returns the RSS growth in MiB. */
function growth(n: number, fn: () => void): number {
  for (let i = 0; i < n / 10; i++) fn();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < n; i++) fn();
  return (process.memoryUsage().rss - before) / 2 ** 20;
}

const ROUNDS = Number(process.env.MPI4TS_SOAK_ROUNDS ?? 20_000);

test("Dup/Free, type, group, Info and op lifecycles keep memory flat", () => {
  const grew = {
    comm: growth(ROUNDS, () => world.Dup().Free()),
    type: growth(ROUNDS, () => mpi.DOUBLE.Create_contiguous(4).Commit().Free()),
    group: growth(ROUNDS, () => world.Get_group().Free()),
    info: growth(ROUNDS, () => mpi.Info.Create({ a: "1" }).Free()),
    op: growth(ROUNDS / 10, () => mpi.Op.Create(() => {}, true).Free()),
  };
  console.log("RSS growth (MiB):", JSON.stringify(grew));
  for (const [what, mib] of Object.entries(grew)) {
    assert.ok(mib < 8, `${what}: RSS grew ${mib.toFixed(1)} MiB`);
  }
});

test("freed objects are unusable and Free is idempotent", () => {
  const c = world.Dup();
  c.Free();
  c.Free();
  assertMPIError(() => c.Barrier(), mpi.ERR_COMM);
  const t = mpi.INT.Dup();
  t.Free();
  assertMPIError(() => t.size, mpi.ERR_TYPE);
  // Predefined objects ignore Free.
  mpi.COMM_WORLD.Free();
  mpi.DOUBLE.Free();
  mpi.SUM.Free();
  world.Barrier();
  assert.equal(mpi.DOUBLE.size, 8);
});
