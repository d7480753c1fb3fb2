/**
 * Data access through `File`: every access form (explicit offset,
 * individual and shared pointer; blocking, collective, nonblocking and
 * split collective) reads back exactly what was written with the bytes
 * around it untouched; views lay ranks' data out element by element; a
 * 2-D array written in blocks by every rank is read back by fewer ranks;
 * offsets beyond 4 GiB; bad arguments. Scenarios after mpi4py's
 * test_io.py.
 */
import process from "node:process";
import { assert, mpi, rank, size, test, world } from "./_util.ts";
import { removeFile, SCRATCH, tempPath, withFile } from "./_files.ts";

const N = 13;
const SENTINEL = -1;

/** Rank `r`'s block: `r * 100 + i`. */
function block(r: number, n = N): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => r * 100 + i);
}

/** A read buffer with a sentinel on each side of `n` elements. */
function guarded(n = N): Int32Array {
  return new Int32Array(n + 2).fill(SENTINEL);
}

function assertGuarded(buf: Int32Array, expected: Int32Array, what: string) {
  assert.equal(buf[0], SENTINEL, `${what}: sentinel before`);
  assert.equal(buf[buf.length - 1], SENTINEL, `${what}: sentinel after`);
  assert.deepEqual([...buf.subarray(1, -1)], [...expected], what);
}

/** Both sides flushed and every rank past its writes. */
function settle(fh: mpi.File, comm: mpi.Intracomm): void {
  fh.Sync();
  comm.Barrier();
  fh.Sync();
}

type Io = (fh: mpi.File, offset: number, buf: mpi.BufSpec) => unknown;

/** Explicit-offset forms: [label, write, read]. */
const EXPLICIT: [string, Io, Io][] = [
  [
    "Write_at/Read_at",
    (f, o, b) => f.Write_at(o, b),
    (f, o, b) => f.Read_at(o, b),
  ],
  [
    "Write_at_all/Read_at_all",
    (f, o, b) => f.Write_at_all(o, b),
    (f, o, b) => f.Read_at_all(o, b),
  ],
  [
    "Iwrite_at/Iread_at + Wait",
    (f, o, b) => f.Iwrite_at(o, b).Wait(),
    (f, o, b) => f.Iread_at(o, b).Wait(),
  ],
  [
    "Iwrite_at_all/Iread_at_all + Wait",
    (f, o, b) => f.Iwrite_at_all(o, b).Wait(),
    (f, o, b) => f.Iread_at_all(o, b).Wait(),
  ],
  [
    "Iwrite_at/Iread_at + waitAsync",
    (f, o, b) => f.Iwrite_at(o, b).waitAsync(),
    (f, o, b) => f.Iread_at(o, b).waitAsync(),
  ],
  [
    "Write_at_all_begin/end, Read_at_all_begin/end",
    (f, o, b) => {
      f.Write_at_all_begin(o, b);
      f.Write_at_all_end(b);
    },
    (f, o, b) => {
      f.Read_at_all_begin(o, b);
      f.Read_at_all_end(b);
    },
  ],
];

/** Individual-pointer forms: the offset is a Seek before the access. */
const INDIVIDUAL: [string, Io, Io][] = (
  [
    ["Write/Read", (f, b) => f.Write(b), (f, b) => f.Read(b)],
    ["Write_all/Read_all", (f, b) => f.Write_all(b), (f, b) => f.Read_all(b)],
    [
      "Iwrite/Iread + Wait",
      (f, b) => f.Iwrite(b).Wait(),
      (f, b) => f.Iread(b).Wait(),
    ],
    [
      "Iwrite_all/Iread_all + Wait",
      (f, b) => f.Iwrite_all(b).Wait(),
      (f, b) => f.Iread_all(b).Wait(),
    ],
    [
      "Iwrite_all/Iread_all + waitAsync",
      (f, b) => f.Iwrite_all(b).waitAsync(),
      (f, b) => f.Iread_all(b).waitAsync(),
    ],
    [
      "Write_all_begin/end, Read_all_begin/end",
      (f, b) => {
        f.Write_all_begin(b);
        f.Write_all_end(b);
      },
      (f, b) => {
        f.Read_all_begin(b);
        f.Read_all_end(b);
      },
    ],
  ] as [
    string,
    (f: mpi.File, b: mpi.BufSpec) => unknown,
    (
      f: mpi.File,
      b: mpi.BufSpec,
    ) => unknown,
  ][]
).map(([label, w, r]) => [
  label,
  (f, o, b) => {
    f.Seek(o);
    return w(f, b);
  },
  (f, o, b) => {
    f.Seek(o);
    const done = r(f, b);
    return done;
  },
]);

