// mpi4ts-test: np=2
/**
 * Buffers of more than 2^31 − 1 elements (the largest C `int` count):
 * `Send`/`Recv`, `Isend`/`Irecv`, `Bcast` and `Allreduce` on 2^31 + 8 bytes;
 * `Gatherv` (and `Igatherv`, `Gatherv_init`) of 2^30 + 5 bytes a rank into
 * a root buffer of 2^31 + 2^30 + 21 bytes, rank 1's block at 2^31 + 16;
 * `Gatherv` of one 2^31 + 8-byte block (a `RangeError` naming the argument
 * on Open MPI 4.1, which has no `MPI_Gatherv_c`).
 * MPICH takes the MPI-4 `_c` calls, Open MPI 4.1 a derived datatype (point
 * to point), chunks of 2^30 elements (`Bcast`, `Allreduce`) or a moved
 * buffer start (`Gatherv`). Opt-in — each rank holds one 2 GiB buffer, MPI
 * may need as much again for the reduction, and the `Gatherv` root 3 GiB
 * more (about 7 GiB in all on 2 ranks):
 * `MPI4TS_BIG_TESTS=1 ./scripts/test.sh --np 2 tests/big_count_test.ts`.
 *
 * @module
 */
import process from "node:process";
import { assert, mpi, rank, size, test, world } from "./_util.ts";
import { has } from "../ffi/lib.ts";

const enabled = process.env.MPI4TS_BIG_TESTS === "1";
const ignore = !enabled &&
  "opt-in (a 2 GiB buffer per rank, up to 4 GiB with the reduction, 3 GiB more at the Gatherv root): set MPI4TS_BIG_TESTS=1";
const N = 2 ** 31 + 8;
/** Positions checked: both ends, around each 2^30 chunk boundary, a stride. */
const PROBES = [
  0,
  1,
  2 ** 30 - 1,
  2 ** 30,
  2 ** 31 - 1,
  2 ** 31,
  N - 2,
  N - 1,
  ...Array.from({ length: 64 }, (_, i) => Math.floor((N / 64) * i) + 3),
];
let big: Uint8Array | undefined;
const buffer = (): Uint8Array => (big ??= new Uint8Array(N));

/** The byte the sender puts at index `i`. */
const pattern = (i: number) => (i * 7 + (i >= 2 ** 31 ? 5 : 0)) & 0xff;

function fill(buf: Uint8Array): void {
  buf.fill(0x11);
  for (const i of PROBES) buf[i] = pattern(i);
}

function checkFilled(buf: Uint8Array): void {
  for (const i of PROBES) assert.equal(buf[i], pattern(i), `byte ${i}`);
  assert.equal(buf[12345], 0x11);
}

test({
  name: "Send/Recv of 2^31 + 8 bytes",
  ignore,
  fn: () => {
    const buf = buffer();
    if (rank === 0) {
      fill(buf);
      world.Send(buf, 1, 3);
    } else if (rank === 1) {
      buf.fill(0);
      const st = new mpi.Status();
      world.Recv(buf, 0, 3, st);
      assert.equal(st.source, 0);
      checkFilled(buf);
    }
  },
});

test({
  name: "Isend/Irecv of 2^31 + 8 bytes (derived type on every library)",
  ignore,
  fn: () => {
    const buf = buffer();
    if (rank === 1) {
      fill(buf);
      world.Isend(buf, 0, 4).Wait();
    } else if (rank === 0) {
      buf.fill(0);
      world.Irecv(buf, 1, 4).Wait();
      checkFilled(buf);
    }
  },
});

test({
  name: "Bcast of 2^31 + 8 bytes",
  ignore,
  fn: () => {
    const buf = buffer();
    if (rank === 0) fill(buf);
    else buf.fill(0);
    world.Bcast(buf, 0);
    checkFilled(buf);
  },
});

test({
  name: "Allreduce (IN_PLACE, SUM) of 2^31 + 8 bytes",
  ignore,
  fn: () => {
    const buf = buffer();
    buf.fill(rank + 1);
    buf[N - 1] = 10 * (rank + 1);
    world.Allreduce(mpi.IN_PLACE, buf, mpi.SUM);
    const size = world.size;
    const sum = (size * (size + 1)) / 2;
    for (const i of PROBES) {
      if (i !== N - 1) assert.equal(buf[i], sum, `byte ${i}`);
    }
    assert.equal(buf[N - 1], 10 * sum);
  },
});

