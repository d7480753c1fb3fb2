// mpi4ts-test: np=1,2,3
/**
 * `util.dtlib` (as mpi4py's test_util_dtlib.py): record layouts become
 * committed datatypes laid out like C structs, datatypes read back into
 * layouts, and the types carry real records between ranks.
 *
 * @module
 */
import {
  assert,
  assertThrowsNaming,
  mpi,
  next,
  prev,
  rank,
  test,
  world,
} from "./_util.ts";
import { dtlib } from "../util/mod.ts";

test("dtype strings give the predefined types, committed copies", () => {
  const cases: [string, mpi.Datatype][] = [
    ["f8", mpi.DOUBLE],
    ["<f4", mpi.FLOAT],
    ["=i4", mpi.INT32_T],
    ["|u1", mpi.UINT8_T],
    ["i8", mpi.INT64_T],
    ["u2", mpi.UINT16_T],
    ["b", mpi.INT8_T],
    ["?", mpi.C_BOOL],
    ["b1", mpi.C_BOOL],
    ["d", mpi.DOUBLE],
    ["c16", mpi.C_DOUBLE_COMPLEX],
    ["F", mpi.C_FLOAT_COMPLEX],
  ];
  for (const [code, want] of cases) {
    using t = dtlib.fromLayout(code);
    assert.equal(t.size, want.size, code);
    assert.equal(t.extent, want.extent, code);
    const d = t.decode();
    assert.equal(d.combiner, "DUP", code);
    assert.equal(d.oldtype, want, code);
  }
});

test("a struct layout is aligned like C; align: false packs it", () => {
  using c = dtlib.fromLayout([["a", "u1"], ["b", "f8"], ["c", "i2"]]);
  assert.equal(c.size, 11);
  assert.equal(c.extent, 24);
  assert.deepEqual(dtlib.toLayout(c), {
    names: ["f0", "f1", "f2"],
    formats: ["u1", "f8", "i2"],
    offsets: [0, 8, 16],
    itemsize: 24,
  });
  using packed = dtlib.fromLayout([["a", "u1"], ["b", "f8"], ["c", "i2"]], {
    align: false,
  });
  assert.equal(packed.extent, 11);
  assert.deepEqual(
    (dtlib.toLayout(packed) as dtlib.StructLayout).offsets,
    [0, 1, 9],
  );
  using rec = dtlib.fromLayout([["x", "f8"], ["n", "i4", [3]]]);
  assert.equal(rec.size, 20);
  assert.equal(rec.extent, 24);
  assert.deepEqual(dtlib.toLayout(rec), {
    names: ["f0", "f1"],
    formats: ["f8", "(3,)i4"],
    offsets: [0, 8],
    itemsize: 24,
  });
});

test("nested structs, arrays of structs and multi-dimensional arrays", () => {
  using point = dtlib.fromLayout([
    ["p", [["x", "f4"], ["y", "f4"]]],
    ["id", "i8"],
    ["tag", "u1"],
  ]);
  assert.equal(point.extent, 24);
  assert.equal(point.size, 17);
  using grid = dtlib.fromLayout([["cells", [["v", "f4"], ["k", "i2"]], [
    2,
    3,
  ]]]);
  assert.equal(grid.extent, 48);
  assert.equal(grid.size, 36);
  using m = dtlib.fromLayout("(2,3)f8");
  assert.equal(m.extent, 48);
  assert.equal(dtlib.toLayout(m), "(2,3)f8");
  using v = dtlib.fromLayout("3i2");
  assert.equal(dtlib.toLayout(v), "(3,)i2");
  using arr = dtlib.fromLayout({
    base: [["x", "f8"], ["c", "u1"]],
    shape: [4],
  });
  assert.equal(arr.extent, 64);
  const back = dtlib.toLayout(arr) as dtlib.ArrayLayout;
  assert.deepEqual(back.shape, [4]);
  assert.deepEqual(back.base, {
    names: ["f0", "f1"],
    formats: ["f8", "u1"],
    offsets: [0, 8],
    itemsize: 16,
  });
  using explicit = dtlib.fromLayout({
    names: ["a", "b"],
    formats: ["i4", "f8"],
    offsets: [4, 16],
    itemsize: 32,
  });
  assert.equal(explicit.extent, 32);
  assert.equal(explicit.true_lb, 4);
});

