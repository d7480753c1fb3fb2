/**
 * The test harness shared by Deno, Node and Bun: `test()` registers with
 * `Deno.test` under Deno and with a small sequential runner under Node and Bun that
 * reports the way `deno test` does, so one test file runs on every runtime.
 *
 * @module
 */
import process from "node:process";

/** What a test body receives. */
export interface TestContext {
  /** The test's name. */
  readonly name: string;
}

/** A test body. */
export type TestFn = (t: TestContext) => void | Promise<void>;

/** A test with options, as `Deno.test` takes them. */
export interface TestDefinition {
  /** The test's name. */
  name: string;
  /** The body. */
  fn: TestFn;
  /**
   * Why the test does not apply here (too few ranks, a library defect with
   * its upstream issue, an opt-in that is off), or `false` to run it. The
   * reason is printed with the test's name, so a skip shows in the counts.
   */
  ignore?: string | false;
}

/** The name a test reports under: an ignored test carries its reason. */
function shownName(def: TestDefinition): string {
  return def.ignore ? `${def.name} (ignored: ${def.ignore})` : def.name;
}

let onFailure: (name: string, error: unknown) => void = () => {};

/**
 * Sets what happens when a test fails, before the failure is reported. With
 * MPI this aborts the job: a failed assertion on one rank would otherwise
 * leave the others waiting in the next collective forever.
 */
export function setFailureHook(
  hook: (name: string, error: unknown) => void,
): void {
  onFailure = hook;
}

function guarded(name: string, fn: TestFn): TestFn {
  return async (t) => {
    try {
      await fn(t);
    } catch (error) {
      onFailure(name, error);
      throw error;
    }
  };
}

const pending: TestDefinition[] = [];

/** Runs the registered tests in order under Node, reporting as `deno test` does. */
async function runUnderNode(): Promise<void> {
  let passed = 0, failed = 0, ignored = 0;
  const start = performance.now();
  for (const t of pending) {
    if (t.ignore) {
      ignored++;
      console.log(`${t.name} ... ignored`);
      continue;
    }
    try {
      await t.fn({ name: t.name });
      passed++;
      console.log(`${t.name} ... ok`);
    } catch (error) {
      failed++;
      console.log(`${t.name} ... FAILED`);
      console.error(error);
    }
  }
  const ms = Math.round(performance.now() - start);
  const verdict = failed ? "FAILED" : "ok";
  console.log(
    `${verdict} | ${passed} passed | ${failed} failed | ${ignored} ignored (${ms}ms)`,
  );
  if (failed) process.exitCode = 1;
}

/**
 * Registers a test: `Deno.test` under Deno, a small sequential runner under
 * Node, so the same test files run on both runtimes.
 */
export function test(nameOrDef: string | TestDefinition, fn?: TestFn): void {
  const def = typeof nameOrDef === "string"
    ? { name: nameOrDef, fn: fn! }
    : nameOrDef;
  if (def.ignore === "") {
    throw new TypeError(`ignore: '${def.name}' needs a reason`);
  }
  const wrapped = {
    ...def,
    name: shownName(def),
    fn: guarded(def.name, def.fn),
  };
  if ("Deno" in globalThis) {
    Deno.test({ ...wrapped, ignore: Boolean(def.ignore) });
    return;
  }
  if (pending.length === 0) setTimeout(runUnderNode, 0);
  pending.push(wrapped);
}
