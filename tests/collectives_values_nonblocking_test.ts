import { assert, mpi, rank, size, test, world } from "./_util.ts";

const range = (n: number) => [...Array(n).keys()];
const sumTo = (n: number) => (n * (n - 1)) / 2;

test("nonblocking value collectives give their values through wait/test/waitAsync", async () => {
  assert.equal(world.ibarrier().wait(), undefined);
  for (let root = 0; root < size; root++) {
    const v = {
      root,
      list: [root, `${root}`],
      big: new Float64Array(5000).fill(root),
    };
    assert.deepEqual(
      world.ibcast(rank === root ? v : undefined, root).wait(),
      v,
    );
    const g = world.igather({ r: rank }, root).wait();
    assert.deepEqual(
      g,
      rank === root ? range(size).map((r) => ({ r })) : undefined,
    );
    const s = world.iscatter(
      rank === root ? range(size).map((r) => [r, root]) : null,
      root,
    ).wait();
    assert.deepEqual(s, [rank, root]);
    assert.equal(
      world.ireduce(rank, mpi.SUM, root).wait(),
      rank === root ? sumTo(size) : undefined,
    );
  }
  const reqs = [
    world.iallgather(`r${rank}`),
    world.ialltoall(range(size).map((j) => rank * 100 + j)),
    world.iallreduce([rank, 1]),
    world.iallreduce(rank, mpi.MAX),
  ];
  const [all, a2a, sum, max] = await mpi.Request.waitallAsync(reqs);
  assert.deepEqual(all, range(size).map((r) => `r${r}`));
  assert.deepEqual(a2a, range(size).map((i) => i * 100 + rank));
  assert.deepEqual(sum, [sumTo(size), size]);
  assert.equal(max, size - 1);
  const polled = world.iallreduce(`${rank}`, (a, b) => `${a}${b}`);
  let result: [boolean, unknown] = [false, undefined];
  while (!result[0]) result = polled.test();
  assert.equal(result[1], range(size).join(""));
});