test("toLayout reads vectors, indexed types and pair types", () => {
  using vec = mpi.DOUBLE.Create_vector(3, 2, 4);
  assert.deepEqual(dtlib.toLayout(vec), {
    names: ["f0", "f1", "f2"],
    formats: ["(2,)f8", "(2,)f8", "(2,)f8"],
    offsets: [0, 32, 64],
    itemsize: vec.extent,
  });
  using idx = mpi.INT32_T.Create_indexed([1, 2], [0, 3]);
  assert.deepEqual(dtlib.toLayout(idx), {
    names: ["f0", "f1"],
    formats: ["i4", "(2,)i4"],
    offsets: [0, 12],
    itemsize: idx.extent,
  });
  assert.deepEqual(dtlib.toLayout(mpi.DOUBLE_INT), [["f0", "f8"], [
    "f1",
    "i4",
  ]]);
  assert.equal(dtlib.toLayout(mpi.INT), "i4");
  using part = mpi.DOUBLE.Create_subarray([4], [2], [1]);
  assertThrowsNaming(() => dtlib.toLayout(part), TypeError, /subarray/);
});

test("round trip: fromLayout(toLayout(t)) has t's size, extent and bytes", () => {
  const layouts: dtlib.Format[] = [
    [["x", "f8"], ["n", "i4", [3]]],
    [["a", "u1"], ["s", [["p", "i2"], ["q", "f8"]]], ["z", "?"]],
    "(2,2)i8",
  ];
  for (const layout of layouts) {
    using t = dtlib.fromLayout(layout);
    using u = dtlib.fromLayout(dtlib.toLayout(t));
    assert.equal(u.size, t.size);
    assert.equal(u.extent, t.extent);
    const src = new Uint8Array(t.extent * 2).map((_, i) => i + 1);
    const a = new Uint8Array(src.length), b = new Uint8Array(src.length);
    world.Sendrecv([src, 2, t], rank, 1, [a, 2, t], rank, 1);
    world.Sendrecv([src, 2, u], rank, 1, [b, 2, u], rank, 1);
    assert.deepEqual(a, b);
  }
});

test("records travel around the ring; padding stays untouched", () => {
  using rec = dtlib.fromLayout([["x", "f8"], ["n", "i4", [3]], ["ok", "?"]]);
  assert.equal(rec.extent, 24);
  const n = 3;
  const out = new ArrayBuffer(rec.extent * n);
  const dv = new DataView(out);
  for (let i = 0; i < n; i++) {
    dv.setFloat64(i * 24, rank + i / 10, true);
    for (let j = 0; j < 3; j++) {
      dv.setInt32(i * 24 + 8 + 4 * j, rank * 100 + j, true);
    }
    dv.setUint8(i * 24 + 20, 1);
  }
  const got = new Uint8Array(rec.extent * n).fill(0xee);
  world.Sendrecv([out, n, rec], next, 3, [got.buffer, n, rec], prev, 3);
  const gv = new DataView(got.buffer);
  for (let i = 0; i < n; i++) {
    assert.equal(gv.getFloat64(i * 24, true), prev + i / 10);
    for (let j = 0; j < 3; j++) {
      assert.equal(gv.getInt32(i * 24 + 8 + 4 * j, true), prev * 100 + j);
    }
    assert.equal(gv.getUint8(i * 24 + 20), 1);
    for (let k = 21; k < 24; k++) assert.equal(got[i * 24 + k], 0xee);
  }
});

test("fromTypedArray gives the element type", () => {
  assert.equal(dtlib.fromTypedArray(Float64Array), mpi.DOUBLE);
  assert.equal(dtlib.fromTypedArray(Float32Array), mpi.FLOAT);
  assert.equal(dtlib.fromTypedArray(Int32Array), mpi.INT32_T);
  assert.equal(dtlib.fromTypedArray(Uint8ClampedArray), mpi.UINT8_T);
  assert.equal(dtlib.fromTypedArray(BigUint64Array), mpi.UINT64_T);
  assertThrowsNaming(
    () => dtlib.fromTypedArray(Array as never),
    TypeError,
    /ctor must be a TypedArray class/,
  );
});

test("bad layouts throw errors naming the field", () => {
  assertThrowsNaming(() => dtlib.fromLayout(">i4"), RangeError, /big-endian/);
  assertThrowsNaming(() => dtlib.fromLayout("x9"), TypeError, /'x9'/);
  assertThrowsNaming(
    () => dtlib.fromLayout([["a", "i4"], ["a", "f8"]]),
    RangeError,
    /'a' appears twice/,
  );
  assertThrowsNaming(
    () => dtlib.fromLayout([["a", "i4", [-1]]]),
    RangeError,
    /layout\[0\] 'a'.*shape/,
  );
  assertThrowsNaming(
    () => dtlib.fromLayout([["a", [["b", "q8"]]]]),
    TypeError,
    /layout\[0\] 'a'\[0\] 'b'/,
  );
  assertThrowsNaming(() => dtlib.fromLayout(5 as never), TypeError, /layout/);
  assertThrowsNaming(
    () => dtlib.fromLayout({ names: ["a"], formats: ["i4"], itemsize: 2 }),
    RangeError,
    /itemsize/,
  );
});