for (const comm of [world, mpi.COMM_SELF]) {
  const where = comm === world ? "COMM_WORLD" : "COMM_SELF";
  for (const [label, write, read] of [...EXPLICIT, ...INDIVIDUAL]) {
    test(`${label} on ${where}: reads back what was written, sentinels untouched`, async () => {
      await withFile(comm, async (fh) => {
        fh.Set_view(0, mpi.INT32_T);
        const me = comm.rank;
        await write(fh, N * me, block(me));
        settle(fh, comm);
        for (let r = 0; r < comm.size; r++) {
          const buf = guarded();
          await read(fh, N * r, [buf, [N, 1]]);
          assertGuarded(buf, block(r), `rank ${r}'s block`);
        }
        assert.equal(fh.Get_size(), comm.size * N * 4);
      });
    });
  }
}

test("individual pointer: advances by what was moved, status counts it", () => {
  return withFile(world, (fh) => {
    fh.Set_view(0, mpi.INT32_T);
    fh.Seek(N * rank);
    const st = new mpi.Status();
    fh.Write(block(rank), st);
    assert.equal(st.Get_count(mpi.INT32_T), N);
    assert.equal(fh.Get_position(), N * rank + N);
    assert.equal(fh.Get_byte_offset(fh.Get_position()), 4 * (N * rank + N));
    settle(fh, world);
    fh.Seek(-N, mpi.SEEK_CUR);
    const buf = guarded();
    fh.Read([buf, [N, 1]], st);
    assertGuarded(buf, block(rank), "read back");
    fh.Seek(0, mpi.SEEK_END);
    assert.equal(fh.Get_position(), size * N);
    // A read at the end of the file reads nothing, as in MPI.
    const tail = new Int32Array(4).fill(SENTINEL);
    fh.Read(tail, st);
    assert.equal(st.Get_count(mpi.INT32_T), 0);
    assert.deepEqual([...tail], [SENTINEL, SENTINEL, SENTINEL, SENTINEL]);
    // Partly past the end: what is there.
    const part = new Int32Array(N + 5).fill(SENTINEL);
    fh.Read_at((size - 1) * N + 3, part, st);
    assert.equal(st.Get_count(mpi.INT32_T), N - 3);
    assert.deepEqual([...part.subarray(0, N - 3)], [
      ...block(size - 1).subarray(3),
    ]);
    assert.equal(part[N - 3], SENTINEL);
  });
});

