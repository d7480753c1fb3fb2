// mpi4ts-test: np=1
/**
 * Faults end the job instead of hanging it, and the garbage collector never
 * frees a communicator: each case launches a real job of child programs
 * (`tests/fixtures/`) with this run's MPI and runtime, and checks that it
 * ends within 30 s with a non-zero status and a message naming the rank.
 */
import { assert, test } from "./_util.ts";
import { launch, MPI, type Run } from "./_launch.ts";

/** The job ended by itself within 30 s, with a non-zero status, naming `rank`. */
function endedNaming(r: Run, rank: RegExp): void {
  assert.ok(r.status !== null, `job did not end within the limit:\n${r.out}`);
  assert.notEqual(r.status, 0, `job ended with status 0:\n${r.out}`);
  assert.ok(r.seconds < 30, `job took ${r.seconds.toFixed(1)} s:\n${r.out}`);
  assert.match(r.out, rank);
}

test(`a rank killed with SIGKILL in a collective ends the job (${MPI})`, () => {
  endedNaming(
    launch("fault_sigkill", 3),
    /rank 1|PID .* RUNNING AT|KILLED BY SIGNAL: 9/,
  );
});

test(`a rank that ends without Finalize while others wait aborts the job (${MPI})`, () => {
  const r = launch("fault_early_return", 3, {
    env: { MPI4TS_EXIT_TIMEOUT: "5" },
  });
  endedNaming(r, /\[rank 1\] the program ended without Finalize\(\)/);
  assert.match(r.out, /MPI4TS_EXIT_TIMEOUT/);
});

test(`an exception inside a user Op ends the job naming the rank (${MPI})`, () => {
  endedNaming(
    launch("fault_op_throws", 3),
    /\[rank 1\] Error: MPI_Allreduce: the user op threw: op failed on rank 1/,
  );
});

test(`an exception in a waitAsync continuation ends the job naming the rank (${MPI})`, () => {
  endedNaming(
    launch("fault_wait_async", 3),
    /\[rank 1\] Error: continuation failed on rank 1/,
  );
});

test({
  name: "an exception inside a futures task ends the job naming the rank",
  ignore: "futures (an executor of tasks on ranks) do not exist yet",
  fn: () => {},
});

test(`the collector never frees a communicator; it counts it and Finalize reports it (${MPI})`, () => {
  const r = launch("gc_comm", 2, { v8: ["--expose-gc"] });
  assert.equal(r.status, 0, r.out);
  for (const rank of [0, 1]) {
    const m = r.out.match(
      new RegExp(
        `\\[rank ${rank}\\] collected=(\\d+) valid=(\\d+)/(\\d+) datatypes=(\\d+)`,
      ),
    );
    assert.ok(m, r.out);
    const [, collected, valid, dropped, datatypes] = m.map(Number);
    assert.ok(collected > 0, `rank ${rank}: nothing collected:\n${r.out}`);
    assert.equal(valid, dropped, "a collected communicator was freed");
    assert.equal(datatypes, 0, "datatypes are local: the collector frees them");
    assert.match(
      r.out,
      new RegExp(
        `\\[rank ${rank}\\] mpi4ts: garbage-collected without Free\\(\\): ${collected} Intracomm`,
      ),
    );
  }
});

test(`MPI4TS_DEBUG=1 reports each collected communicator at once (${MPI})`, () => {
  const r = launch("gc_comm", 2, {
    v8: ["--expose-gc"],
    env: { MPI4TS_DEBUG: "1" },
  });
  assert.equal(r.status, 0, r.out);
  assert.match(
    r.out,
    /\[rank 0\] mpi4ts: a Intracomm was garbage-collected without Free\(\)/,
  );
});
