// RMA operations on windows of every flavor: Put/Get in every target form
// with sentinels around the data, every op on every basic datatype,
// Get_accumulate, Fetch_and_op, Compare_and_swap, and the synchronizations
// (fence, PSCW with groups, locks, flushes), then bad input.
import {
  assert,
  assertMPIError,
  assertThrowsNaming,
  mpi,
  next,
  prev,
  rank,
  size,
  test,
  world,
} from "./_util.ts";
import { NUMBER_ARRAYS } from "./_kinds.ts";
import { FLAVORS, makeWin, unsupported } from "./_rma.ts";

type Kind =
  | typeof NUMBER_ARRAYS[number]
  | typeof BigInt64Array
  | typeof BigUint64Array;
const KINDS: readonly Kind[] = [
  ...NUMBER_ARRAYS,
  BigInt64Array,
  BigUint64Array,
];
const isBig = (k: Kind) => k === BigInt64Array || k === BigUint64Array;
const isInt = (k: Kind) => k !== Float32Array && k !== Float64Array;
const SENTINEL = 0xee;

/** Elements of any kind, read as numbers. */
type Arr = mpi.Buffer & Iterable<number | bigint> & {
  length: number;
  [i: number]: number | bigint;
  set(a: Arr): void;
};

/** `values` as elements of kind `K`. */
function arrayOf(K: Kind, values: readonly number[]): Arr {
  const a = new K(values.length) as unknown as Arr;
  values.forEach((v, i) => (a[i] = isBig(K) ? BigInt(v) : v));
  return a;
}

/** `n` elements of kind `K` at byte `offset` of `mem`. */
function elems(K: Kind, mem: Uint8Array, offset: number, n: number): Arr {
  return new K(
    mem.buffer as ArrayBuffer,
    mem.byteOffset + offset,
    n,
  ) as unknown as Arr;
}

const SLOT = 8 * 8; // bytes for up to 8 elements of any kind
const GAP = 8; // sentinel bytes between and around slots
const slotAt = (r: number) => GAP + r * (SLOT + GAP);
const WIN_BYTES = slotAt(size);

for (const flavor of FLAVORS) {
  test({
    name: `${flavor}: Put and Get in every target form, sentinels untouched`,
    ignore: unsupported(flavor),
    fn: () => {
      using w = makeWin(flavor, WIN_BYTES);
      const { win, mem } = w;
      for (const K of KINDS) {
        const E = K.BYTES_PER_ELEMENT;
        const datatype = [
          mpi.INT8_T,
          mpi.UINT8_T,
          mpi.INT16_T,
          mpi.UINT16_T,
          mpi.INT32_T,
          mpi.UINT32_T,
          mpi.FLOAT,
          mpi.DOUBLE,
          mpi.INT64_T,
          mpi.UINT64_T,
        ][KINDS.indexOf(K)];
        for (const count of [0, 1, 5]) {
          // Each target form in turn, over kinds and counts.
          {
            const form = (KINDS.indexOf(K) + count) % 4;
            win.Fence();
            mem.fill(SENTINEL);
            win.Fence();
            const data = arrayOf(
              K,
              [...Array(count)].map((_, i) => i + 1 + rank),
            );
            const at = slotAt(rank) + E; // one element into this rank's slot
            const d = w.disp(next, at);
            // With unit 1, a displacement is in bytes.
            const target = form === 0
              ? d
              : form === 1
              ? [d] as const
              : form === 2
              ? [d, count] as const
              : [d, count, datatype] as const;
            win.Put(data, next, target);
            win.Fence();
            // My memory holds prev's data in prev's slot; every other byte is untouched.
            const got = elems(K, mem, slotAt(prev) + E, count);
            assert.deepEqual(
              [...got].map(Number),
              [...Array(count)].map((_, i) => i + 1 + prev),
              `${K.name} count ${count} form ${form}`,
            );
            for (let b = 0; b < mem.length; b++) {
              const inData = b >= slotAt(prev) + E &&
                b < slotAt(prev) + E + count * E;
              if (!inData) {
                assert.equal(mem[b], SENTINEL, `${K.name} byte ${b}`);
              }
            }
            // Get it back, into a buffer whose last element must stay.
            const back = arrayOf(K, Array(count + 1).fill(99));
            win.Get([back, count], next, target);
            win.Fence();
            assert.deepEqual(
              [...back].map(Number),
              [...[...Array(count)].map((_, i) => i + 1 + rank), 99],
            );
          }
        }
      }
    },
  });
}

