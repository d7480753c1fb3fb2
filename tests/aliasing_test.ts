// mpi4ts-test: np=1,2
/**
 * What a value `isend` shares with the caller (documented on `isend`):
 * values up to 4 MiB are copied at the call; larger ones are sent from the
 * caller's TypedArray memory until the request completes.
 */
import { assert, test } from "./_util.ts";
import * as mpi from "../mod.ts";

const self = mpi.COMM_SELF;

test("a value isend up to 4 MiB is copied: later changes are not sent", () => {
  for (const n of [1, 1000, 1 << 16, (4 << 20) / 8 - 64]) {
    const a = new Float64Array(n).fill(1);
    const req = self.isend({ a }, 0, 11);
    a.fill(2);
    const got = self.recv(0, 11) as { a: Float64Array };
    req.wait();
    assert.equal(got.a.length, n);
    assert.ok(got.a.every((x) => x === 1), `n=${n}: a change was sent`);
  }
});

test("a value isend over 4 MiB shares the caller's memory until it completes", () => {
  const n = (8 << 20) / 8;
  const a = new Float64Array(n).fill(1);
  const req = self.isend({ a }, 0, 12);
  a[n - 1] = 3; // may or may not be sent: the send reads a's memory
  const got = self.recv(0, 12) as { a: Float64Array };
  req.wait();
  assert.equal(got.a.length, n);
  // Every element is the old or the new value, never anything else.
  for (let i = 0; i < n - 1; i++) {
    if (got.a[i] !== 1) assert.fail(`element ${i}`);
  }
  assert.ok(got.a[n - 1] === 1 || got.a[n - 1] === 3);
  // The memory was not copied at the call: the change made before the
  // matching receive reaches it (the rendezvous moves the last bytes then).
  assert.equal(got.a[n - 1], 3);
  // After wait() the array is the caller's again: a new send sees new data.
  a.fill(5);
  const r1 = self.isend({ a }, 0, 13);
  assert.ok((self.recv(0, 13) as { a: Float64Array }).a.every((x) => x === 5));
  r1.wait();
  // Unchanged, a large value arrives intact.
  const b = Float64Array.from({ length: n }, (_, i) => i);
  const r2 = self.isend({ b }, 0, 14);
  const got2 = self.recv(0, 14) as { b: Float64Array };
  r2.wait();
  assert.deepEqual(got2.b, b);
});
