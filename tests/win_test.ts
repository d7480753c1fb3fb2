// Windows: creation of every flavor, memory views, attributes, the window
// object's state, and what a freed window does.
import {
  assert,
  assertMPIError,
  assertThrowsNaming,
  mpi,
  rank,
  size,
  test,
  world,
} from "./_util.ts";
import { userMemoryUnsupported } from "./_rma.ts";

const { Win } = mpi;

const noCreateOnOne = mpi.Get_library_version().startsWith("Open MPI");
// Open MPI 4.1 cannot make windows over user memory on one process.
const createIgnored = userMemoryUnsupported;

/** A test that is ignored (reported, not run) when `ignore` holds. */
function testIf(name: string, ignore: boolean, fn: () => void): void {
  test({
    name,
    ignore: ignore &&
      "Open MPI 4.1 cannot make windows over user memory on one process (ERR_WIN)",
    fn,
  });
}

testIf(
  "Win.Create over each kind of memory; attrs, flavor, model, group",
  createIgnored,
  () => {
    const kinds: [string, mpi.Buffer][] = [
      ["Float64Array", new Float64Array(5)],
      ["Uint8Array with offset", new Uint8Array(new ArrayBuffer(64), 16, 40)],
      ["DataView", new DataView(new ArrayBuffer(40))],
      ["ArrayBuffer", new ArrayBuffer(40)],
      ["SharedArrayBuffer", new SharedArrayBuffer(40)],
    ];
    for (const [name, memory] of kinds) {
      using win = Win.Create(memory, 8, mpi.INFO_NULL, world);
      assert.equal(win.flavor, mpi.WIN_FLAVOR_CREATE, name);
      const { base, size: bytes, dispUnit } = win.attrs;
      assert.equal(bytes, 40, name);
      assert.equal(dispUnit, 8, name);
      assert.equal(base, mpi.Get_address(memory), name);
      assert.ok(
        [mpi.WIN_SEPARATE, mpi.WIN_UNIFIED].includes(win.model),
        name,
      );
      assert.equal(win.group_size, size);
      assert.equal(win.group_rank, rank);
      using g = win.Get_group();
      assert.equal(g.size, size);
      assert.equal(g.rank, rank);
      // tomemory() is the user's own memory.
      const bytesView = win.tomemory();
      assert.equal(bytesView.byteLength, 40);
      bytesView[3] = 77;
      assert.equal(
        new Uint8Array(ArrayBuffer.isView(memory) ? memory.buffer : memory)[
          (ArrayBuffer.isView(memory) ? memory.byteOffset : 0) + 3
        ],
        77,
        name,
      );
    }
  },
);

testIf(
  "Win.Create over memory MPI would misplace is a RangeError naming memory, or exact",
  createIgnored,
  () => {
    const ab = new ArrayBuffer(64);
    const memory = new Uint8Array(ab, 8, 40);
    let win: mpi.Win;
    try {
      win = Win.Create(memory, 1, mpi.INFO_NULL, world);
    } catch (e) {
      assert.ok(e instanceof RangeError);
      assert.match(e.message, /^memory: /);
      return;
    }
    assert.equal(win.attrs.base, mpi.Get_address(memory));
    win.Fence();
    win.Put(new Uint8Array([9]), rank, 0);
    win.Fence();
    assert.equal(new Uint8Array(ab).indexOf(9), 8);
    win.Free();
  },
);

testIf("Win.Create defaults: dispUnit 1, COMM_SELF", noCreateOnOne, () => {
  using win = Win.Create(new Int32Array(4));
  assert.equal(win.group_size, 1);
  assert.equal(win.attrs.dispUnit, 1);
});

test("Win.Allocate defaults: dispUnit 1, COMM_SELF", () => {
  using win = Win.Allocate(16);
  assert.equal(win.group_size, 1);
  assert.equal(win.attrs.dispUnit, 1);
});

testIf("Win.Create over null or BOTTOM exposes nothing", createIgnored, () => {
  for (const none of [null, mpi.BOTTOM]) {
    using w = Win.Create(none, 1, mpi.INFO_NULL, world);
    assert.equal(w.attrs.size, 0);
    assert.equal(w.tomemory().byteLength, 0);
  }
});

