/**
 * The blocking value collectives send small messages whole in their first
 * call (a fixed-size slot per peer) and only the rest of longer ones in a
 * second. Messages just under, at and just over a slot's room, mixed across
 * ranks and destinations (some ranks' messages fit, others' do not), all
 * come back exactly, on an intracommunicator from every root and across an
 * intercommunicator. After a call with a long message every rank sends
 * counts first, and after one where all fit, slots again.
 */
import { assert, mpi, rank, size, test, world } from "./_util.ts";
import { serialize } from "../core/pickle.ts";
import {
  ALLGATHER,
  ALLTOALL,
  SCATTER,
  slotsFor,
  slotSize,
} from "../collectives/value_slots.ts";

/** A string whose message is `bytes` long, or the nearest length above. */
function stringOfMessage(bytes: number, tag: string): string {
  for (let n = 0;; n++) {
    const s = tag + "y".repeat(n);
    if (serialize(s).byteLength >= bytes) return s;
  }
}

/** A slot's room on a communicator of `ranks` ranks (both groups on an intercommunicator). */
const room = (ranks: number) => slotSize(ranks) - 8;

/** Messages of sizes around `fit` (the room): 8 below, at, 8 and 100 above. */
function around(fit: number, tag: string): string[] {
  return [fit - 8, fit, fit + 1, fit + 8, fit + 100].map((b) =>
    stringOfMessage(b, tag)
  );
}

test("the candidates straddle a slot's room", () => {
  const fit = room(size);
  const sizes = around(fit, "r0:").map((s) => serialize(s).byteLength);
  assert.ok(sizes[0] <= fit - 8, `${sizes[0]}`);
  assert.equal(sizes[1], fit);
  assert.ok(sizes[2] > fit && sizes[2] <= fit + 8, `${sizes[2]}`);
  assert.ok(sizes[4] > fit + 90, `${sizes[4]}`);
});

test("value collectives around a slot's room, mixed across ranks", () => {
  const fit = room(size);
  for (let shift = 0; shift < 5; shift++) {
    // Rank r sends candidate (r + shift) % 5: neighbours differ in fitting.
    const pick = (r: number, to = 0) =>
      around(fit, `r${r}>${to}:`)[(r + to + shift) % 5];
    for (let root = 0; root < size; root++) {
      const g = world.gather(pick(rank), root);
      if (rank === root) {
        assert.deepEqual(g, [...Array(size).keys()].map((r) => pick(r)));
      } else assert.equal(g, undefined);
      const s = world.scatter(
        rank === root
          ? [...Array(size).keys()].map((r) => pick(root, r))
          : null,
        root,
      );
      assert.equal(s, pick(root, rank));
    }
    assert.deepEqual(
      world.allgather(pick(rank)),
      [...Array(size).keys()].map((r) => pick(r)),
    );
    assert.deepEqual(
      world.alltoall([...Array(size).keys()].map((to) => pick(rank, to))),
      [...Array(size).keys()].map((from) => pick(from, rank)),
    );
  }
});

test("all fit after none did, and the reverse: slots, counts, slots", () => {
  const fit = room(size);
  const big = (r: number) => ({ rank: r, a: new Float64Array(50).fill(r) });
  assert.ok(serialize(big(rank)).byteLength > fit);
  const small = (r: number) => r, tiny = () => "x";
  const makers: ((r: number) => unknown)[] = [big, small, big, tiny, big];
  for (const make of makers) {
    // A call with a long message sends counts next time; one where all
    // fit sends slots again.
    const slots = make !== big;
    const all = [...Array(size).keys()].map(make);
    assert.deepEqual(world.allgather(make(rank)), all);
    assert.equal(slotsFor(world, ALLGATHER), slots);
    const g = world.gather(make(rank), size - 1);
    assert.deepEqual(g, rank === size - 1 ? all : undefined);
    assert.deepEqual(world.alltoall(Array(size).fill(make(rank))), all);
    assert.equal(slotsFor(world, ALLTOALL), slots);
    assert.deepEqual(
      world.scatter(rank === 0 ? all : undefined, 0),
      make(rank),
    );
    assert.equal(slotsFor(world, SCATTER), slots);
  }
});

test("one long message anywhere makes every rank send counts next", () => {
  // Only the last rank's messages are long: every rank must switch, and
  // switch back, together (a rank that did not would deadlock or misread).
  const last = size - 1;
  const v = (r: number) => r === last ? "z".repeat(500) : r;
  for (let round = 0; round < 3; round++) {
    const all = [...Array(size).keys()].map(v);
    assert.deepEqual(world.allgather(v(rank)), all);
    assert.equal(slotsFor(world, ALLGATHER), false);
    assert.deepEqual(world.allgather(rank), [...Array(size).keys()]);
    assert.equal(slotsFor(world, ALLGATHER), true);
    assert.deepEqual(
      world.alltoall(Array(size).fill(v(rank))),
      all,
    );
    assert.equal(slotsFor(world, ALLTOALL), false);
    assert.deepEqual(world.alltoall(Array(size).fill(rank)), [
      ...Array(size).keys(),
    ]);
    assert.equal(slotsFor(world, ALLTOALL), true);
    assert.deepEqual(world.scatter(rank === 0 ? all : null, 0), v(rank));
    assert.equal(slotsFor(world, SCATTER), false);
    assert.equal(
      world.scatter(rank === 0 ? [...Array(size).keys()] : null, 0),
      rank,
    );
    assert.equal(slotsFor(world, SCATTER), true);
  }
});

test({
  name: "across an intercommunicator, around a slot's room",
  ignore: size < 2 && "needs 2 ranks: one rank has no second group",
  fn() {
    const even = rank % 2 === 0;
    const local = world.Split(rank % 2, rank);
    const inter = local.Create_intercomm(
      0,
      world,
      even ? 1 : 0,
      6,
    ) as mpi.Intercomm;
    const remote = [...Array(size).keys()].filter((r) => r % 2 !== rank % 2);
    const fit = room(inter.size + inter.remote_size);
    const pick = (r: number, to = 0) =>
      around(fit, `r${r}>${to}:`)[(r + to) % 5];
    // The evens' rank 0 is the root; the odds name it as remote rank 0.
    const root = !even ? 0 : inter.rank === 0 ? mpi.ROOT : mpi.PROC_NULL;
    const g = inter.gather(pick(rank), root);
    if (root === mpi.ROOT) assert.deepEqual(g, remote.map((r) => pick(r)));
    else assert.equal(g, undefined);
    const s = inter.scatter(
      root === mpi.ROOT ? remote.map((r) => pick(0, r)) : undefined,
      root,
    );
    assert.equal(s, even ? undefined : pick(0, rank));
    assert.deepEqual(inter.allgather(pick(rank)), remote.map((r) => pick(r)));
    assert.deepEqual(
      inter.alltoall(remote.map((to) => pick(rank, to))),
      remote.map((from) => pick(from, rank)),
    );
    inter.Free();
    local.Free();
  },
});