test("shared pointer: Write_shared/Iwrite_shared blocks all land once, Read_shared shares them out", () => {
  return withFile(world, async (fh) => {
    fh.Set_view(0, mpi.INT32_T);
    fh.Write_shared(block(rank));
    await fh.Iwrite_shared(block(rank + size)).waitAsync();
    settle(fh, world);
    assert.equal(fh.Get_position_shared(), 2 * size * N);
    const all = new Int32Array(2 * size * N);
    fh.Read_at_all(0, all);
    const firsts = [];
    for (let k = 0; k < 2 * size; k++) {
      const got = all.subarray(k * N, (k + 1) * N);
      const owner = got[0] / 100;
      assert.deepEqual([...got], [...block(owner)], `block ${k} is whole`);
      firsts.push(owner);
    }
    assert.deepEqual(firsts.sort((a, b) => a - b), [...Array(2 * size).keys()]);
    world.Barrier();
    fh.Seek_shared(0);
    const mine = guarded();
    fh.Read_shared([mine, [N, 1]]);
    const other = guarded();
    fh.Iread_shared([other, [N, 1]]).Wait();
    const owners =
      (world.allgather([mine[1] / 100, other[1] / 100]) as number[][]).flat();
    assert.deepEqual(owners.sort((a, b) => a - b), [...Array(2 * size).keys()]);
    assertGuarded(mine, block(mine[1] / 100), "Read_shared block");
    assertGuarded(other, block(other[1] / 100), "Iread_shared block");
  });
});

test("ordered: Write_ordered and its split form lay blocks in rank order; Read_ordered reads them so", () => {
  return withFile(world, (fh) => {
    fh.Set_view(0, mpi.INT32_T);
    fh.Write_ordered(block(rank));
    const second = block(rank + size);
    fh.Write_ordered_begin(second);
    fh.Write_ordered_end(second);
    settle(fh, world);
    fh.Seek_shared(0);
    const a = guarded(), b = guarded();
    fh.Read_ordered([a, [N, 1]]);
    fh.Read_ordered_begin([b, [N, 1]]);
    fh.Read_ordered_end([b, [N, 1]]);
    assertGuarded(a, block(rank), "first round");
    assertGuarded(b, block(rank + size), "second round");
  });
});

test("split collectives: an _end without its _begin, or a second _begin, is an MPIError", () => {
  return withFile(world, (fh) => {
    const buf = new Uint8Array(4);
    assert.throws(() => fh.Read_all_end(buf), /no MPI_File_read_all_begin/);
    fh.Write_at_all_begin(rank * 4, buf);
    assert.throws(() => fh.Read_all_begin(buf), mpi.MPIError);
    assert.throws(() => fh.Read_at_all_end(buf), /MPI_File_write_at_all_end/);
    fh.Write_at_all_end(buf);
  });
});

test("a view interleaves ranks element by element", () => {
  return withFile(world, (fh) => {
    const n = 10;
    const ftype = mpi.INT32_T.Create_resized(0, size * 4).Commit();
    fh.Set_view(rank * 4, mpi.INT32_T, ftype);
    const [disp, etype, filetype, rep] = fh.Get_view();
    assert.equal(disp, rank * 4);
    assert.equal(etype, mpi.INT32_T);
    assert.equal(filetype.extent, size * 4);
    assert.equal(rep, "native");
    filetype.Free();
    fh.Write_all(block(rank, n));
    settle(fh, world);
    fh.Set_view(0, mpi.INT32_T);
    const all = new Int32Array(size * n);
    fh.Read_at_all(0, all);
    for (let j = 0; j < all.length; j++) {
      assert.equal(
        all[j],
        (j % size) * 100 + Math.floor(j / size),
        `element ${j}`,
      );
    }
    // Reading back through the view gives each rank its own elements.
    fh.Set_view(rank * 4, mpi.INT32_T, ftype);
    const back = guarded(n);
    fh.Read_at_all(0, [back, [n, 1]]);
    assertGuarded(back, block(rank, n), "own elements");
    ftype.Free();
  });
});

/** Rows × columns of the global array; element (i, j) holds i * COLS + j. */
const ROWS = 12, COLS = 5;

/** The row block of `ranks` processes that `r` owns: [first row, rows]. */
function rowBlock(r: number, ranks: number): [number, number] {
  const base = Math.floor(ROWS / ranks), extra = ROWS % ranks;
  const first = r * base + Math.min(r, extra);
  return [first, base + (r < extra ? 1 : 0)];
}

