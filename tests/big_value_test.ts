// mpi4ts-test: np=2
/**
 * Values whose serialized size exceeds 2^31 − 1 bytes (the largest MPI
 * `int` count). Opt-in — it moves ~2.2 GB each way and needs ~10 GB of
 * memory: `MPI4TS_BIG_TESTS=1 ./scripts/test.sh --np 2 tests/big_value_test.ts`.
 */
import process from "node:process";
import { assert, mpi, rank, size, test, world } from "./_util.ts";

const enabled = process.env.MPI4TS_BIG_TESTS === "1";
const BYTES = 2.2e9;

test({
  name: "a 2.2 GB value goes through send/recv and isend/irecv intact",
  ignore: !enabled
    ? "opt-in (about 10 GB of memory): set MPI4TS_BIG_TESTS=1"
    : size < 2 && "needs 2 ranks",
  fn() {
    const peer = 1 - rank;
    const big = new Uint8Array(BYTES);
    // A pattern that catches misplaced blocks: each GiB block has its own value.
    for (let off = 0; off < BYTES; off += 1 << 30) {
      big.fill(
        (off >>> 30) + 1 + rank * 10,
        off,
        Math.min(BYTES, off + (1 << 30)),
      );
    }
    big[BYTES - 1] = 0xee;
    const st = new mpi.Status();
    const got = world.sendrecv({ big, tail: "end" }, peer, 1, peer, 1, st) as {
      big: Uint8Array;
      tail: string;
    };
    assert.equal(got.tail, "end");
    assert.equal(got.big.length, BYTES);
    assert.ok(st.count > 2 ** 31, `status count ${st.count}`);
    for (let off = 0; off < BYTES - 1; off += 1 << 28) {
      assert.equal(got.big[off], (off >>> 30) + 1 + peer * 10, `byte ${off}`);
    }
    assert.equal(got.big[BYTES - 1], 0xee);
    world.barrier();
  },
});
