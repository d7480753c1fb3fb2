/**
 * Operations made of several MPI steps (a value receive probes, then
 * receives; a value collective exchanges sizes, then bytes), and the ones
 * among them that must advance whenever this process waits on anything.
 * Requests (`core/request.ts`) and the poller that drives awaits
 * (`core/poller.ts`) both build on this.
 *
 * @module
 */

/** Drives an operation made of several MPI steps. */
export interface Steps {
  /** Advances without blocking; `true` once complete. */
  test(): boolean;
  /** Blocks until complete. */
  wait(): void;
  /**
   * Not used: awaiting drives every operation through `test()` on the
   * JavaScript thread (`core/poller.ts`), so an implementation may omit it.
   */
  waitAsync?(): Promise<void>;
  /** The operation's result, once complete. */
  result(): unknown;
  /** The status of the completed operation (source, tag, count), if any. */
  status(): Uint8Array | undefined;
  /** Cancels what is pending, if possible. */
  cancel?(): void;
}

/**
 * Multi-step operations that must advance whenever this process waits on
 * anything: a value `irecv` only matches its message when it probes, so a
 * peer's synchronous send to it completes only if we keep probing while we
 * wait elsewhere (MPI's progress rule, kept for value receives).
 */
const background: Steps[] = [];

// An array, not a Set: a Set keyed by each receive's fresh object cost its
// identity hash and table churn on every irecv.

/** Registers `steps` to advance during every blocking wait until it completes. */
export function advanceWhileWaiting(steps: Steps): void {
  background.push(steps);
}

/** Whether some operation needs advancing while this process waits. */
export function hasBackground(): boolean {
  return background.length > 0;
}

/** Takes `steps` out of the background set (it completed elsewhere). */
export function stopAdvancing(steps: Steps): void {
  const i = background.lastIndexOf(steps);
  if (i >= 0) remove(i);
}

function remove(i: number): void {
  const last = background.pop()!;
  if (i < background.length) background[i] = last;
}

/** Advances every background operation once. */
export function progress(): void {
  for (let i = 0; i < background.length;) {
    if (background[i].test()) remove(i);
    else i++;
  }
}
