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

type Layout = [
  size: number,
  lb: number,
  extent: number,
  trueLb: number,
  trueExtent: number,
];

function layout(t: mpi.Datatype): Layout {
  assert.equal(t.ub, t.lb + t.extent);
  assert.equal(t.true_ub, t.true_lb + t.true_extent);
  return [t.size, t.lb, t.extent, t.true_lb, t.true_extent];
}

/** A row-major 4×4 matrix whose element (i, j) is `100 × r + 10 × i + j`. */
function matrix(r: number): Float64Array {
  return Float64Array.from(
    { length: 16 },
    (_, k) => 100 * r + k + 6 * (k >> 2),
  );
}

const ELEMENT = (r: number, i: number, j: number) => 100 * r + 10 * i + j;

/** Every constructor once, with its hand-computed layout and decoding. */
function constructed(): [string, mpi.Datatype, Layout, unknown[]][] {
  const d = mpi.DOUBLE, i32 = mpi.INT32_T;
  const part = rank % 4; // the block of the darray this rank describes
  return [
    ["contiguous", d.Create_contiguous(3), [24, 0, 24, 0, 24], [3]],
    ["empty contiguous", i32.Create_contiguous(0), [0, 0, 0, 0, 0], [0]],
    ["vector", d.Create_vector(4, 1, 4), [32, 0, 104, 0, 104], [4, 1, 4]],
    // blocks of 2 at elements 0 and -3: bytes [-12, 8)
    [
      "vector, negative stride",
      i32.Create_vector(2, 2, -3),
      [16, -12, 20, -12, 20],
      [2, 2, -3],
    ],
    ["hvector", i32.Create_hvector(3, 2, 20), [24, 0, 48, 0, 48], [3, 2, 20]],
    // the upper triangle of a row-major 3×3 matrix
    [
      "indexed",
      d.Create_indexed([3, 2, 1], [0, 4, 8]),
      [48, 0, 72, 0, 72],
      [[3, 2, 1], [0, 4, 8]],
    ],
    [
      "indexed with a hole first",
      i32.Create_indexed([1, 1], [2, 5]),
      [8, 8, 16, 8, 16],
      [[1, 1], [2, 5]],
    ],
    [
      "hindexed, negative displacement",
      mpi.INT16_T.Create_hindexed([2, 1], [4, -8]),
      [6, -8, 16, -8, 16],
      [[2, 1], [4, -8]],
    ],
    [
      "indexed_block",
      mpi.FLOAT.Create_indexed_block(2, [1, 5]),
      [16, 4, 24, 4, 24],
      [2, [1, 5]],
    ],
    [
      "hindexed_block",
      d.Create_hindexed_block(1, [0, 16, 40]),
      [24, 0, 48, 0, 48],
      [1, [0, 16, 40]],
    ],
    // the element (1, 1) block of 2×2 in a 4×4 matrix: elements 5, 6, 9, 10
    [
      "subarray C order",
      d.Create_subarray([4, 4], [2, 2], [1, 1]),
      [32, 0, 128, 40, 48],
      [[4, 4], [2, 2], [1, 1], mpi.ORDER_C],
    ],
    // dimension 0 fastest: elements 1 + 4 × 2 = 9 and 10 of 4 × 3
    [
      "subarray Fortran order",
      d.Create_subarray([4, 3], [2, 1], [1, 2], mpi.ORDER_FORTRAN),
      [16, 0, 96, 72, 16],
      [[4, 3], [2, 1], [1, 2], mpi.ORDER_FORTRAN],
    ],
    // rows 2p and 2p + 1 of an 8×8 matrix
    [
      "darray block",
      d.Create_darray(
        4,
        part,
        [8, 8],
        [mpi.DISTRIBUTE_BLOCK, mpi.DISTRIBUTE_NONE],
        [mpi.DISTRIBUTE_DFLT_DARG, mpi.DISTRIBUTE_DFLT_DARG],
        [4, 1],
      ),
      [128, 0, 512, 128 * part, 128],
      [
        4,
        part,
        [8, 8],
        [mpi.DISTRIBUTE_BLOCK, mpi.DISTRIBUTE_NONE],
        [mpi.DISTRIBUTE_DFLT_DARG, mpi.DISTRIBUTE_DFLT_DARG],
        [4, 1],
        mpi.ORDER_C,
      ],
    ],
    // elements p and p + 4 of 8
    [
      "darray cyclic",
      d.Create_darray(4, part, [8], [mpi.DISTRIBUTE_CYCLIC], [1], [4]),
      [16, 0, 64, 8 * part, 40],
      [4, part, [8], [mpi.DISTRIBUTE_CYCLIC], [1], [4], mpi.ORDER_C],
    ],
    ["resized", d.Create_resized(-8, 24), [8, -8, 24, 0, 8], [-8, 24]],
  ];
}

