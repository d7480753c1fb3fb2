// mpi4ts-test: np=3,4
/**
 * Neighbor collectives' every form on a periodic ring: `Neighbor_alltoallw`
 * (blocking, `I`, `_init`) and the persistent `Neighbor_allgatherv_init` /
 * `Neighbor_alltoallv_init`, each checked element by element. Persistent
 * forms need MPI-4 (MPICH 4) or Open MPI's `MPIX_` calls.
 *
 * @module
 */
import { assert, mpi, next, prev, rank, size, test, world } from "./_util.ts";

/**
 * On a ring of 1 or 2 ranks the left and right neighbors are one process,
 * and which of its two blocks lands where is up to the library.
 */
const ring = size < 3 &&
  "needs 3 ranks: on a smaller ring both neighbors are one process";

/** `fn()`, or `undefined` if the library lacks the persistent call. */
function persistent<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (e) {
    if (
      e instanceof mpi.MPIError &&
      e.errorClass === mpi.ERR_UNSUPPORTED_OPERATION
    ) return undefined;
    throw e;
  }
}

test({
  name:
    "Neighbor_alltoallw: a double to the left, an int to the right, all forms",
  ignore: ring,
  fn: () => {
    using ring = world.Create_cart([size], [true]);
    // Cartesian neighbors in order: left (rank - 1), then right (rank + 1).
    const send = new ArrayBuffer(16);
    new Float64Array(send, 0, 1)[0] = rank + 0.5; // to the left
    new Int32Array(send, 8, 1)[0] = rank * 100; // to the right
    const types = [mpi.DOUBLE, mpi.INT32_T];
    const check = (recv: ArrayBuffer) => {
      // From the left neighbor its int (sent right), from the right its double.
      assert.equal(new Int32Array(recv, 0, 1)[0], prev * 100);
      assert.equal(new Float64Array(recv, 8, 1)[0], next + 0.5);
    };
    const run = (form: "blocking" | "started") => {
      const recv = new ArrayBuffer(16);
      const args = [
        [send, [1, 1], [0, 8], types],
        [recv, [1, 1], [0, 8], [mpi.INT32_T, mpi.DOUBLE]],
      ] as const;
      if (form === "blocking") ring.Neighbor_alltoallw(...args);
      else ring.Ineighbor_alltoallw(...args).Wait();
      check(recv);
    };
    run("blocking");
    run("started");
    const recv = new ArrayBuffer(16);
    const p = persistent(() =>
      ring.Neighbor_alltoallw_init(
        [send, [1, 1], [0, 8], types],
        [recv, [1, 1], [0, 8], [mpi.INT32_T, mpi.DOUBLE]],
      )
    );
    if (p) {
      for (let i = 0; i < 2; i++) {
        p.Start();
        p.Wait();
        check(recv);
      }
      p.Free();
    }
  },
});

test({
  name: "Neighbor_allgatherv_init and Neighbor_alltoallv_init repeat",
  ignore: ring,
  fn: () => {
    using ring = world.Create_cart([size], [true]);
    const got = new Int32Array(3).fill(-1);
    const mine = new Int32Array([rank]);
    const g = persistent(() =>
      ring.Neighbor_allgatherv_init(mine, [got, [[1, 1], [0, 2]]])
    );
    const sendv = new Int32Array([rank, rank, rank]);
    const recvv = new Int32Array(3).fill(-1);
    const v = persistent(() =>
      ring.Neighbor_alltoallv_init(
        [sendv, [[1, 2], [0, 1]]],
        [recvv, [[2, 1], [0, 2]]],
      )
    );
    if (!g || !v) {
      assert.equal(g, v, "both persistent neighbor forms exist or neither");
      return;
    }
    for (let round = 0; round < 3; round++) {
      mine[0] = rank + round;
      sendv.fill(rank + round);
      g.Start();
      v.Start();
      mpi.Request.Waitall([g, v]);
      assert.deepEqual([...got], [prev + round, -1, next + round]);
      // The left neighbor sent us 2 (its right block), the right one 1.
      assert.deepEqual([...recvv], [prev + round, prev + round, next + round]);
    }
    g.Free();
    v.Free();
  },
});
