/**
 * Value `allgather`, `alltoall` and `scatter` on intracommunicators of up
 * to `rc.directCollectives` processes: what fits slots goes in one call of
 * slots, what does not is sent directly, rank to rank, on the
 * communicator's private duplicate. Every payload comes back exactly on
 * both paths and through every switch between them, the two paths agree,
 * every rank agrees which one the next call takes, the direct messages
 * never match a user's receive, and the duplicate is freed with its
 * communicator. `gather`, which always sends counts first, is checked at
 * every root between them, so the paths' switches never disturb it. What a
 * rank returns of its own message is a copy: the sent arrays are
 * overwritten before each result is checked.
 */
import { assert, mpi, next, prev, rank, size, test, world } from "./_util.ts";
import { rc } from "../rc.ts";
import { hasShadow } from "../core/shadow.ts";
import { goesDirect } from "../collectives/value_direct.ts";
import {
  ALLGATHER,
  ALLTOALL,
  SCATTER,
  slotsFor,
} from "../collectives/value_slots.ts";
import { launch, MPI } from "./_launch.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The value rank `from` sends rank `to` in call `call`: `len` bytes of string and array. */
function payload(from: number, to: number, call: number, len: number) {
  return {
    from,
    to,
    call,
    s: "x".repeat(len),
    a: new Float64Array(len >> 3).fill(from * 100 + to),
  };
}

/**
 * Overwrites the array of each sent payload once a call returned: a value
 * a rank returns from its own message must be a copy, not the sender's.
 */
function spoil(...sent: { a: Float64Array }[]): void {
  for (const v of sent) v.a.fill(-1);
}

/** Message lengths per call: short (slots), long, longer, short again, mixed across ranks. */
const LENGTHS = (call: number, from: number) =>
  [10, 5000, 40_000, 10, from === 0 ? 3000 : 10, 10][call];

/** Runs the three collectives over every call's lengths; checks every result. */
function exercise(comm: mpi.Intracomm, note: string): boolean[] {
  const me = comm.rank, n = comm.size, paths: boolean[] = [];
  for (let call = 0; call < 6; call++) {
    const len = (from: number) => LENGTHS(call, from);
    const mine = payload(me, -1, call, len(me));
    const all = comm.allgather(mine);
    spoil(mine);
    assert.deepEqual(
      all,
      range(n).map((r) => payload(r, -1, call, len(r))),
      `${note} allgather, call ${call}`,
    );
    const out = range(n).map((to) => payload(me, to, call, len(me)));
    const x = comm.alltoall(out);
    spoil(...out);
    assert.deepEqual(
      x,
      range(n).map((from) => payload(from, me, call, len(from))),
      `${note} alltoall, call ${call}`,
    );
    for (let root = 0; root < n; root++) {
      const sent = payload(me, root, call, len(me));
      const gathered = comm.gather(sent, root);
      spoil(sent);
      assert.deepEqual(
        gathered,
        me === root
          ? range(n).map((r) => payload(r, root, call, len(r)))
          : undefined,
        `${note} gather at ${root}, call ${call}`,
      );
      const objs = me === root
        ? range(n).map((to) => payload(root, to, call, len(root)))
        : undefined;
      const got = comm.scatter(objs, root);
      if (objs) spoil(...objs);
      assert.deepEqual(
        got,
        payload(root, me, call, len(root)),
        `${note} scatter from ${root}, call ${call}`,
      );
    }
    paths.push(slotsFor(comm, ALLGATHER), slotsFor(comm, ALLTOALL));
    paths.push(slotsFor(comm, SCATTER));
  }
  return paths;
}

/** Whether every rank holds the same `flags`. */
function agreed(comm: mpi.Intracomm, flags: boolean[]): boolean {
  const all = comm.allgather(flags.map(Number).join(""));
  return all.every((f) => f === all[0]);
}

/** Runs `fn` with `rc.directCollectives` set to `max`. */
function directUpTo<T>(max: number, fn: () => T): T {
  const was = rc.directCollectives;
  rc.directCollectives = max;
  try {
    return fn();
  } finally {
    rc.directCollectives = was;
  }
}

test("by default direct on MPICH only, where it measured faster", () => {
  assert.equal(rc.directCollectives, undefined);
  assert.equal(goesDirect(world), MPI === "mpich" && size > 1);
});

test("long values go direct, short ones in slots, and every switch between them comes back exactly", () => {
  const paths = directUpTo(4, () => exercise(world, "direct"));
  // Calls 1, 2 and 4 had a long message, 0, 3 and 5 none, and every rank
  // agrees; call 4's last scatter is from a rank with short ones only.
  const expected = [true, false, false, true, false, true]
    .flatMap((slots, call) => [slots, slots, call === 4 && size > 1 || slots]);
  assert.deepEqual(paths, expected);
  assert.ok(agreed(world, paths));
  assert.equal(hasShadow(world), size > 1);
});