test("constructors: size, bounds and extents as computed by hand", () => {
  for (const [what, t, expected] of constructed()) {
    assert.deepEqual(layout(t), expected, what);
    assert.equal(t.isPredefined, false, what);
    const dup = t.Dup();
    assert.deepEqual(layout(dup), expected, `Dup of ${what}`);
    dup.Free();
    t.Free();
  }
});

test("Create_struct lays out {int32 a; float64 b} and {float64; int32} like C", () => {
  const ab = mpi.Datatype.Create_struct([1, 1], [0, 8], [
    mpi.INT32_T,
    mpi.DOUBLE,
  ]);
  assert.deepEqual(layout(ab), [12, 0, 16, 0, 16]);
  const ba = mpi.Datatype.Create_struct([1, 1], [0, 8], [
    mpi.DOUBLE,
    mpi.INT32_T,
  ]);
  assert.deepEqual(layout(ba), [12, 0, 16, 0, 12], "padded to 8 like C");
  ab.Free();
  ba.Free();
});

test("Create_vector sends a column of a row-major 4×4 matrix around the ring", () => {
  const column = mpi.DOUBLE.Create_vector(4, 1, 4).Commit();
  const col = rank % 4, got = new Float64Array(4);
  // The column starts at element `col`: offset the buffer by a view.
  const m = matrix(rank);
  world.Sendrecv(
    [m.subarray(col), 1, column],
    next,
    1,
    got,
    prev,
    1,
  );
  assert.deepEqual(
    [...got],
    [0, 1, 2, 3].map((i) => ELEMENT(prev, i, prev % 4)),
  );

  // Receive into a column of a zeroed matrix: the other rows stay 0.
  const into = new Float64Array(16);
  world.Sendrecv(got, prev, 2, [into.subarray(col), 1, column], next, 2);
  const back = [0, 1, 2, 3].map((i) => ELEMENT(rank, i, col));
  for (let k = 0; k < 16; k++) {
    assert.equal(into[k], k % 4 === col ? back[k >> 2] : 0, `element ${k}`);
  }
  column.Free();
});

test("Create_resized column used with count 4 transposes a matrix", () => {
  const column = mpi.DOUBLE.Create_vector(4, 1, 4);
  const stepped = column.Create_resized(0, 8).Commit();
  assert.deepEqual(layout(stepped), [32, 0, 8, 0, 104]);
  const transposed = new Float64Array(16);
  world.Sendrecv([matrix(rank), 4, stepped], next, 3, transposed, prev, 3);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      assert.equal(transposed[4 * j + i], ELEMENT(prev, i, j), `(${i}, ${j})`);
    }
  }
  // A displacement counts in extents: column 2 is displacement 2.
  const got = new Float64Array(4);
  world.Sendrecv([matrix(rank), [1, 2], stepped], next, 4, got, prev, 4);
  assert.deepEqual([...got], [0, 1, 2, 3].map((i) => ELEMENT(prev, i, 2)));
  // With no count, as many as fit: 4 columns, not 16 extents.
  const again = new Float64Array(16);
  world.Sendrecv([matrix(rank), stepped], next, 5, again, prev, 5);
  assert.deepEqual(again, transposed);
  stepped.Free();
  column.Free();

  const spaced = mpi.DOUBLE.Create_resized(0, 16).Commit();
  const evens = new Float64Array(4);
  const data = Float64Array.from({ length: 8 }, (_, k) => rank * 10 + k);
  world.Sendrecv([data, spaced], next, 6, evens, prev, 6);
  assert.deepEqual([...evens], [0, 2, 4, 6].map((k) => prev * 10 + k));
  spaced.Free();
});

