// mpi4ts-test: np=1,2
/**
 * Soak: many small value messages and many nonblocking requests completed
 * with `waitAsync` leave the resident set flat (under 5 MiB of growth after
 * a warm-up). The suite runs a quick version; `MPI4TS_SOAK_ROUNDS=1` runs
 * the full one (1,000,000 messages, 100,000 requests; N scales both).
 */
import process from "node:process";
import v8 from "node:v8";
import vm from "node:vm";
import { assert, mpi, test } from "./_util.ts";

const self = mpi.COMM_SELF;
const LONG = Number(process.env.MPI4TS_SOAK_ROUNDS ?? 0);
const MiB = 1 << 20;

/**
 * Measured under Deno, where a full collection and V8's heap figures make
 * RSS a steady measure; Node grows its heap reserve in ways this measure
 * does not subtract, and Bun's engine is not V8.
 */
const notDeno = !("Deno" in globalThis) &&
  "memory is measured under Deno (V8 heap figures after a forced collection)";

let gc = () => {};
if (!notDeno) {
  v8.setFlagsFromString("--expose-gc");
  gc = vm.runInNewContext("gc") as () => void;
}

/**
 * Resident memory after a full collection, less the heap space V8 keeps
 * reserved but unused (it grows that reserve in steps of megabytes on its
 * own schedule): native memory (MPI, FFI, backing stores) plus live
 * JavaScript objects. A leak of either shows here.
 */
function rss(): number {
  gc();
  const m = process.memoryUsage();
  return m.rss - m.heapTotal + m.heapUsed;
}

/** Runs `round` `n` times after `n / 5` warm-up rounds; returns the RSS growth. */
async function growth(
  n: number,
  round: (i: number) => void | Promise<void>,
): Promise<number> {
  const warm = Math.max(1, Math.floor(n / 5));
  for (let i = 0; i < warm; i++) await round(i);
  const before = rss();
  for (let i = 0; i < n; i++) await round(i);
  return rss() - before;
}

const value = { step: 0, name: "soak", xs: [1, 2, 3], f: new Float64Array(4) };

function messages(n: number): Promise<number> {
  return growth(n, (i) => {
    value.step = i;
    // isend: a blocking send to oneself may wait for the receive (MPICH under Node).
    const req = self.isend(value, 0, 21);
    const got = self.recv(0, 21) as typeof value;
    req.wait();
    if (got.step !== i) assert.fail(`message ${i} came back as ${got.step}`);
  });
}

function requests(n: number): Promise<number> {
  const out = new Float64Array(2), into = new Float64Array(2);
  return growth(n, async (i) => {
    const req = self.Irecv(into, 0, 22);
    // Not yet complete: the wait goes to a helper thread while this thread sends.
    const done = req.waitAsync();
    out[0] = i;
    self.Send(out, 0, 22);
    await done;
    if (into[0] !== i) assert.fail(`request ${i} received ${into[0]}`);
  });
}

test({
  name: "soak (quick): 100,000 value messages keep RSS flat",
  ignore: notDeno,
  fn: async () => {
    const m = await messages(100_000);
    console.log(`soak: messages +${(m / MiB).toFixed(2)} MiB`);
    assert.ok(
      m < 5 * MiB,
      `value messages grew RSS by ${(m / MiB).toFixed(1)} MiB`,
    );
  },
});

test({
  name: "soak (quick): 10,000 waitAsync requests keep RSS flat",
  ignore: notDeno,
  fn: async () => {
    const r = await requests(10_000);
    console.log(`soak: requests +${(r / MiB).toFixed(2)} MiB`);
    assert.ok(
      r < 5 * MiB,
      `waitAsync requests grew RSS by ${(r / MiB).toFixed(1)} MiB`,
    );
  },
});

test({
  name:
    "soak (long): 1,000,000 value messages and 100,000 waitAsync requests keep RSS flat",
  ignore: notDeno || !(LONG > 0) &&
      "opt-in, minutes long: MPI4TS_SOAK_ROUNDS=1 (or N for N times as many)",
  fn: async () => {
    const m = await messages(1_000_000 * LONG);
    const r = await requests(100_000 * LONG);
    console.log(
      `soak: messages +${(m / MiB).toFixed(2)} MiB, requests +${
        (r / MiB).toFixed(2)
      } MiB`,
    );
    assert.ok(
      m < 5 * MiB,
      `value messages grew RSS by ${(m / MiB).toFixed(1)} MiB`,
    );
    assert.ok(
      r < 5 * MiB,
      `waitAsync requests grew RSS by ${(r / MiB).toFixed(1)} MiB`,
    );
  },
});