test("Win.Allocate: MPI memory behind tomemory(), plain reads and writes", () => {
  using win = Win.Allocate(8 * 16, 8, mpi.INFO_NULL, world);
  assert.equal(win.flavor, mpi.WIN_FLAVOR_ALLOCATE);
  assert.equal(win.attrs.size, 128);
  const mem = new Float64Array(win.tomemory().buffer);
  assert.equal(mem.length, 16);
  mem.fill(rank + 0.5);
  win.Fence();
  const got = new Float64Array(16);
  win.Get(got, (rank + 1) % size);
  win.Fence();
  assert.deepEqual([...got], Array(16).fill((rank + 1) % size + 0.5));
  assert.equal(win.Get_attr(mpi.WIN_BASE), win.attrs.base);
  assert.equal(win.Get_attr(mpi.WIN_SIZE), 128);
  assert.equal(win.Get_attr(mpi.WIN_DISP_UNIT), 8);
  assert.equal(win.Get_attr(mpi.WIN_CREATE_FLAVOR), mpi.WIN_FLAVOR_ALLOCATE);
  assert.equal(win.Get_attr(mpi.WIN_MODEL), win.model);
});

test("Win.Allocate_shared: every segment visible through Shared_query", () => {
  const n = 4 + rank;
  using win = Win.Allocate_shared(8 * n, 8, mpi.INFO_NULL, world);
  assert.equal(win.flavor, mpi.WIN_FLAVOR_SHARED);
  const mine = new Float64Array(win.tomemory().buffer);
  assert.equal(mine.length, n);
  win.Lock_all();
  mine.fill(rank * 10);
  win.Sync();
  world.Barrier();
  win.Sync();
  for (let r = 0; r < size; r++) {
    const [bytes, unit] = win.Shared_query(r);
    assert.equal(unit, 8);
    assert.equal(bytes.byteLength, 8 * (4 + r));
    assert.deepEqual(
      [...new Float64Array(bytes.buffer, bytes.byteOffset, 4 + r)],
      Array(4 + r).fill(r * 10),
    );
  }
  // PROC_NULL: the first non-empty segment (rank 0's).
  const [first] = win.Shared_query(mpi.PROC_NULL);
  assert.equal(first.byteLength, 32);
  world.Barrier();
  // A write through a peer's view lands in the peer's memory.
  const peer = (rank + 1) % size;
  new Float64Array(win.Shared_query(peer)[0].buffer)[0] = 100 + rank;
  win.Sync();
  world.Barrier();
  win.Sync();
  assert.equal(mine[0], 100 + (rank + size - 1) % size);
  win.Unlock_all();
  world.Barrier();
});

test("Free detaches every view of MPI memory; a freed window is an MPIError", () => {
  for (const shared of [false, true]) {
    const win = shared
      ? Win.Allocate_shared(1024, 8, mpi.INFO_NULL, world)
      : Win.Allocate(1024, 8, mpi.INFO_NULL, world);
    const mem = new Float64Array(win.tomemory().buffer);
    const peer = shared ? new Float64Array(win.Shared_query(0)[0].buffer) : mem;
    mem[0] = 1;
    win.Free();
    assert.equal(mem.length, 0);
    assert.equal(mem.byteLength, 0);
    assert.equal(mem[0], undefined); // no read of freed memory
    assert.equal(peer.length, 0);
    mem[5] = 3; // no write either: ignored on a detached view
    assertMPIError(() => win.Fence(), mpi.ERR_WIN);
    assertMPIError(() => win.Put(new Float64Array(1), 0), mpi.ERR_WIN);
    assertMPIError(() => win.tomemory(), mpi.ERR_WIN);
    assertMPIError(() => win.Shared_query(0), mpi.ERR_WIN);
    assertMPIError(() => win.attrs, mpi.ERR_WIN);
    assertMPIError(() => win.flavor, mpi.ERR_WIN);
    assertThrowsNaming(() => win.Lock(0), mpi.MPIError, /freed/);
    win.Free(); // a second Free does nothing
  }
});

testIf("Free leaves Win.Create's user memory usable", createIgnored, () => {
  const own = new Float64Array(4);
  Win.Create(own, 8, mpi.INFO_NULL, world).Free();
  own[0] = 2;
  assert.equal(own[0], 2);
});