test("Create_struct round-trips an array of {int32 a; float64 b} records in a DataView", () => {
  const record = mpi.Datatype.Create_struct([1, 1], [0, 8], [
    mpi.INT32_T,
    mpi.DOUBLE,
  ]).Commit();
  const n = 3;
  const out = new DataView(new ArrayBuffer(16 * n));
  for (let i = 0; i < n; i++) {
    out.setInt32(16 * i, rank * 10 + i, true);
    out.setUint32(16 * i + 4, 0xeeeeeeee); // padding, not part of the type
    out.setFloat64(16 * i + 8, rank + i / 4, true);
  }
  const bytes = new Uint8Array(16 * n).fill(0x77);
  const got = new DataView(bytes.buffer);
  const st = new mpi.Status();
  world.Sendrecv([out, n, record], next, 7, [got, n, record], prev, 7, st);
  assert.equal(st.Get_count(record), n);
  for (let i = 0; i < n; i++) {
    assert.equal(got.getInt32(16 * i, true), prev * 10 + i);
    assert.equal(got.getUint32(16 * i + 4), 0x77777777, "padding untouched");
    assert.equal(got.getFloat64(16 * i + 8, true), prev + i / 4);
  }
  // A bare ArrayBuffer holds as many records as fit.
  const again = new DataView(new ArrayBuffer(16 * n));
  world.Sendrecv(
    [out.buffer, record],
    next,
    8,
    [again.buffer, record],
    prev,
    8,
  );
  for (let i = 0; i < n; i++) {
    assert.equal(again.getInt32(16 * i, true), prev * 10 + i);
    assert.equal(again.getUint32(16 * i + 4), 0, "padding untouched");
    assert.equal(again.getFloat64(16 * i + 8, true), prev + i / 4);
  }
  record.Free();
});

test("Create_subarray moves a 2×2 block between different places of 4×4 matrices", () => {
  const from = mpi.DOUBLE.Create_subarray([4, 4], [2, 2], [1, 1]).Commit();
  const to = mpi.DOUBLE.Create_subarray([4, 4], [2, 2], [2, 2]).Commit();
  const into = new Float64Array(16);
  world.Sendrecv([matrix(rank), 1, from], next, 9, [into, 1, to], prev, 9);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const inside = i >= 2 && j >= 2;
      assert.equal(
        into[4 * i + j],
        inside ? ELEMENT(prev, i - 1, j - 1) : 0,
        `(${i}, ${j})`,
      );
    }
  }
  from.Free();
  to.Free();
});

test("indexed types gather a triangle and scattered blocks", () => {
  const upper = mpi.DOUBLE.Create_indexed([3, 2, 1], [0, 4, 8]).Commit();
  const m3 = Float64Array.from({ length: 9 }, (_, k) => rank * 100 + k);
  const tri = new Float64Array(6);
  world.Sendrecv([m3, 1, upper], next, 10, tri, prev, 10);
  assert.deepEqual([...tri], [0, 1, 2, 4, 5, 8].map((k) => prev * 100 + k));
  upper.Free();

  const ints = Int32Array.from({ length: 10 }, (_, k) => rank * 100 + k);
  const picks = [0, 1, 4, 5, 7, 8];
  const kinds = [
    mpi.INT32_T.Create_indexed_block(2, [0, 4, 7]),
    mpi.INT32_T.Create_hindexed_block(2, [0, 16, 28]),
    mpi.INT32_T.Create_hindexed([2, 2, 2], [0, 16, 28]),
    mpi.INT32_T.Create_indexed([1, 1, 1, 1, 1, 1], picks),
  ];
  for (const t of kinds) {
    t.Commit();
    const got = new Int32Array(6);
    world.Sendrecv([ints, 1, t], next, 11, got, prev, 11);
    assert.deepEqual([...got], picks.map((k) => prev * 100 + k));
    // And back: the received values land in the same slots.
    const spread = new Int32Array(10).fill(-1);
    world.Sendrecv(got, prev, 12, [spread, 1, t], next, 12);
    for (let k = 0; k < 10; k++) {
      assert.equal(spread[k], picks.includes(k) ? rank * 100 + k : -1);
    }
    t.Free();
  }
});

/** Calls the constructor a decoding names, with its arguments. */
function rebuild(d: mpi.Decoded): mpi.Datatype {
  if (d.combiner === "STRUCT") return mpi.Datatype.Create_struct(...d.args);
  assert.ok(d.oldtype !== null && d.method !== null, d.combiner);
  const make = d.oldtype[d.method] as (...args: unknown[]) => mpi.Datatype;
  return make.apply(d.oldtype, d.args);
}

