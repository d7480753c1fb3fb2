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
const background = new Set<Steps>();

/** Registers `steps` to advance during every blocking wait until it completes. */
export function advanceWhileWaiting(steps: Steps): void {
  background.add(steps);
}

/** Whether some operation needs advancing while this process waits. */
export function hasBackground(): boolean {
  return background.size > 0;
}

/** Takes `steps` out of the background set (it completed elsewhere). */
export function stopAdvancing(steps: Steps): void {
  background.delete(steps);
}

/** Advances every background operation once. */
export function progress(): void {
  for (const steps of background) if (steps.test()) background.delete(steps);
}