const OPS: [string, mpi.Op, (a: number, b: number) => number, boolean][] = [
  ["SUM", mpi.SUM, (a, b) => a + b, false],
  ["PROD", mpi.PROD, (a, b) => a * b, false],
  ["MAX", mpi.MAX, Math.max, false],
  ["MIN", mpi.MIN, Math.min, false],
  ["BAND", mpi.BAND, (a, b) => a & b, true],
  ["BOR", mpi.BOR, (a, b) => a | b, true],
  ["BXOR", mpi.BXOR, (a, b) => a ^ b, true],
  ["LAND", mpi.LAND, (a, b) => +(!!a && !!b), true],
  ["LOR", mpi.LOR, (a, b) => +(!!a || !!b), true],
  ["LXOR", mpi.LXOR, (a, b) => +(!!a !== !!b), true],
];
const INIT = [1, 3, 0, 6];

/**
 * Open MPI 4.1's one-sided component for windows over user memory (UCX)
 * ignores `LAND`, `LOR` and `LXOR` accumulations on 4- and 8-byte integers
 * from another process (in C too): those cases are left out there.
 */
const brokenLogical = mpi.Get_library_version().startsWith("Open MPI");
const contribution = (r: number) => [r + 1, 2, r % 2, 3 + r];

for (const flavor of FLAVORS) {
  test({
    name:
      `${flavor}: Accumulate with every op on every basic datatype, from all ranks at once`,
    ignore: unsupported(flavor),
    fn: () => {
      using w = makeWin(flavor, 64);
      const { win, mem } = w;
      for (const K of KINDS) {
        for (const [name, op, f, intOnly] of OPS) {
          if (intOnly && !isInt(K)) continue;
          win.Fence();
          elems(K, mem, 0, 4).set(arrayOf(K, INIT));
          mem.fill(SENTINEL, 4 * K.BYTES_PER_ELEMENT);
          win.Fence();
          if (
            brokenLogical && name[0] === "L" && K.BYTES_PER_ELEMENT >= 4 &&
            (flavor === "create" || flavor === "dynamic")
          ) continue;
          for (let t = 0; t < size; t++) {
            win.Accumulate(arrayOf(K, contribution(rank)), t, w.disp(t, 0), op);
          }
          win.Fence();
          const want = arrayOf(
            K,
            INIT.map((v, i) => {
              let acc = v;
              for (let r = 0; r < size; r++) acc = f(acc, contribution(r)[i]);
              return acc;
            }),
          );
          assert.deepEqual(
            [...elems(K, mem, 0, 4)].map(Number),
            [...want].map(Number),
            `${K.name} ${name}`,
          );
          for (let b = 4 * K.BYTES_PER_ELEMENT; b < 64; b++) {
            assert.equal(mem[b], SENTINEL, `${K.name} ${name} byte ${b}`);
          }
        }
      }
      // REPLACE from one origin.
      win.Fence();
      new Float64Array(mem.buffer, mem.byteOffset, 2).fill(0);
      win.Fence();
      win.Accumulate(
        new Float64Array([rank, 7]),
        next,
        w.disp(next, 0),
        mpi.REPLACE,
      );
      win.Fence();
      assert.deepEqual([...new Float64Array(mem.buffer, mem.byteOffset, 2)], [
        prev,
        7,
      ]);
    },
  });
}