/** Writes (or reads and checks) this rank's row block with a subarray view. */
function rowBlockIo(fh: mpi.File, comm: mpi.Intracomm, write: boolean) {
  const [first, rows] = rowBlock(comm.rank, comm.size);
  const ftype = mpi.DOUBLE.Create_subarray([ROWS, COLS], [rows, COLS], [
    first,
    0,
  ]).Commit();
  fh.Set_view(0, mpi.DOUBLE, ftype);
  const local = new Float64Array(rows * COLS);
  if (write) {
    local.forEach((_, k) =>
      local[k] = (first + Math.floor(k / COLS)) * COLS + (k % COLS)
    );
    fh.Write_all(local);
  } else {
    fh.Read_all(local);
    local.forEach((v, k) =>
      assert.equal(
        v,
        (first + Math.floor(k / COLS)) * COLS + (k % COLS),
        `(${first}+${Math.floor(k / COLS)}, ${k % COLS})`,
      )
    );
  }
  ftype.Free();
}

test("a 2-D array written in row blocks by every rank is read back by fewer ranks", () => {
  const path = tempPath(world);
  try {
    {
      using fh = mpi.File.Open(world, path, mpi.MODE_WRONLY | mpi.MODE_CREATE);
      rowBlockIo(fh, world, true);
    }
    const readers = Math.max(1, size - 1);
    using sub = world.Split(rank < readers ? 0 : mpi.UNDEFINED);
    if (sub !== mpi.COMM_NULL) {
      using fh = mpi.File.Open(sub as mpi.Intracomm, new URL(`file://${path}`));
      assert.equal(fh.Get_size(), ROWS * COLS * 8);
      rowBlockIo(fh, sub as mpi.Intracomm, false);
    }
    world.Barrier();
  } finally {
    if (rank === 0) removeFile(path);
  }
});

/**
 * mpi4py skips all of its view tests on MPICH 4.0.x (test_io.py:
 * `skipMPI("mpich(>=4.0.0,<4.1.0)")`, no reason given). On MPICH 4.0.2 every
 * one of those scenarios below passes (named, vector, hvector, indexed,
 * hindexed, indexed_block, struct, subarray, darray file types); what 4.0
 * does get wrong is a file type that is an indexed or hindexed type of
 * subarrays: ROMIO flattens it into wrong offsets (pmodels/mpich#7169,
 * fixed in 4.1 by flattening with MPIX_Type_iov). Those two are checked on
 * other libraries only; the same layout built with a struct works on 4.0.
 */
const mpich40 = /MPICH Version:\s+4\.0\./.test(mpi.Get_library_version());

/** mpi4py's strided view scenario: two complementary file types, then a plain read. */
function stridedViews(
  kind: string,
  make: (etype: mpi.Datatype) => [mpi.Datatype, mpi.Datatype],
) {
  return withFile(world, (fh) => {
    const etype = mpi.INT32_T;
    const [ftype1, ftype2] = make(etype);
    fh.Set_view(0, etype, ftype1);
    for (let i = 0; i < 3; i++) {
      const w = 10 * (rank + 1) + i;
      fh.Write_ordered(Int32Array.from([0, 2, 4, 6], (j) => w + j));
    }
    fh.Set_view(0, etype, ftype2);
    for (let i = 0; i < 3; i++) {
      const w = 10 * (rank + 1) + i;
      fh.Write_ordered(Int32Array.from([1, 3, 5], (j) => w + j));
    }
    settle(fh, world);
    fh.Set_view(0, etype, ftype1);
    for (let i = 0; i < 3; i++) {
      const buf = new Int32Array(4);
      fh.Read_ordered(buf);
      assert.deepEqual(
        [...buf],
        [0, 2, 4, 6].map((j) => 10 * (rank + 1) + i + j),
        `${kind} ftype1 round ${i}`,
      );
    }
    fh.Set_view(0, etype, ftype2);
    for (let i = 0; i < 3; i++) {
      const buf = new Int32Array(3);
      fh.Read_ordered(buf);
      assert.deepEqual(
        [...buf],
        [1, 3, 5].map((j) => 10 * (rank + 1) + i + j),
        `${kind} ftype2 round ${i}`,
      );
    }
    ftype1.Free();
    ftype2.Free();
    fh.Set_view(0, etype, etype);
    for (let i = 0; i < 3; i++) {
      for (let r = 0; r < size; r++) {
        const buf = new Int32Array(7);
        fh.Read_all(buf);
        assert.deepEqual(
          [...buf],
          [0, 1, 2, 3, 4, 5, 6].map((j) => 10 * (r + 1) + i + j),
          `${kind} plain read`,
        );
      }
    }
  });
}