test("Get_envelope, Get_contents and decode give back every constructor call", () => {
  const named = mpi.DOUBLE.Get_envelope();
  assert.deepEqual(named, {
    integers: 0,
    addresses: 0,
    datatypes: 0,
    combiner: mpi.COMBINER_NAMED,
  });
  assert.deepEqual(mpi.DOUBLE.Get_contents().integers, []);
  assert.deepEqual(mpi.INT.decode(), {
    combiner: "NAMED",
    method: null,
    oldtype: null,
    args: [],
  });

  const struct = mpi.Datatype.Create_struct([1, 2], [0, 8], [
    mpi.INT32_T,
    mpi.DOUBLE,
  ]);
  const column = mpi.DOUBLE.Create_vector(4, 1, 4);
  const cases: [string, mpi.Datatype, unknown[]][] = [
    ...constructed().map(([w, t, , args]) =>
      [w, t, args] as [string, mpi.Datatype, unknown[]]
    ),
    ["struct", struct, [[1, 2], [0, 8], [mpi.INT32_T, mpi.DOUBLE]]],
    ["dup", mpi.FLOAT.Dup(), []],
    ["resized of a derived type", column.Create_resized(0, 8), [0, 8]],
  ];
  for (const [what, t, args] of cases) {
    const env = t.Get_envelope();
    const contents = t.Get_contents();
    assert.equal(contents.combiner, env.combiner, what);
    assert.equal(contents.integers.length, env.integers, what);
    assert.equal(contents.addresses.length, env.addresses, what);
    assert.equal(contents.datatypes.length, env.datatypes, what);
    const d = t.decode();
    assert.equal(mpi[`COMBINER_${d.combiner}`], env.combiner, what);
    assert.deepEqual(d.args, args, what);
    const copy = rebuild(d);
    assert.deepEqual(layout(copy), layout(t), `rebuilt ${what}`);
    const again = copy.decode();
    assert.deepEqual(again.args, args, `rebuilt ${what}`);
    for (const x of [...contents.datatypes, d.oldtype, again.oldtype]) {
      if (x && !x.isPredefined) x.Free();
    }
    copy.Free();
    t.Free();
  }

  // A predefined base comes back as the module's constant; a derived one
  // as a new type the caller owns, equal in layout.
  const pair = mpi.DOUBLE.Create_vector(2, 1, 2);
  assert.equal(pair.decode().oldtype, mpi.DOUBLE);
  pair.Free();
  const resized = column.Create_resized(0, 8);
  const base = resized.decode().oldtype!;
  assert.equal(base.isPredefined, false);
  assert.notEqual(base, column);
  assert.deepEqual(layout(base), layout(column));
  assert.equal(base.decode().combiner, "VECTOR");
  base.Free();
  resized.Free();
  column.Free();
});

test("Pack and Unpack two arrays through one PACKED message", () => {
  const ints = new Int32Array([rank, -1, 7]);
  const doubles = new Float64Array([rank + 0.5, -2.25]);
  for (const n of [0, 1, 5]) {
    assert.equal(
      mpi.INT32_T.Pack_size(n, world) - mpi.INT32_T.Pack_size(0, world),
      4 * n,
    );
  }
  const packed = new Uint8Array(
    mpi.INT32_T.Pack_size(3, world) + mpi.DOUBLE.Pack_size(2, world),
  );
  let pos = mpi.INT32_T.Pack(ints, packed, 0, world);
  assert.equal(pos, 12);
  pos = mpi.DOUBLE.Pack(doubles, packed, pos, world);
  assert.equal(pos, 28);
  assert.equal(mpi.DOUBLE.Pack([doubles, 0], packed, pos, world), pos);

  const got = new Uint8Array(packed.length);
  world.Sendrecv([packed, pos, mpi.PACKED], next, 13, got, prev, 13);
  const gotInts = new Int32Array(3), gotDoubles = new Float64Array(2);
  let at = mpi.INT32_T.Unpack(got, 0, gotInts, world);
  at = mpi.DOUBLE.Unpack(got, at, gotDoubles, world);
  assert.equal(at, 28);
  assert.deepEqual([...gotInts], [prev, -1, 7]);
  assert.deepEqual([...gotDoubles], [prev + 0.5, -2.25]);

  // A derived type packs its elements contiguously, and unpacks into place.
  const column = mpi.DOUBLE.Create_vector(4, 1, 4).Commit();
  const col = new Uint8Array(column.Pack_size(1, world));
  assert.equal(column.Pack([matrix(rank).subarray(1), 1], col, 0, world), 32);
  assert.deepEqual(
    [...new Float64Array(col.buffer)],
    [0, 1, 2, 3].map((i) => ELEMENT(rank, i, 1)),
  );
  const into = new Float64Array(16);
  assert.equal(column.Unpack(col, 0, [into.subarray(2), 1], world), 32);
  assert.deepEqual(
    [...into].filter((_, k) => k % 4 === 2),
    [0, 1, 2, 3].map((i) => ELEMENT(rank, i, 1)),
  );
  assert.equal(into.filter((x) => x !== 0).length, 4, "nothing else written");
  column.Free();
});

