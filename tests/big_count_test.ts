// mpi4ts-test: np=2
/**
 * Buffers of more than 2^31 − 1 elements (the largest C `int` count):
 * `Send`/`Recv`, `Isend`/`Irecv`, `Bcast` and `Allreduce` on 2^31 + 8 bytes.
 * MPICH takes the MPI-4 `_c` calls, Open MPI 4.1 a derived datatype (point
 * to point) or chunks of 2^30 elements (collectives). Opt-in — each rank
 * holds one 2 GiB buffer, and MPI may need as much again for the
 * reduction: `MPI4TS_BIG_TESTS=1 ./scripts/test.sh --np 2 tests/big_count_test.ts`.
 *
 * @module
 */
import process from "node:process";
import { assert, mpi, rank, test, world } from "./_util.ts";

const enabled = process.env.MPI4TS_BIG_TESTS === "1";
const ignore = !enabled &&
  "opt-in (a 2 GiB buffer per rank, up to 4 GiB with the reduction): set MPI4TS_BIG_TESTS=1";
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
  name:
    "Gatherv of more than 2^31 - 1 elements is a RangeError, not a wrapped int",
  ignore,
  fn: () => {
    const buf = buffer();
    assert.throws(
      () => world.Gatherv(buf, rank === 0 ? [buf, [N, N]] : null, 0),
      (e: unknown) =>
        e instanceof RangeError && /exceed 2\^31 - 1|32-bit/.test(e.message),
    );
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
    big = undefined;
  },
});
