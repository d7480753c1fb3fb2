/**
 * Collectives on an intercommunicator between the even and the odd ranks
 * of the world: the root group's root passes `ROOT`, its other members
 * `PROC_NULL`, and the other group names the root by its remote rank.
 * Results flow from one group to the other.
 */
import { assert, mpi, rank, size, test, world } from "./_util.ts";

const evens = [...Array(size).keys()].filter((r) => r % 2 === 0);
const odds = [...Array(size).keys()].filter((r) => r % 2 === 1);
const even = rank % 2 === 0;
const remoteWorld = even ? odds : evens;

function intercomm(): { local: mpi.Intracomm; inter: mpi.Intercomm } {
  const local = world.Split(rank % 2, rank);
  const inter = local.Create_intercomm(0, world, even ? 1 : 0, 5);
  return { local, inter: inter as mpi.Intercomm };
}

/** The root argument on each side when the evens' rank 0 is the root. */
function rootFromEvens(inter: mpi.Intercomm): number {
  if (!even) return 0;
  return inter.rank === 0 ? mpi.ROOT : mpi.PROC_NULL;
}

test({
  name: "buffer collectives across an intercommunicator",
  ignore: size < 2 && "needs 2 ranks: one rank has no second group",
  fn() {
    const { local, inter } = intercomm();
    const root = rootFromEvens(inter);
    inter.Barrier();

    const b = new Int32Array(2).fill(even && inter.rank === 0 ? 42 : -1);
    inter.Bcast(b, root);
    assert.deepEqual([...b], even && inter.rank !== 0 ? [-1, -1] : [42, 42]);

    // Allreduce: each group gets the sum of the other group's world ranks.
    const sum = new Int32Array(1);
    inter.Allreduce(new Int32Array([rank]), sum, mpi.SUM);
    assert.equal(sum[0], remoteWorld.reduce((a, r) => a + r, 0));

    // Gather at the evens' rank 0: one int from every odd rank.
    const gathered = new Int32Array(odds.length).fill(-1);
    inter.Gather(
      new Int32Array(even ? [] : [rank * 10]),
      root === mpi.ROOT ? gathered : null,
      root,
    );
    if (root === mpi.ROOT) {
      assert.deepEqual([...gathered], odds.map((r) => r * 10));
    }

    // Allgather: every rank gets the other group's contributions.
    const all = new Int32Array(inter.remote_size);
    inter.Allgather(new Int32Array([rank]), all);
    assert.deepEqual([...all], remoteWorld);

    // Reduce to the evens' root.
    const red = new Float64Array([-1]);
    inter.Reduce(
      new Float64Array([rank + 0.5]),
      root === mpi.ROOT ? red : null,
      mpi.MAX,
      root,
    );
    if (root === mpi.ROOT) assert.equal(red[0], odds.at(-1)! + 0.5);

    // Scatterv from the evens' root: odd rank j gets j + 1 values.
    const counts = odds.map((_, j) => j + 1);
    const total = counts.reduce((a, c) => a + c, 0);
    const mine = new Int32Array(even ? 0 : inter.rank + 1);
    inter.Scatterv(
      root === mpi.ROOT
        ? [Int32Array.from({ length: total }, (_, i) => i), counts]
        : null,
      mine,
      root,
    );
    if (!even) {
      const j = inter.rank, start = (j * (j + 1)) / 2;
      assert.deepEqual(
        [...mine],
        counts.slice(0, j + 1).map((_, k) => start + k),
      );
    }
    inter.Free();
    local.Free();
  },
});

test({
  name: "value collectives across an intercommunicator",
  ignore: size < 2 && "needs 2 ranks: one rank has no second group",
  fn() {
    const { local, inter } = intercomm();
    const root = rootFromEvens(inter);
    const got = inter.bcast(
      root === mpi.ROOT ? { from: "evens", n: 7n } : undefined,
      root,
    );
    if (even && inter.rank !== 0) assert.equal(got, undefined);
    else assert.deepEqual(got, { from: "evens", n: 7n });

    const gathered = inter.gather(`odd ${rank}`, root);
    if (root === mpi.ROOT) {
      assert.deepEqual(gathered, odds.map((r) => `odd ${r}`));
    } else assert.equal(gathered, undefined);

    const part = inter.scatter(
      root === mpi.ROOT ? odds.map((r) => ({ to: r })) : undefined,
      root,
    );
    assert.deepEqual(part, even ? undefined : { to: rank });

    assert.deepEqual(inter.allgather(rank), remoteWorld);
    assert.equal(
      inter.reduce(rank, mpi.SUM, root),
      root === mpi.ROOT ? odds.reduce((a, r) => a + r, 0) : undefined,
    );
    inter.Free();
    local.Free();
  },
});