test("Pack_external and Unpack_external use big-endian external32", () => {
  const e32 = "external32";
  assert.equal(mpi.INT32_T.Pack_external_size(e32, 3), 12);
  const out = new Uint8Array(4 + 8 + 8 + 2);
  let pos = mpi.INT32_T.Pack_external(e32, new Int32Array([-2]), out, 0);
  pos = mpi.DOUBLE.Pack_external(e32, new Float64Array([1, -0.5]), out, pos);
  pos = mpi.INT16_T.Pack_external(e32, new Int16Array([0x0102]), out, pos);
  assert.equal(pos, out.length);
  assert.deepEqual([...out], [
    ...[0xff, 0xff, 0xff, 0xfe],
    ...[0x3f, 0xf0, 0, 0, 0, 0, 0, 0],
    ...[0xbf, 0xe0, 0, 0, 0, 0, 0, 0],
    ...[0x01, 0x02],
  ]);
  const i = new Int32Array(1), d = new Float64Array(2), s = new Int16Array(1);
  let at = mpi.INT32_T.Unpack_external(e32, out, 0, i);
  at = mpi.DOUBLE.Unpack_external(e32, out, at, d);
  at = mpi.INT16_T.Unpack_external(e32, out, at, s);
  assert.equal(at, out.length);
  assert.deepEqual([i[0], ...d, s[0]], [-2, 1, -0.5, 0x0102]);

  // Packing from a position inside a larger buffer, via an ArrayBuffer.
  const big = new ArrayBuffer(16);
  const value = new Uint32Array([rank + 1]);
  assert.equal(mpi.UINT32_T.Pack_external(e32, value, big, 6), 10);
  assert.equal(new DataView(big).getUint32(6), rank + 1, "big-endian");
});

test("bad constructor arguments throw naming the argument", () => {
  const d = mpi.DOUBLE;
  const bad = (fn: () => unknown, ctor: typeof TypeError, re: RegExp) =>
    assertThrowsNaming(fn, ctor, re);
  bad(() => d.Create_vector(-1, 1, 1), RangeError, /count/);
  bad(() => d.Create_vector(1.5, 1, 1), RangeError, /count/);
  bad(
    () => d.Create_vector("2" as unknown as number, 1, 1),
    TypeError,
    /count/,
  );
  bad(() => d.Create_vector(2, -1, 1), RangeError, /blocklength/);
  bad(() => d.Create_hvector(2, 1, 0.5), RangeError, /byteStride/);
  bad(() => d.Create_contiguous(-3), RangeError, /count/);
  bad(() => d.Create_indexed([1, 2], [0]), RangeError, /displs.*blocklengths/);
  bad(() => d.Create_indexed([1, -2], [0, 3]), RangeError, /blocklengths\[1\]/);
  bad(
    () => d.Create_indexed("ab" as unknown as number[], [0]),
    TypeError,
    /blocklengths/,
  );
  bad(() => d.Create_indexed([1, 1], [0, NaN]), RangeError, /displs\[1\]/);
  bad(() => d.Create_hindexed([1], [0.5]), RangeError, /byteDispls\[0\]/);
  bad(() => d.Create_indexed_block(-1, [0]), RangeError, /blocklength/);
  bad(() => d.Create_hindexed_block(1, [2 ** 60]), RangeError, /byteDispls/);
  bad(
    () =>
      mpi.Datatype.Create_struct([1, 1], [0, 8], [
        mpi.INT,
        "double" as unknown as mpi.Datatype,
      ]),
    TypeError,
    /types\[1\]/,
  );
  bad(
    () => mpi.Datatype.Create_struct([1], [0, 8], [mpi.INT]),
    RangeError,
    /byteDispls/,
  );
  bad(
    () => mpi.Datatype.Create_struct([1, 1], [0, 8], [mpi.INT]),
    RangeError,
    /types/,
  );
  bad(
    () => d.Create_subarray([4, 4], [2, 2], [3, 0]),
    RangeError,
    /starts\[0\]/,
  );
  bad(
    () => d.Create_subarray([4, 0], [2, 0], [0, 0]),
    RangeError,
    /sizes\[1\]/,
  );
  bad(() => d.Create_subarray([4], [2], [0], 12345), RangeError, /order/);
  bad(() => d.Create_subarray([4], [2, 2], [0]), RangeError, /subsizes/);
  const dflt = [mpi.DISTRIBUTE_DFLT_DARG];
  bad(
    () => d.Create_darray(4, 4, [8], [mpi.DISTRIBUTE_BLOCK], dflt, [4]),
    RangeError,
    /rank/,
  );
  bad(
    () => d.Create_darray(0, 0, [8], [mpi.DISTRIBUTE_BLOCK], dflt, [4]),
    RangeError,
    /size/,
  );
  bad(
    () => d.Create_darray(4, 0, [8], [12345], dflt, [4]),
    RangeError,
    /distribs\[0\]/,
  );
  bad(
    () => d.Create_darray(4, 0, [8], [mpi.DISTRIBUTE_BLOCK], dflt, [4, 1]),
    RangeError,
    /psizes/,
  );
  bad(() => d.Create_resized(0, 2 ** 60), RangeError, /extent/);
  bad(() => d.Create_resized(null as unknown as number, 8), TypeError, /lb/);
});