/** The second file type: elements 1, 3, 5 resized to the first's extent. */
function complement(base: mpi.Datatype, extent: number): mpi.Datatype {
  const t = base.Create_resized(0, extent).Commit();
  base.Free();
  return t;
}

const STRIDED: [
  string,
  (e: mpi.Datatype) => [mpi.Datatype, mpi.Datatype],
][] = [
  ["vector", (e) => {
    const t1 = e.Create_vector(4, 1, 2).Commit();
    return [t1, complement(e.Create_indexed([1, 1, 1], [1, 3, 5]), t1.extent)];
  }],
  ["hvector", (e) => {
    const t1 = e.Create_hvector(4, 1, 8).Commit();
    return [t1, complement(e.Create_indexed([1, 1, 1], [1, 3, 5]), t1.extent)];
  }],
  ["indexed", (e) => {
    const t1 = e.Create_indexed([1, 1, 1, 1], [0, 2, 4, 6]).Commit();
    return [t1, complement(e.Create_indexed([1, 1, 1], [1, 3, 5]), t1.extent)];
  }],
  ["hindexed", (e) => {
    const t1 = e.Create_hindexed([1, 1, 1, 1], [0, 8, 16, 24]).Commit();
    return [
      t1,
      complement(e.Create_hindexed([1, 1, 1], [4, 12, 20]), t1.extent),
    ];
  }],
  ["indexed_block", (e) => {
    const t1 = e.Create_indexed_block(1, [0, 2, 4, 6]).Commit();
    return [t1, complement(e.Create_indexed_block(1, [1, 3, 5]), t1.extent)];
  }],
  ["struct", (e) => {
    const t1 = mpi.Datatype.Create_struct([1, 1, 1, 1], [0, 8, 16, 24], [
      e,
      e,
      e,
      e,
    ]).Commit();
    return [
      t1,
      complement(
        mpi.Datatype.Create_struct([1, 1, 1], [4, 12, 20], [e, e, e]),
        t1.extent,
      ),
    ];
  }],
];

for (const [kind, make] of STRIDED) {
  test(`${kind} file types: complementary views read back what Write_ordered wrote`, () =>
    stridedViews(kind, make));
}

/**
 * Two variables in one file, each a 2-D array split by rows: each rank's
 * file type joins its row block of both (the layout of pmodels/mpich#7169).
 */
function twoVariables(how: string) {
  return withFile(world, (fh) => {
    const rows = size * 2, cols = 4, bytes = rows * cols * 4;
    const sub = mpi.INT32_T.Create_subarray([rows, cols], [2, cols], [
      rank * 2,
      0,
    ]);
    const ftype = (how === "hindexed"
      ? sub.Create_hindexed([1, 1], [0, bytes])
      : how === "indexed"
      ? sub.Create_indexed([1, 1], [0, bytes / sub.extent])
      : mpi.Datatype.Create_struct([1, 1], [0, bytes], [sub, sub])).Commit();
    sub.Free();
    fh.Set_view(0, mpi.INT32_T, ftype);
    fh.Write_all(Int32Array.from({ length: 16 }, (_, k) =>
      rank * 1000 + k));
    ftype.Free();
    settle(fh, world);
    fh.Set_view(0, mpi.INT32_T);
    const all = new Int32Array(2 * rows * cols);
    fh.Read_at_all(0, all);
    for (let v = 0; v < 2; v++) {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const owner = Math.floor(r / 2), k = v * 8 + (r % 2) * cols + c;
          assert.equal(
            all[(v * rows + r) * cols + c],
            owner * 1000 + k,
            `variable ${v} (${r}, ${c})`,
          );
        }
      }
    }
  });
}