test("with rc.directCollectives 0 the counts go first, with the same results", () => {
  using comm = world.Dup();
  const paths = directUpTo(0, () => exercise(comm, "counted"));
  assert.ok(agreed(comm, paths));
  assert.equal(hasShadow(comm), false);
});

test("a rank's own array in a direct allgather is a copy no other result overlaps, and stays intact", () => {
  using comm = world.Dup();
  // 16 KiB: every result in one cut of the pool; 100,000 B: in fresh memory.
  for (const bytes of [16384, 100_000]) {
    const sent = new Uint8Array(bytes).fill(rank + 1);
    const all = directUpTo(4, () => comm.allgather(sent)) as Uint8Array[];
    sent.fill(0);
    all[rank].fill(255);
    assert.notEqual(all[rank].buffer, sent.buffer);
    // The next calls take the pool's next cuts, and give back what no
    // value views: none may touch the results above.
    directUpTo(4, () => {
      comm.allgather("s".repeat(9000));
      comm.allgather(new Uint8Array(bytes).fill(7));
    });
    for (let r = 0; r < size; r++) {
      const want = r === rank ? 255 : r + 1;
      assert.equal(all[r].byteLength, bytes);
      assert.ok(all[r].every((b) => b === want), `${bytes} B from rank ${r}`);
    }
  }
});

test("a bad rc.directCollectives is a RangeError naming it, before any message", () => {
  using comm = world.Dup();
  const long = "z".repeat(3000);
  comm.allgather(long); // the next call takes slots no more
  for (const bad of [-1, 2.5, Number.NaN]) {
    assert.throws(
      () => directUpTo(bad, () => comm.allgather(long)),
      /rc\.directCollectives \(MPI4TS_DIRECT_COLLECTIVES\) must be a whole number >= 0/,
    );
  }
  assert.deepEqual(comm.allgather(long), range(size).map(() => long));
});

test("the direct messages never match a user's receive, even ANY_SOURCE/ANY_TAG", async () => {
  using comm = world.Dup();
  const pending = comm.irecv(mpi.ANY_SOURCE, mpi.ANY_TAG);
  directUpTo(4, () => {
    for (let call = 0; call < 3; call++) {
      const long = range(size).map((to) => payload(rank, to, call, 20_000));
      comm.alltoall(long);
      comm.allgather(long[0]);
      comm.scatter(rank === 0 ? long : undefined, 0);
    }
  });
  assert.equal(hasShadow(comm), size > 1);
  comm.Barrier(); // every collective's message has been sent
  assert.deepEqual(
    pending.test(),
    [false, undefined],
    "a collective's message was taken",
  );
  comm.Barrier(); // every rank tested before any sends its own message
  comm.send({ user: rank }, next, 7);
  const st = new mpi.Status();
  assert.deepEqual(await pending.waitAsync(st), { user: prev });
  assert.equal(st.tag, 7);
  comm.Barrier();
});

test("a communicator's duplicate is freed with it (no context left behind)", () => {
  // MPICH has a few thousand communicator contexts: a duplicate left
  // behind by each Free would run out of them within this loop.
  directUpTo(4, () => freeLoop());
});

function freeLoop(): void {
  for (let i = 0; i < 2500; i++) {
    const comm = world.Dup();
    // The first long message goes in slots and the rest after; the next
    // call goes direct.
    for (const call of [0, 1]) {
      const v = comm.allgather("y".repeat(3000 + i + call));
      assert.deepEqual(
        v.map((s) => (s as string).length),
        range(size).map(() => 3000 + i + call),
      );
    }
    assert.equal(hasShadow(comm), size > 1);
    comm.Free();
    assert.equal(hasShadow(comm), false);
  }
}

test({
  name:
    `MPI4TS_DIRECT_COLLECTIVES sets it, and a bad value is an error naming it (${MPI})`,
  ignore: size !== 1 && "launches its own jobs: once, in the 1-rank run",
  fn: () => {
    for (const [value, n] of [["0", "0"], ["3", "3"], ["", "undefined"]]) {
      const r = launch("direct_rc", 2, {
        env: { MPI4TS_DIRECT_COLLECTIVES: value },
      });
      assert.equal(r.status, 0, r.out);
      assert.match(r.out, new RegExp(`directCollectives=${n} exact=true`));
    }
    const bad = launch("direct_rc", 1, {
      env: { MPI4TS_DIRECT_COLLECTIVES: "few" },
    });
    assert.notEqual(bad.status, 0, bad.out);
    assert.match(
      bad.out,
      /MPI4TS_DIRECT_COLLECTIVES must be a whole number >= 0, not 'few'/,
    );
  },
});