test("using frees the window at the end of the scope", () => {
  let view: Uint8Array;
  {
    using win = Win.Allocate(64, 1, mpi.INFO_NULL, world);
    view = win.tomemory();
    assert.equal(view.byteLength, 64);
  }
  assert.equal(view.byteLength, 0);
});

test("WIN_NULL refuses use with ERR_WIN; Free on it is a no-op", () => {
  assert.ok(mpi.WIN_NULL.isPredefined);
  assertMPIError(() => mpi.WIN_NULL.Fence(), mpi.ERR_WIN);
  assertMPIError(() => mpi.WIN_NULL.group_size, mpi.ERR_WIN);
  mpi.WIN_NULL.Free();
});

testIf(
  "Create_dynamic with Attach and Detach; Put at the peer's address",
  createIgnored,
  () => {
    using win = Win.Create_dynamic(mpi.INFO_NULL, world);
    assert.equal(win.flavor, mpi.WIN_FLAVOR_DYNAMIC);
    const mem = new Int32Array([-1, -1, -1, -1]);
    win.Attach(mem);
    const addrs = world.allgather(mpi.Get_address(mem)) as bigint[];
    const peer = (rank + 1) % size;
    win.Fence();
    win.Put(new Int32Array([rank, rank * 2]), peer, addrs[peer] + 4n);
    win.Fence();
    const from = (rank + size - 1) % size;
    assert.deepEqual([...mem], [-1, from, from * 2, -1]);
    win.Detach(mem);
    world.Barrier();
  },
);

test("name, info, error handler", () => {
  using win = Win.Allocate(8, 1, mpi.INFO_NULL, world);
  win.name = "halo";
  assert.equal(win.name, "halo");
  win.Set_name("halo2");
  assert.equal(win.Get_name(), "halo2");
  using info = win.Get_info();
  assert.ok(info instanceof mpi.Info);
  using hints = mpi.Info.Create({ no_locks: "false" });
  win.Set_info(hints);
  using eh = win.Get_errhandler();
  assert.ok(eh instanceof mpi.Errhandler);
  win.Set_errhandler(mpi.ERRORS_RETURN);
  // Errors come back as exceptions, not as an abort.
  assertMPIError(() => win.Unlock(0), mpi.ERR_RMA_SYNC);
});

test("attributes: Create_keyval, Set_attr, Get_attr, Delete_attr, delete at Free", () => {
  const deleted: unknown[] = [];
  const keyval = Win.Create_keyval(undefined, (v) => deleted.push(v));
  const win = Win.Allocate(8, 1, mpi.INFO_NULL, world);
  assert.equal(win.Get_attr(keyval), undefined);
  win.Set_attr(keyval, { a: 1 });
  assert.deepEqual(win.Get_attr(keyval), { a: 1 });
  win.Set_attr(keyval, "second");
  assert.deepEqual(deleted, [{ a: 1 }]);
  win.Delete_attr(keyval);
  assert.deepEqual(deleted, [{ a: 1 }, "second"]);
  win.Set_attr(keyval, 3);
  win.Free();
  assert.deepEqual(deleted, [{ a: 1 }, "second", 3]);
  Win.Free_keyval(keyval);
  using w2 = Win.Allocate(8, 1, mpi.INFO_NULL, world);
  assertMPIError(() => w2.Get_attr(keyval), mpi.ERR_KEYVAL);
});

test("bad creation arguments name the argument", () => {
  assertThrowsNaming(
    () => Win.Create([1, 2, 3] as unknown as Float64Array),
    TypeError,
    /memory/,
  );
  assertThrowsNaming(() => Win.Allocate(-1), RangeError, /size/);
  assertThrowsNaming(() => Win.Allocate(8, 0), RangeError, /dispUnit/);
  assertThrowsNaming(() => Win.Allocate(1.5), RangeError, /size/);
  assertThrowsNaming(
    () => Win.Allocate(8, 1, mpi.INFO_NULL, {} as mpi.Intracomm),
    TypeError,
    /comm/,
  );
  assertThrowsNaming(
    () => Win.Create_dynamic("x" as unknown as mpi.Info),
    TypeError,
    /info/,
  );
});