for (const how of ["struct", "indexed", "hindexed"]) {
  const broken = how !== "struct" && mpich40;
  test({
    name:
      `a ${how} of subarrays as file type: two row-split variables in one file${
        broken
          ? " (MPICH 4.0 flattens it wrongly: pmodels/mpich#7169, fixed in 4.1)"
          : ""
      }`,
    ignore: broken && "MPICH 4.0 flattens it wrongly: pmodels/mpich#7169",
    fn: () => twoVariables(how),
  });
}

test("subarray and darray (block, cyclic) views: Write_all then Read_all", async () => {
  const cases: [string, () => mpi.Datatype][] = [
    [
      "subarray",
      () => mpi.INT32_T.Create_subarray([size * 7, 5], [7, 5], [rank * 7, 0]),
    ],
    [
      "darray block",
      () =>
        mpi.INT32_T.Create_darray(size, rank, [size * 7, 5], [
          mpi.DISTRIBUTE_BLOCK,
          mpi.DISTRIBUTE_NONE,
        ], [
          mpi.DISTRIBUTE_DFLT_DARG,
          mpi.DISTRIBUTE_DFLT_DARG,
        ], [size, 1]),
    ],
    [
      "darray cyclic",
      () =>
        mpi.INT32_T.Create_darray(size, rank, [size * 7, 5], [
          mpi.DISTRIBUTE_CYCLIC,
          mpi.DISTRIBUTE_NONE,
        ], [
          1,
          mpi.DISTRIBUTE_DFLT_DARG,
        ], [size, 1]),
    ],
  ];
  for (const [kind, make] of cases) {
    await withFile(world, (fh) => {
      const ftype = make().Commit();
      fh.Set_view(0, mpi.INT32_T, ftype);
      for (let i = 0; i < 3; i++) {
        fh.Write_all(new Int32Array(35).fill(10 * (rank + 1) + i));
      }
      settle(fh, world);
      fh.Set_view(0, mpi.INT32_T, ftype);
      for (let i = 0; i < 3; i++) {
        const buf = new Int32Array(35);
        fh.Read_all(buf);
        assert.ok(
          buf.every((v) => v === 10 * (rank + 1) + i),
          `${kind} round ${i}`,
        );
      }
      ftype.Free();
      // Rows of 5 in the plain file: whose are they?
      fh.Set_view(0, mpi.INT32_T);
      const all = new Int32Array(3 * size * 35);
      fh.Read_at_all(0, all);
      for (let i = 0; i < 3; i++) {
        for (let row = 0; row < size * 7; row++) {
          const owner = kind === "darray cyclic"
            ? row % size
            : Math.floor(row / 7);
          const at = (i * size * 7 + row) * 5;
          assert.ok(
            all.subarray(at, at + 5).every((v) => v === 10 * (owner + 1) + i),
            `${kind} row ${row}`,
          );
        }
      }
    });
  }
});

test("external32 view: big-endian in the file, native in memory", () => {
  return withFile(world, (fh) => {
    fh.Set_view(0, mpi.INT32_T, mpi.INT32_T, "external32");
    assert.equal(fh.Get_view()[3], "external32");
    fh.Write_at_all(rank, Int32Array.of(0x01020304 + rank));
    settle(fh, world);
    const back = new Int32Array(1);
    fh.Read_at_all(rank, back);
    assert.equal(back[0], 0x01020304 + rank);
    fh.Set_view(0, mpi.BYTE);
    const raw = new Uint8Array(4);
    fh.Read_at_all(4 * rank, raw);
    assert.deepEqual([...raw], [1, 2, 3, 4 + rank]);
  });
});

