/**
 * Partitioned point-to-point (as mpi4py's test_p2p_buf_part.py): a buffer
 * in equal partitions, marked ready one by one, in ranges or lists, and seen
 * arriving with `Parrived`; bounds are checked before MPI is called. Open
 * MPI 4.1 lacks the calls: there each names the missing C function.
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

// MPI-4 libraries have the partitioned calls (MPICH 4); Open MPI 4.1 is MPI-3.1.
const has = mpi.Get_version()[0] >= 4;
const lacking = !has && "the loaded MPI library has no partitioned calls";
const present = has && "the loaded MPI library has partitioned calls";

test({
  name: "Pready each partition around the ring; Parrived sees them all",
  ignore: lacking,
  fn: () => {
    for (const parts of [1, 2, 4, 8]) {
      const out = new Float64Array(16).map((_, i) => rank * 100 + i);
      const got = new Float64Array(16).fill(-1);
      using recv = world.Precv_init(got, parts, prev, 7);
      using send = world.Psend_init(out, parts, next, 7);
      assert.equal(send.partitions, parts);
      for (let round = 0; round < 2; round++) {
        got.fill(-1);
        recv.Start();
        send.Start();
        for (let k = parts - 1; k >= 0; k--) send.Pready(k);
        for (let k = 0; k < parts; k++) while (!recv.Parrived(k));
        send.Wait();
        recv.Wait();
        assert.deepEqual(
          [...got],
          Array.from({ length: 16 }, (_, i) => prev * 100 + i),
        );
      }
    }
  },
});

test({
  name: "Pready_range and Pready_list; Parrived polled until all arrive",
  ignore: lacking,
  fn: () => {
    const out = new Int32Array(12).map((_, i) => rank * 1000 + i);
    const got = new Int32Array(12);
    using recv = world.Precv_init(got, 6, prev, 3);
    using send = world.Psend_init(out, 6, next, 3);
    mpi.Prequest.Startall([recv, send]);
    send.Pready_range(0, 2);
    send.Pready_list([5, 3, 4]);
    const seen = new Set<number>();
    while (seen.size < 6) {
      for (let k = 0; k < 6; k++) if (recv.Parrived(k)) seen.add(k);
    }
    mpi.Request.Waitall([send, recv]);
    assert.deepEqual(
      [...got],
      Array.from({ length: 12 }, (_, i) => prev * 1000 + i),
    );
  },
});

test({
  name: "partition bounds and counts are checked, naming the argument",
  ignore: lacking,
  fn: () => {
    const buf = new Int32Array(8);
    assertThrowsNaming(
      () => world.Psend_init(buf, 3, rank),
      RangeError,
      /partitions \(3\) must divide the buffer's 8 elements/,
    );
    assertThrowsNaming(
      () => world.Psend_init(buf, 0, rank),
      RangeError,
      /partitions must be >= 1/,
    );
    using recv = world.Precv_init(new Int32Array(8), 4, rank, 9);
    using send = world.Psend_init(buf, 4, rank, 9);
    recv.Start();
    send.Start();
    assertThrowsNaming(
      () => send.Pready(4),
      RangeError,
      /partition must be in \[0, 4\), got 4/,
    );
    assertThrowsNaming(() => send.Pready(-1), RangeError, /partition/);
    assertThrowsNaming(
      () => send.Pready_range(2, 1),
      RangeError,
      /hi must be >= lo/,
    );
    assertThrowsNaming(
      () => send.Pready_range(0, 9),
      RangeError,
      /hi must be in/,
    );
    assertThrowsNaming(() => send.Pready_list([0, 7]), RangeError, /list\[1\]/);
    assertThrowsNaming(() => recv.Parrived(4), RangeError, /partition/);
    using plain = world.Send_init(buf, rank, 9);
    assertThrowsNaming(
      () => plain.Pready(0),
      TypeError,
      /not a partitioned request/,
    );
    send.Pready_range(0, 3);
    mpi.Request.Waitall([send, recv]);
    assertMPIErrorRank(() => world.Psend_init(buf, 2, world.size + 1));
  },
});

function assertMPIErrorRank(fn: () => unknown): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof mpi.MPIError);
    assert.equal(e.errorClass, mpi.ERR_RANK);
    return true;
  });
}

test({
  name: "the request keeps its buffer alive",
  ignore: lacking,
  fn: () => {
    let recv: mpi.Prequest | undefined = world.Precv_init(
      new Uint8Array(1 << 16),
      4,
      prev,
      11,
    );
    const send = world.Psend_init(
      new Uint8Array(1 << 16).fill(rank + 1),
      4,
      next,
      11,
    );
    recv.Start();
    send.Start();
    send.Pready_range(0, 3);
    mpi.Request.Waitall([send, recv]);
    recv.Free();
    send.Free();
    recv = undefined;
  },
});

test({
  name: "without partitioned calls each names the missing C function",
  ignore: present,
  fn: () => {
    for (
      const [fn, call] of [
        [() => world.Psend_init(new Int32Array(4), 2, rank), "MPI_Psend_init"],
        [() => world.Precv_init(new Int32Array(4), 2, rank), "MPI_Precv_init"],
      ] as const
    ) {
      assert.throws(fn, (e: unknown) => {
        assert.ok(e instanceof mpi.MPIError);
        assert.equal(e.call, call);
        assert.match(e.message, /lacks/);
        return true;
      });
    }
  },
});