test({
  name:
    "Gatherv of one 2^31 + 8-byte block (IN_PLACE root): MPI_Gatherv_c, or a RangeError naming the argument on every rank without it",
  ignore,
  fn: () => {
    const buf = buffer();
    const counts = Array.from({ length: size }, (_, r) => r === 1 ? N : 0);
    const gather = () =>
      world.Gatherv(
        rank === 0 ? mpi.IN_PLACE : rank === 1 ? buf : new Uint8Array(0),
        rank === 0 ? [buf, [counts, 0]] : null,
        0,
      );
    if (rank === 1) fill(buf);
    else buf.fill(0);
    if (!has("MPI_Gatherv_c")) {
      if (rank > 1) return; // the others' calls would wait for the two
      assert.throws(gather, (e: unknown) =>
        e instanceof RangeError &&
        new RegExp(
          `^${
            rank === 0 ? "recvbuf counts\\[1\\]" : "sendbuf"
          }: ${N} elements exceed 2\\^31 - 1 in one Gatherv block, which needs MPI_Gatherv_c`,
        )
          .test(e.message));
      return;
    }
    gather();
    if (rank <= 1) checkFilled(buf);
  },
});

/** Gatherv: every rank sends `S` bytes; rank r's block lands at r * `GAP`. */
const S = 2 ** 30 + 5;
const GAP = 2 ** 31 + 16;
/** Positions checked in each block: both ends, around 2^30, a stride. */
const BLOCK_PROBES = [
  0,
  1,
  2 ** 30 - 1,
  2 ** 30,
  S - 1,
  ...Array.from({ length: 32 }, (_, i) => Math.floor((S / 32) * i) + 5),
];
/** The byte rank `r` sends at index `i` of its block. */
const blockPattern = (r: number, i: number) =>
  (i * 7 + r * 31 + (i >= 2 ** 30 ? 3 : 0)) & 0xff;

test({
  name:
    "Gatherv, Igatherv, Gatherv_init of 2^30 + 5 bytes a rank into 2^31 + 2^30 + 21 bytes (displacements above 2^31 - 1)",
  ignore,
  fn: () => {
    // the send block is the first S bytes of the 2 GiB buffer (no new memory)
    const mine = buffer().subarray(0, S);
    mine.fill(0x20 + rank);
    for (const i of BLOCK_PROBES) mine[i] = blockPattern(rank, i);
    const counts = new Array(size).fill(S);
    const displs = Array.from({ length: size }, (_, r) => r * GAP);
    let recv: Uint8Array | undefined = rank === 0
      ? new Uint8Array((size - 1) * GAP + S)
      : undefined;
    const spec = recv && ([recv, [counts, displs]] as const);
    for (const form of ["Gatherv", "Igatherv", "Gatherv_init"]) {
      if (form === "Gatherv") world.Gatherv(mine, spec, 0);
      else if (form === "Igatherv") world.Igatherv(mine, spec, 0).Wait();
      else {
        using p = world.Gatherv_init(mine, spec, 0);
        p.Start();
        p.Wait();
      }
      // the root reads the probes (and the byte after each block, untouched)
      // and broadcasts them, so every rank checks what arrived
      const seen = new Uint8Array(size * (BLOCK_PROBES.length + 1));
      if (recv) {
        for (let r = 0; r < size; r++) {
          const at = r * (BLOCK_PROBES.length + 1);
          BLOCK_PROBES.forEach((i, k) => {
            seen[at + k] = recv![displs[r] + i];
            recv![displs[r] + i] = 0; // the next form must write it again
          });
          seen[at + BLOCK_PROBES.length] = recv[displs[r] + S] ?? 0;
        }
      }
      world.Bcast(seen, 0);
      for (let r = 0; r < size; r++) {
        const at = r * (BLOCK_PROBES.length + 1);
        BLOCK_PROBES.forEach((i, k) =>
          assert.equal(
            seen[at + k],
            blockPattern(r, i),
            `${form}: rank ${r}'s byte ${i}`,
          )
        );
        assert.equal(seen[at + BLOCK_PROBES.length], 0, `${form}: gap`);
      }
    }
    recv = undefined;
    big = undefined;
  },
});
