/**
 * `File` itself: opening and closing (paths as strings and URLs, `using`,
 * a closed file, `FILE_NULL`), file state (size,
 * preallocation, amode, group, hints, atomicity, sync, error handler),
 * views and file pointers, and the error class of each failure. Scenarios
 * after mpi4py's test_file.py.
 */
import { existsSync } from "node:fs";
import {
  assert,
  assertMPIError,
  mpi,
  rank,
  size,
  test,
  world,
} from "./_util.ts";
import { removeFile, tempPath, withFile } from "./_files.ts";

const RDWR_CREATE = mpi.MODE_RDWR | mpi.MODE_CREATE;

for (const comm of [mpi.COMM_SELF, world]) {
  const where = comm === world ? "COMM_WORLD" : "COMM_SELF";
  const on = (fn: (fh: mpi.File) => void) => () => withFile(comm, fn);

  test(
    `${where}: Preallocate grows the file, never shrinks it`,
    on((fh) => {
      assert.equal(fh.Get_size(), 0);
      comm.Barrier();
      for (const [n, expected] of [[1, 1], [100, 100], [10, 100], [200, 200]]) {
        fh.Preallocate(n);
        comm.Barrier(); // one rank may do the work: wait for it
        assert.equal(fh.Get_size(), expected);
        comm.Barrier(); // and every rank looked before the next change
      }
    }),
  );

  test(
    `${where}: Set_size/Get_size and the size property`,
    on((fh) => {
      assert.equal(fh.size, 0);
      comm.Barrier();
      fh.Set_size(100);
      comm.Barrier();
      assert.equal(fh.Get_size(), 100);
      comm.Barrier();
      fh.Set_size(10n);
      comm.Barrier();
      assert.equal(fh.size, 10);
    }),
  );

  test(
    `${where}: Get_group is the communicator's group`,
    on((fh) => {
      using fg = fh.Get_group();
      using cg = comm.Get_group();
      assert.equal(fg.Compare(cg), mpi.IDENT);
      assert.equal(fh.group_size, comm.size);
      assert.equal(fh.group_rank, comm.rank);
    }),
  );

  test(
    `${where}: Get_amode is the open mode`,
    on((fh) => {
      assert.equal(fh.Get_amode(), RDWR_CREATE);
      assert.equal(fh.amode, RDWR_CREATE);
    }),
  );

  test(
    `${where}: Set_info/Get_info round trip`,
    on((fh) => {
      using empty = mpi.Info.Create();
      fh.Set_info(empty);
      using used = fh.Get_info();
      assert.ok(used.Get_nkeys() >= 0);
      fh.Set_info(used);
      fh.info = used;
      using again = fh.info;
      assert.ok(again instanceof mpi.Info);
    }),
  );

  test(
    `${where}: Set_view/Get_view for every displacement and basic type`,
    on((fh) => {
      fh.Set_size(100 * 8);
      for (let disp = 0; disp < 100; disp += 7) {
        for (const t of [mpi.SHORT, mpi.INT, mpi.LONG, mpi.FLOAT, mpi.DOUBLE]) {
          fh.Set_view(disp, t, t, "native");
          const [d, e, f, rep] = fh.Get_view();
          assert.equal(d, disp);
          assert.equal(e, t);
          assert.equal(f, t);
          assert.equal(rep, "native");
        }
      }
      fh.Set_view();
      const [d, e, f] = fh.Get_view();
      assert.deepEqual([d, e, f], [0, mpi.BYTE, mpi.BYTE]);
    }),
  );

  test(
    `${where}: Set_atomicity/Get_atomicity`,
    on((fh) => {
      assert.equal(fh.Get_atomicity(), false);
      for (const flag of [true, false, true, false]) {
        fh.Set_atomicity(flag);
        assert.equal(fh.Get_atomicity(), flag);
        fh.atomicity = !flag;
        assert.equal(fh.atomicity, !flag);
      }
    }),
  );

  test(
    `${where}: Sync, Seek/Get_position, Seek_shared/Get_position_shared`,
    on((fh) => {
      fh.Sync();
      for (const whence of [mpi.SEEK_END, mpi.SEEK_CUR, mpi.SEEK_SET]) {
        fh.Seek(0, whence);
      }
      assert.equal(fh.Get_position(), 0);
      for (const whence of [mpi.SEEK_END, mpi.SEEK_CUR, mpi.SEEK_SET]) {
        fh.Seek_shared(0, whence);
      }
      assert.equal(fh.Get_position_shared(), 0);
      fh.Seek(5);
      fh.Seek(3, mpi.SEEK_CUR);
      assert.equal(fh.Get_position(), 8);
    }),
  );

  test(
    `${where}: Get_byte_offset and Get_type_extent`,
    on((fh) => {
      for (let offset = 0; offset < 10; offset++) {
        assert.equal(fh.Get_byte_offset(offset), offset);
      }
      fh.Set_view(16, mpi.DOUBLE);
      assert.equal(fh.Get_byte_offset(3), 16 + 24);
      assert.equal(fh.Get_type_extent(mpi.BYTE), 1);
      assert.equal(fh.Get_type_extent(mpi.DOUBLE), 8);
      using v = mpi.DOUBLE.Create_vector(3, 1, 2).Commit();
      assert.equal(fh.Get_type_extent(v), 40);
    }),
  );

  test(
    `${where}: the error handler is ERRORS_RETURN and can be set`,
    on((fh) => {
      const eh = fh.Get_errhandler();
      assert.ok(eh instanceof mpi.Errhandler);
      fh.Set_errhandler(mpi.ERRORS_RETURN);
      assert.throws(
        () => fh.Set_errhandler("fatal" as unknown as mpi.Errhandler),
        TypeError,
      );
    }),
  );
}