test("offsets beyond 4 GiB, as numbers and as bigints", () => {
  return withFile(world, (fh) => {
    const far = 5 * 2 ** 30 + 8 * rank;
    fh.Write_at(far, Float64Array.of(rank + 0.5));
    fh.Write_at(BigInt(far) + BigInt(8 * size), Float64Array.of(-rank));
    settle(fh, world);
    assert.equal(fh.Get_size(), 5 * 2 ** 30 + 16 * size);
    const back = new Float64Array(2);
    fh.Read_at(BigInt(far), [back, 1]);
    fh.Read_at(far + 8 * size, [back, [1, 1]]);
    assert.deepEqual([...back], [rank + 0.5, -rank]);
    fh.Seek(BigInt(far));
    assert.equal(fh.Get_position(), far);
  });
});

test("bad arguments are errors naming them, before MPI sees them", () => {
  return withFile(world, (fh) => {
    const small = new Int32Array(4);
    assert.throws(
      () => fh.Write_at(0, [small, 5]),
      (e: unknown) =>
        e instanceof RangeError && /buf/.test((e as Error).message),
    );
    assert.throws(() => fh.Read([small, [2, 3]]), RangeError);
    assert.throws(() => fh.Iread_at(0, [small, 5]), RangeError);
    assert.throws(() => fh.Read_at(-1, small), /offset must not be negative/);
    assert.throws(() => fh.Read_at(1.5, small), /offset must be an integer/);
    assert.throws(() => fh.Read_at(2n ** 63n, small), RangeError);
    assert.throws(() => fh.Read_at("0" as unknown as number, small), TypeError);
    assert.throws(
      () => fh.Write_at(0, "text" as unknown as mpi.BufSpec),
      TypeError,
    );
    assert.throws(() => fh.Seek(0, 12345), /whence/);
    assert.throws(
      () => fh.Set_view(0, "int" as unknown as mpi.Datatype),
      /etype must be a Datatype/,
    );
    assert.equal(fh.Get_size(), 0, "nothing was written");
    world.Barrier();
  });
});

test({
  name:
    "counts over 2^31 − 1 elements (opt-in: MPI4TS_BIG_TESTS=1, needs ~5 GB of memory and /dev/shm)",
  ignore: process.env.MPI4TS_BIG_TESTS !== "1" &&
    "opt-in (about 5 GB of memory): set MPI4TS_BIG_TESTS=1",
  fn: () =>
    withFile(
      world,
      (fh) => {
        const n = 2 ** 31 + 4099;
        const big = new Uint8Array(n);
        for (let k = 0; k < n; k += 4096) big[k] = (k / 4096 + rank) & 0xff;
        big[n - 1] = 0xee;
        const st = new mpi.Status();
        fh.Write_at_all(BigInt(n) * BigInt(rank), big, st);
        assert.equal(st.Get_elements(mpi.BYTE), n);
        settle(fh, world);
        big.fill(0);
        fh.Read_at_all(n * rank, big, st);
        assert.equal(st.Get_elements(mpi.BYTE), n);
        for (let k = 0; k < n; k += 4096) {
          assert.equal(big[k], (k / 4096 + rank) & 0xff);
        }
        assert.equal(big[n - 1], 0xee);
      },
      undefined,
      SCRATCH,
    ),
});

// The last thing this program does: leave a file open. Exit closes it
// before MPI_Finalize (MODE_DELETE_ON_CLOSE then removes it); a hang or a
// crash there fails the run.
test("a file left open at exit (closed by the exit hook)", () => {
  const fh = mpi.File.Open(
    world,
    tempPath(world),
    mpi.MODE_RDWR | mpi.MODE_CREATE | mpi.MODE_DELETE_ON_CLOSE,
  );
  fh.Write_at(rank, new Uint8Array([rank]));
  assert.ok(fh.isLive);
});