for (const flavor of FLAVORS) {
  test({
    name:
      `${flavor}: Get_accumulate and Fetch_and_op return the old value; NO_OP only reads`,
    ignore: unsupported(flavor),
    fn: () => {
      using w = makeWin(flavor, 32);
      const { win, mem } = w;
      win.Fence();
      new Int32Array(mem.buffer, mem.byteOffset, 8).set([
        10,
        20,
        30,
        40,
        0,
        0,
        0,
        0,
      ]);
      win.Fence();
      win.Lock(next);
      const result = new Int32Array(3).fill(-1);
      win.Get_accumulate(
        new Int32Array([1, 2]),
        [result, 2],
        next,
        w.disp(next, 0),
        mpi.SUM,
      );
      win.Unlock(next);
      assert.deepEqual([...result], [10, 20, -1]);
      world.Barrier();
      assert.deepEqual([...new Int32Array(mem.buffer, mem.byteOffset, 3)], [
        11,
        22,
        30,
      ]);
      world.Barrier();
      win.Lock(next, mpi.LOCK_SHARED);
      const read = new Int32Array(2);
      win.Get_accumulate(null, read, next, w.disp(next, 4), mpi.NO_OP);
      const one = new Int32Array(1);
      win.Fetch_and_op(null, one, next, w.disp(next, 8), mpi.NO_OP);
      win.Unlock(next);
      assert.deepEqual([...read], [22, 30]);
      assert.deepEqual([...one], [30]);
      world.Barrier();
      win.Lock(next);
      const old = new Float64Array(1);
      win.Fetch_and_op(
        new Int32Array([5]),
        new Int32Array(1),
        next,
        w.disp(next, 12),
        mpi.SUM,
      );
      win.Unlock(next);
      world.Barrier();
      assert.equal(new Int32Array(mem.buffer, mem.byteOffset, 4)[3], 45);
      assert.equal(old[0], 0);
      world.Barrier();
    },
  });
}

test("Fetch_and_op from all ranks at once adds up exactly; each ticket once", () => {
  const K = 200;
  using w = makeWin("allocate", 16);
  const { win, mem } = w;
  win.Fence();
  new BigInt64Array(mem.buffer, mem.byteOffset, 2).fill(0n);
  new Float64Array(mem.buffer, mem.byteOffset + 8, 1)[0] = 0;
  win.Fence();
  const one = new BigInt64Array([1n]);
  const half = new Float64Array([0.5]);
  const got = new BigInt64Array(1), gotF = new Float64Array(1);
  const tickets: number[] = [];
  win.Lock_all();
  for (let i = 0; i < K; i++) {
    win.Fetch_and_op(one, got, 0, 0, mpi.SUM);
    win.Flush(0);
    tickets.push(Number(got[0]));
    win.Fetch_and_op(half, gotF, 0, 8, mpi.SUM);
  }
  win.Unlock_all();
  world.Barrier();
  const all = (world.allgather(tickets) as number[][]).flat().sort((a, b) =>
    a - b
  );
  assert.deepEqual(all, [...Array(K * size).keys()]);
  if (rank === 0) {
    assert.equal(
      new BigInt64Array(mem.buffer, mem.byteOffset, 1)[0],
      BigInt(K * size),
    );
    assert.equal(
      new Float64Array(mem.buffer, mem.byteOffset + 8, 1)[0],
      K * size / 2,
    );
  }
  world.Barrier();
});

test("Compare_and_swap: exactly one rank wins", () => {
  using w = makeWin("allocate", 8);
  const { win, mem } = w;
  win.Fence();
  new Int32Array(mem.buffer, mem.byteOffset, 2).set([-1, 0]);
  win.Fence();
  const result = new Int32Array(1);
  win.Lock(0, mpi.LOCK_SHARED);
  win.Compare_and_swap(
    new Int32Array([rank]),
    new Int32Array([-1]),
    result,
    0,
    0,
  );
  win.Unlock(0);
  const won = result[0] === -1;
  const winners = world.allgather(won ? rank : -1) as number[];
  const only = winners.filter((r) => r >= 0);
  assert.equal(only.length, 1);
  if (rank === 0) {
    assert.equal(new Int32Array(mem.buffer, mem.byteOffset, 1)[0], only[0]);
  }
  world.Barrier();
});

test("PSCW: Post/Start/Complete/Wait over groups, and Test", () => {
  using w = makeWin("allocate", 16);
  const { win, mem } = w;
  using g = world.Get_group();
  using from = g.Incl([...new Set([prev])]);
  using to = g.Incl([...new Set([next])]);
  for (const useTest of [false, true]) {
    new Float64Array(mem.buffer, mem.byteOffset, 2).fill(-1);
    world.Barrier();
    win.Post(from);
    win.Start(to);
    win.Put(new Float64Array([rank, useTest ? 1 : 0]), next);
    win.Complete();
    if (useTest) {
      while (!win.Test()) { /* spin */ }
    } else assert.equal(win.Wait(), true);
    assert.deepEqual([...new Float64Array(mem.buffer, mem.byteOffset, 2)], [
      prev,
      useTest ? 1 : 0,
    ]);
  }
  world.Barrier();
});

