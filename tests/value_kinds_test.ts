// mpi4ts-test: np=1,2,3,4
/**
 * Value reductions when ranks pass different kinds of value: every rank
 * gets the same result, or every rank that takes part in the result gets
 * the same `TypeError` naming the kinds; never a hang.
 */
import { assert, mpi, rank, size, test, world } from "./_util.ts";

/** One sample of each kind a reduction tells apart. */
const SAMPLES: [string, () => unknown][] = [
  ["number", () => 1],
  ["bigint", () => 1n],
  ["boolean", () => true],
  ["string", () => "a"],
  ["undefined", () => undefined],
  ["null", () => null],
  ["Array", () => [1]],
  ["TypedArray", () => new Float64Array([1])],
  ["object", () => ({ a: 1 })],
];

/** Rank r passes kind `a` on even ranks, `b` on odd ranks. */
const mine = (a: number, b: number) => SAMPLES[rank % 2 === 0 ? a : b][1]();
const mixedHere = (a: number, b: number) => a !== b && size > 1;

function expectMixed(
  run: () => unknown,
  a: number,
  b: number,
  name: RegExp,
): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof TypeError, `expected TypeError, got ${e}`);
    assert.match(e.message, name);
    assert.match(e.message, new RegExp(`\\b${SAMPLES[a][0]}\\b`));
    assert.match(e.message, new RegExp(`\\b${SAMPLES[b][0]}\\b`));
    return true;
  });
}

/** Every rank holds the same value (compared through an allgather). */
function sameEverywhere(v: unknown): void {
  const all = world.allgather(v);
  for (const x of all) assert.deepEqual(x, all[0]);
}

const OPS: [string, mpi.Op][] = [
  ["SUM", mpi.SUM],
  ["MAX", mpi.MAX],
  ["PROD", mpi.PROD],
  ["MIN", mpi.MIN],
  ["LOR", mpi.LOR],
];

for (const [opName, op] of OPS) {
  test(`allreduce/reduce/scan/exscan with ${opName}: every pair of kinds agrees or fails alike`, () => {
    for (let a = 0; a < SAMPLES.length; a++) {
      for (let b = 0; b < SAMPLES.length; b++) {
        const v = () => mine(a, b);
        if (mixedHere(a, b)) {
          expectMixed(() => world.allreduce(v(), op), a, b, /^allreduce/);
          expectMixed(() => world.scan(v(), op), a, b, /^scan/);
          expectMixed(() => world.exscan(v(), op), a, b, /^exscan/);
          // A fast op tells every rank; otherwise only the root folds.
          const fast = op !== mpi.LOR;
          for (let root = 0; root < size; root++) {
            if (fast || rank === root) {
              expectMixed(() => world.reduce(v(), op, root), a, b, /^reduce/);
            } else {
              assert.equal(world.reduce(v(), op, root), undefined);
            }
          }
          expectMixed(() => world.iallreduce(v(), op).wait(), a, b, /./);
          const r = world.ireduce(v(), op, 0);
          if (rank === 0) expectMixed(() => r.wait(), a, b, /./);
          else assert.equal(r.wait(), undefined);
        } else {
          sameEverywhere(world.allreduce(v(), op));
          world.scan(v(), op);
          world.exscan(v(), op);
          const red = world.reduce(v(), op, size - 1);
          if (rank !== size - 1) assert.equal(red, undefined);
          sameEverywhere(world.iallreduce(v(), op).wait());
        }
        // The communicator keeps working afterwards.
        assert.equal(world.allreduce(1), size);
      }
    }
  });
}

test("a function op sees mixed kinds as they are, the same on every rank", () => {
  const op = (x: unknown, y: unknown) => `${typeof x}+${typeof y}`;
  const v = rank === 0 ? 1 : [1];
  const got = world.allreduce(v, op);
  sameEverywhere(got);
  const values: unknown[] = [1, [1], [1], [1]].slice(0, size);
  assert.deepEqual(got, values.reduce((x: unknown, y: unknown) => op(x, y)));
});

test("numbers still reduce with MPI; the fast path gives exact results", () => {
  assert.equal(world.allreduce(rank + 1), (size * (size + 1)) / 2);
  assert.equal(world.allreduce(rank, mpi.MAX), size - 1);
  assert.equal(
    world.allreduce(rank + 1, mpi.PROD),
    [1, 2, 3, 4].slice(0, size).reduce((p, x) => p * x, 1),
  );
  assert.equal(world.allreduce(rank, mpi.MIN), 0);
  assert.equal(
    world.reduce(rank, mpi.SUM, 0),
    rank === 0 ? (size * (size - 1)) / 2 : undefined,
  );
  assert.equal(world.scan(rank + 1), ((rank + 1) * (rank + 2)) / 2);
  assert.equal(
    world.exscan(rank + 1),
    rank === 0 ? undefined : (rank * (rank + 1)) / 2,
  );
  assert.equal(world.scan(rank, mpi.MAX), rank);
  assert.ok(Number.isNaN(world.allreduce(rank === 0 ? NaN : 1) as number));
});
