// mpi4ts-test: np=2
/**
 * A long-running program's values: a mixed receive loop does not grow the
 * process (`MPI4TS_SOAK_ROUNDS=N` runs N messages, e.g. 100,000, instead of
 * 1,200), and a corrupt value message is one `TypeError` after which both
 * ranks keep working.
 */
import { assert, mpi, rank, test, world } from "./_util.ts";
import { payloads } from "./_values.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const SOAK: string | undefined = (g.process?.env ?? g["Deno"]?.env.toObject())
  ?.MPI4TS_SOAK_ROUNDS;

function rss(): number {
  return (g.process ?? g["Deno"]).memoryUsage().rss;
}

/** Mixed messages: what a long-running program sends, over and over. */
/** RSS after `rounds` messages must stay within 2× of RSS after `base`. */
function soak(rounds: number, base: number): void {
  const mix = payloads().filter(([n]) => !n.startsWith("two parts"));
  const other = 1 - rank;
  let early = 0;
  for (let i = 0; i < rounds; i++) {
    const [, v] = mix[i % mix.length];
    if ((i + rank) % 2 === 0) world.send(v, other, 5);
    else world.recv(other, 5);
    if (i === base) early = rss();
  }
  const late = rss();
  assert.ok(
    late < 2 * early,
    `RSS ${late >> 20} MiB after ${rounds} messages vs ${
      early >> 20
    } MiB after ${base}`,
  );
}

test("RSS stays flat over a mixed receive loop (1,200 messages)", () => {
  soak(1200, 400);
});

test({
  name: "RSS stays flat over a long mixed receive loop (MPI4TS_SOAK_ROUNDS)",
  ignore: SOAK === undefined &&
    "opt-in: set MPI4TS_SOAK_ROUNDS=N for the long soak",
  fn: () => soak(Number(SOAK), 1000),
});

test("a corrupt value message is one TypeError, and both ranks keep working", () => {
  // Raw bytes sent with Send, received with recv.
  if (rank === 0) world.Send(new Uint8Array([1, 2, 3, 4, 5, 6, 7]), 1, 6);
  if (rank === 1) {
    assert.throws(
      () => world.recv(0, 6),
      (e: unknown) =>
        e instanceof TypeError && /value message is corrupt/.test(e.message) &&
        e.cause instanceof Error,
    );
  }
  // pickle replaced on rank 0 only: JSON bytes reach the codec on rank 1.
  const { dumps } = mpi.pickle;
  if (rank === 0) {
    mpi.pickle.dumps = (x) => new TextEncoder().encode(JSON.stringify(x));
    world.send({ json: true }, 1, 7);
    mpi.pickle.dumps = dumps;
  } else {
    assert.throws(
      () => world.recv(0, 7),
      (e: unknown) =>
        e instanceof TypeError && /value message is corrupt/.test(e.message),
    );
  }
  const v = { after: [1, "ok"] };
  assert.deepEqual(world.bcast(rank === 0 ? v : undefined, 0), v);
  assert.deepEqual(world.allgather(rank), [0, 1]);
});