test("Lock types, Flush family, Lock_all and Sync", () => {
  using w = makeWin("allocate", 8 * size);
  const { win, mem } = w;
  const mine = new Float64Array(mem.buffer, mem.byteOffset, size);
  win.Lock(rank, mpi.LOCK_EXCLUSIVE);
  mine.fill(0);
  win.Unlock(rank);
  world.Barrier();
  for (let t = 0; t < size; t++) {
    win.Lock(t, mpi.LOCK_SHARED, mpi.MODE_NOCHECK * 0);
    win.Put(new Float64Array([rank + 1]), t, rank * 8);
    win.Flush_local(t);
    win.Flush(t);
    win.Unlock(t);
  }
  win.Lock_all();
  win.Put(new Float64Array([rank + 1]), next, rank * 8);
  win.Flush_local_all();
  win.Flush_all();
  win.Unlock_all();
  world.Barrier();
  win.Lock(rank);
  win.Sync();
  assert.deepEqual([...mine], [...Array(size)].map((_, r) => r + 1));
  win.Unlock(rank);
  world.Barrier();
});

test("PROC_NULL targets do nothing", () => {
  using w = makeWin("allocate", 8);
  w.win.Fence();
  w.win.Put(new Float64Array([1]), mpi.PROC_NULL);
  w.win.Get(new Float64Array(1), mpi.PROC_NULL);
  w.win.Accumulate(new Float64Array([1]), mpi.PROC_NULL);
  w.win.Fence();
});

test("a repeated Put or Fetch_and_op (checked once, then repeated unchecked) notices every changed argument", () => {
  {
    using w = makeWin("allocate", 24);
    const { win, mem } = w;
    const mine = new Float64Array(mem.buffer, mem.byteOffset, 3);
    win.Lock(rank);
    mine.fill(0);
    win.Unlock(rank);
    world.Barrier();
    win.Lock_all();
    const d = new Float64Array(1);
    for (let i = 1; i <= 3; i++) {
      d[0] = i; // the same call again: its data is read anew
      win.Put(d, next, 8);
      win.Flush(next);
    }
    win.Put(d, next, 0); // another displacement
    win.Flush(next);
    win.Put(new Float64Array([7]), next, 16); // another buffer
    win.Flush(next);
    win.Unlock_all();
    world.Barrier();
    win.Lock(rank);
    win.Sync();
    assert.deepEqual([...mine], [3, 3, 7]);
    win.Unlock(rank);
    world.Barrier();
  }
  {
    // This rank's own memory: 8 bytes, so size checks apply.
    using w = makeWin("allocate", 8);
    const { win, mem } = w;
    const word = new BigInt64Array(mem.buffer, mem.byteOffset, 1);
    const d = new Float64Array([5]);
    win.Lock(rank);
    word[0] = 0n;
    win.Sync();
    for (let i = 0; i < 3; i++) {
      win.Put(d, rank, 0);
      win.Flush(rank);
    }
    assertThrowsNaming(() => win.Put(d, rank, 8), RangeError, /overruns/);
    assertThrowsNaming(() => win.Put(d, rank, -1), RangeError, /displacement/);
    assertThrowsNaming(() => win.Put(d, size), mpi.MPIError, /targetRank/);
    // A detached buffer has no elements left: nothing moves.
    structuredClone(d.buffer, { transfer: [d.buffer] });
    win.Put(d, rank, 0);
    win.Flush(rank);
    win.Sync();
    assert.equal(new Float64Array(mem.buffer, mem.byteOffset, 1)[0], 5);
    word[0] = 0n;
    win.Sync();
    const one = new BigInt64Array([1n]), got = new BigInt64Array(1);
    for (let i = 0; i < 3; i++) {
      win.Fetch_and_op(one, got, rank, 0, mpi.SUM);
      win.Flush(rank);
      assert.equal(got[0], BigInt(i));
    }
    win.Fetch_and_op(one, got, rank, 0, mpi.NO_OP); // another op
    win.Flush(rank);
    assert.equal(got[0], 3n);
    win.Sync();
    assert.equal(word[0], 3n);
    const other = new BigInt64Array(1); // another result buffer
    win.Fetch_and_op(new BigInt64Array([9n]), other, rank, 0, mpi.REPLACE);
    win.Flush(rank);
    assert.equal(other[0], 3n);
    win.Sync();
    assert.equal(word[0], 9n);
    assertThrowsNaming(
      () => win.Fetch_and_op(one, got, rank, 8, mpi.SUM),
      RangeError,
      /overruns/,
    );
    assertThrowsNaming(
      () => win.Fetch_and_op(one, new Float64Array(1), rank, 0, mpi.SUM),
      TypeError,
      /result/,
    );
    win.Unlock(rank);
    world.Barrier();
    win.Free();
    assertMPIError(() => win.Put(d, rank, 0), mpi.ERR_WIN);
    assertMPIError(() => win.Fetch_and_op(one, got, rank, 0), mpi.ERR_WIN);
  }
});

