// mpi4ts-test: np=1,2
/**
 * Handles do not leak: creating and freeing communicators, datatypes,
 * groups, Info objects and ops in long loops keeps the process's memory
 * flat, and every freed object refuses further use.
 */
import process from "node:process";
import { assert, assertMPIError, mpi, test, world } from "./_util.ts";

/**
 * Runs `fn` `n` times in each of three windows; returns the smaller RSS
 * growth (MiB) of the last two. A leak grows every window; the runtime's
 * own heap settles after the first.
 */
function growth(n: number, fn: () => void): number {
  const grew: number[] = [];
  for (let w = 0; w < 3; w++) {
    const before = process.memoryUsage().rss;
    for (let i = 0; i < n; i++) fn();
    grew.push((process.memoryUsage().rss - before) / 2 ** 20);
  }
  return Math.min(grew[1], grew[2]);
}

const ROUNDS = Number(process.env.MPI4TS_SOAK_ROUNDS ?? 10_000);

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