test("derived types are bounds checked in buffer calls", () => {
  const column = mpi.DOUBLE.Create_vector(4, 1, 4).Commit(); // 104 bytes
  const ok = new Float64Array(13), short = new Float64Array(12);
  world.Sendrecv([ok, 1, column], rank, 20, new Float64Array(4), rank, 20);
  assertThrowsNaming(
    () => world.Send([short, 1, column], rank, 20),
    RangeError,
    /buf.*overruns/,
  );
  assertThrowsNaming(
    () => world.Recv([short, 1, column], rank, 20),
    RangeError,
    /buf.*overruns/,
  );
  assertThrowsNaming(
    () => world.Send([new Float64Array(16), [1, 1], column], rank, 20),
    RangeError,
    /overruns/,
  );
  column.Free();

  // Data before the element start: negative true lower bound.
  const before = mpi.DOUBLE.Create_hindexed([1], [-8]).Commit();
  assertThrowsNaming(
    () => world.Send([new Float64Array(4), 1, before], rank, 21),
    RangeError,
    /overruns/,
  );
  const got = new Float64Array(1);
  world.Sendrecv(
    [new Float64Array([rank, 9]), [1, 1], before],
    rank,
    21,
    got,
    rank,
    21,
  );
  assert.equal(got[0], rank, "displacement 1 element reaches back to 0");
  before.Free();

  // Negative extent: element 1 lies before element 0.
  const backwards = mpi.DOUBLE.Create_resized(0, -8).Commit();
  assertThrowsNaming(
    () => world.Send([new Float64Array(3), 3, backwards], rank, 22),
    RangeError,
    /overruns/,
  );
  backwards.Free();

  // Negative extent from a positive true lower bound: 3 elements cover
  // bytes [0, 24) in reverse order, so 24 bytes fit and 16 do not.
  const at16 = mpi.DOUBLE.Create_hindexed([1], [16]);
  const reversed = at16.Create_resized(0, -8).Commit();
  at16.Free();
  const reversedGot = new Float64Array(3);
  world.Sendrecv(
    [new Float64Array([rank, 1, 2]), 3, reversed],
    rank,
    23,
    reversedGot,
    rank,
    23,
  );
  assert.deepEqual([...reversedGot], [2, 1, rank]);
  assertThrowsNaming(
    () => world.Send([new Float64Array(2), 3, reversed], rank, 23),
    RangeError,
    /overruns/,
  );
  reversed.Free();

  // With no count, a type reaching before the buffer fits 0 times.
  const early = mpi.DOUBLE.Create_hindexed([1], [-8]).Commit();
  const st = new mpi.Status();
  world.Sendrecv(
    [new Float64Array(4), early],
    rank,
    24,
    new Float64Array(1),
    rank,
    24,
    st,
  );
  assert.equal(st.count, 0);
  early.Free();

  // Vector collectives check derived types the same way.
  const pair = mpi.DOUBLE.Create_resized(0, 4).Commit(); // 8 data bytes, extent 4
  assertThrowsNaming(
    () =>
      world.Allgatherv(
        [new Float64Array(1), 1, mpi.DOUBLE],
        [
          new Uint8Array(4 * size + 3),
          [new Array(size).fill(1), [...Array(size).keys()]],
          pair,
        ],
      ),
    RangeError,
    /recvbuf/,
  );
  pair.Free();
});