test("paths: a string and a file URL open the same file; a non-file URL is a TypeError", () => {
  const path = tempPath(world);
  try {
    {
      using a = mpi.File.Open(world, path, RDWR_CREATE);
      a.Write_at_all(rank, new Uint8Array([rank + 1]));
    }
    {
      using b = mpi.File.Open(world, new URL(`file://${path}`));
      const all = new Uint8Array(size);
      b.Read_at_all(0, all);
      assert.deepEqual([...all], Array.from({ length: size }, (_, r) => r + 1));
    }
    assert.throws(
      () => mpi.File.Open(world, new URL("https://example.org/x")),
      TypeError,
    );
    assert.throws(
      () => mpi.File.Open(world, 42 as unknown as string),
      TypeError,
    );
    assert.throws(() => mpi.File.Open(world, ""), TypeError);
  } finally {
    world.Barrier();
    if (rank === 0) removeFile(path);
  }
});

test("Close: collective, idempotent; a closed file and FILE_NULL are clear MPIErrors (ERR_FILE)", () => {
  const path = tempPath(world);
  const fh = mpi.File.Open(world, path, RDWR_CREATE | mpi.MODE_DELETE_ON_CLOSE);
  assert.ok(fh.isLive);
  fh.Close();
  fh.Close();
  assert.equal(fh.isLive, false);
  assertMPIError(() => fh.Get_size(), mpi.ERR_FILE);
  assertMPIError(() => fh.Write_at(0, new Uint8Array(1)), mpi.ERR_FILE);
  assert.throws(() => fh.Iread(new Uint8Array(1)), /the file is closed/);
  assertMPIError(() => mpi.FILE_NULL.Get_amode(), mpi.ERR_FILE);
  assert.ok(mpi.FILE_NULL.isPredefined);
  world.Barrier();
  assert.equal(existsSync(path), false, "MODE_DELETE_ON_CLOSE removed it");
});

test("using closes the file at the end of the scope", () => {
  const path = tempPath(world);
  let kept: mpi.File;
  {
    using fh = mpi.File.Open(
      world,
      path,
      RDWR_CREATE | mpi.MODE_DELETE_ON_CLOSE,
    );
    kept = fh;
    assert.ok(fh.isLive);
  }
  assert.equal(kept.isLive, false);
  world.Barrier();
  assert.equal(existsSync(path), false);
});

test("errors have their class: no such file, exists, access, amode, read-only, datarep", () => {
  const path = tempPath(world);
  try {
    assertMPIError(
      () => mpi.File.Open(world, `${path}.missing`),
      mpi.ERR_NO_SUCH_FILE,
    );
    assertMPIError(
      () => mpi.File.Delete(`${path}.missing`),
      mpi.ERR_NO_SUCH_FILE,
    );
    mpi.File.Open(world, path, RDWR_CREATE).Close();
    assertMPIError(
      () => mpi.File.Open(world, path, RDWR_CREATE | mpi.MODE_EXCL),
      mpi.ERR_FILE_EXISTS,
    );
    // Tests run as root, who may write anywhere but in a kernel filesystem.
    assertMPIError(
      () => mpi.File.Open(world, "/sys/mpi4ts-denied", RDWR_CREATE),
      mpi.ERR_ACCESS,
    );
    assertMPIError(
      () => mpi.File.Open(world, path, mpi.MODE_RDONLY | mpi.MODE_RDWR),
      mpi.ERR_AMODE,
    );
    assertMPIError(
      () => mpi.File.Open(world, path, mpi.MODE_RDONLY | mpi.MODE_CREATE),
      mpi.ERR_AMODE,
    );
    {
      using ro = mpi.File.Open(world, path, mpi.MODE_RDONLY);
      assertMPIError(
        () => ro.Write_at(0, new Uint8Array(4)),
        mpi.ERR_READ_ONLY,
      );
      assertMPIError(
        () => ro.Set_view(0, mpi.BYTE, mpi.BYTE, "no-such-datarep"),
        mpi.ERR_UNSUPPORTED_DATAREP,
      );
    }
    {
      using wo = mpi.File.Open(world, path, mpi.MODE_WRONLY);
      assertMPIError(() => wo.Read_at(0, new Uint8Array(4)), mpi.ERR_ACCESS);
    }
  } finally {
    world.Barrier();
    if (rank === 0) removeFile(path);
  }
});