test("bad input: rank, displacement, datatype, overrun, buffers, epochs", () => {
  using w = makeWin("allocate", 16);
  const { win } = w;
  const d1 = new Float64Array(1);
  win.Fence();
  assertMPIError(() => win.Put(d1, size), mpi.ERR_RANK);
  assertThrowsNaming(() => win.Put(d1, size), mpi.MPIError, /targetRank/);
  assertThrowsNaming(() => win.Put(d1, -5), mpi.MPIError, /targetRank/);
  assertThrowsNaming(() => win.Put(d1, 0.5), RangeError, /targetRank/);
  assertThrowsNaming(
    () => win.Put(d1, rank, -8),
    RangeError,
    /target displacement/,
  );
  assertThrowsNaming(
    () => win.Put(d1, rank, [0, 1, "x" as unknown as mpi.Datatype]),
    TypeError,
    /target datatype/,
  );
  assertThrowsNaming(
    () => win.Put(d1, rank, "0" as unknown as number),
    TypeError,
    /target/,
  );
  // This rank's window has 16 bytes: 3 doubles, or 1 double at byte 9, overrun.
  assertThrowsNaming(
    () => win.Put(new Float64Array(3), rank),
    RangeError,
    /overruns/,
  );
  assertThrowsNaming(() => win.Get(d1, rank, 9), RangeError, /overruns/);
  assertThrowsNaming(() => win.Put(d1, rank, [0, 3]), RangeError, /overruns/);
  assertThrowsNaming(
    () => win.Accumulate(d1, rank, [0, 3, mpi.DOUBLE]),
    RangeError,
    /overruns/,
  );
  assertThrowsNaming(
    () => win.Fetch_and_op(d1, d1, rank, 16),
    RangeError,
    /overruns/,
  );
  assertThrowsNaming(
    () => win.Put([1, 2] as unknown as Float64Array, rank),
    TypeError,
    /origin/,
  );
  assertThrowsNaming(() => win.Put([d1, 2], rank), RangeError, /origin/);
  assertThrowsNaming(
    () => win.Fetch_and_op(d1, new Int32Array(1), rank),
    TypeError,
    /result/,
  );
  assertThrowsNaming(
    () => win.Fetch_and_op(d1, new Float64Array(0), rank),
    RangeError,
    /result/,
  );
  assertThrowsNaming(
    () => win.Compare_and_swap(d1, new Float32Array(1), d1, rank),
    TypeError,
    /compare/,
  );
  assertThrowsNaming(
    () => win.Accumulate(d1, rank, 0, "SUM" as unknown as mpi.Op),
    TypeError,
    /op/,
  );
  assertThrowsNaming(() => win.Lock(size), mpi.MPIError, /rank/);
  assertMPIError(() => win.Lock(0, 12345), mpi.ERR_LOCKTYPE);
  win.Fence();
  // Outside an epoch, as MPI reports it.
  assertThrowsNaming(() => win.Unlock(rank), mpi.MPIError, /MPI_Win_unlock/);
  assertMPIError(() => win.Unlock(rank), mpi.ERR_RMA_SYNC);
  assertMPIError(() => win.Complete(), mpi.ERR_RMA_SYNC);
  assertMPIError(() => win.Unlock_all(), mpi.ERR_RMA_SYNC);
  world.Barrier();
});