test("bad pack arguments throw before MPI runs", () => {
  const data = new Float64Array([1, 2, 3]);
  const small = new Uint8Array(20);
  assertThrowsNaming(
    () => mpi.DOUBLE.Pack(data, small, 0, world),
    RangeError,
    /outbuf.*24 bytes/,
  );
  assertThrowsNaming(
    () => mpi.DOUBLE.Pack([data, 2], small, 8, world),
    RangeError,
    /outbuf/,
  );
  assertThrowsNaming(
    () => mpi.DOUBLE.Pack(data, new Uint8Array(64), 65, world),
    RangeError,
    /position/,
  );
  assertThrowsNaming(
    () => mpi.DOUBLE.Pack(data, new Uint8Array(64), -1, world),
    RangeError,
    /position/,
  );
  assertThrowsNaming(
    () => mpi.DOUBLE.Pack([data, 1, mpi.INT], new Uint8Array(64), 0, world),
    TypeError,
    /inbuf.*MPI_INT/,
  );
  assertThrowsNaming(
    () => mpi.DOUBLE.Pack(data, new Uint8Array(64), 0, {} as mpi.Comm),
    TypeError,
    /comm/,
  );
  assertThrowsNaming(
    () => mpi.DOUBLE.Unpack(new Uint8Array(16), 0, data, world),
    RangeError,
    /inbuf/,
  );
  assertThrowsNaming(
    () => mpi.DOUBLE.Unpack(new Uint8Array(16), 0, [data, 4], world),
    RangeError,
    /outbuf/,
  );
  assertThrowsNaming(
    () => mpi.DOUBLE.Pack_size(-1, world),
    RangeError,
    /count/,
  );
  assertThrowsNaming(
    () =>
      mpi.DOUBLE.Pack_external(
        32 as unknown as string,
        data,
        new Uint8Array(64),
        0,
      ),
    TypeError,
    /datarep/,
  );
  assertThrowsNaming(
    () => mpi.DOUBLE.Unpack_external("external32", new Uint8Array(8), 0, data),
    RangeError,
    /inbuf/,
  );
  const column = mpi.DOUBLE.Create_vector(2, 1, 2).Commit();
  assertThrowsNaming(
    () => mpi.DOUBLE.Pack(data, [new Float64Array(4), 1, column], 0, world),
    TypeError,
    /outbuf.*plain memory/,
  );
  column.Free();
});

test("freed, null and uncommitted types are MPI errors", () => {
  const t = mpi.DOUBLE.Create_vector(2, 1, 2).Commit();
  assert.equal(t.extent, 24); // cached before Free
  t.Free();
  t.Free(); // a no-op once freed
  assertMPIError(() => t.Commit(), mpi.ERR_TYPE);
  assertMPIError(() => t.Create_contiguous(2), mpi.ERR_TYPE);
  assertMPIError(() => t.Get_envelope(), mpi.ERR_TYPE);
  assertMPIError(
    () => world.Send([new Float64Array(4), 1, t], rank),
    mpi.ERR_TYPE,
  );
  assertMPIError(
    () => mpi.Datatype.Create_struct([1], [0], [t]),
    mpi.ERR_TYPE,
  );
  assertMPIError(() => mpi.DATATYPE_NULL.Create_vector(1, 1, 1), mpi.ERR_TYPE);

  const uncommitted = mpi.INT32_T.Create_contiguous(2);
  assertMPIError(
    () => world.Send([new Int32Array(2), 1, uncommitted], rank, 30),
    mpi.ERR_TYPE,
  );
  uncommitted.Free();
  mpi.DOUBLE.Free(); // predefined: a no-op
  assert.equal(mpi.DOUBLE.size, 8);
});
