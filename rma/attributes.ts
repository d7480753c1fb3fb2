/**
 * Window attributes and the window object's other state: the predefined
 * attributes (`WIN_BASE`, `WIN_SIZE`, `WIN_DISP_UNIT`, `WIN_CREATE_FLAVOR`,
 * `WIN_MODEL`) read from MPI, user keyvals cached on the JavaScript side as
 * for communicators, the group, info, name and error handler.
 *
 * @module
 */
import { backend, C, type Handle, lib, readHandle } from "../ffi/lib.ts";
import { check, int } from "../core/errors.ts";
import { type Group, wrapGroup } from "../core/group.ts";
import { Info, infoHandle } from "../core/info.ts";
import { fromCString } from "../ffi/lib.ts";
import { deleteAttr, setAttr, userAttr } from "../comm/attributes.ts";
import type { WinFacts } from "./facts.ts";

const valueOut = new BigUint64Array(1);
const flagOut = new Int32Array(1);
const handleOut = new Uint8Array(8);

/** The raw attribute value (a pointer) of `keyval`, or `undefined`. */
function rawAttr(win: Handle, keyval: number): bigint | undefined {
  check(
    lib.MPI_Win_get_attr(win, keyval, valueOut, flagOut),
    "MPI_Win_get_attr",
  );
  return flagOut[0] === 0 ? undefined : valueOut[0];
}

function deref(at: bigint, bytes: 4 | 8): number {
  const cell = backend.view(backend.pointer(at), bytes);
  return bytes === 4
    ? new Int32Array(cell)[0]
    : Number(new BigInt64Array(cell)[0]);
}

/** `{ base, size, dispUnit }` of this rank's window memory. */
export function attrs(
  f: WinFacts,
): { base: bigint; size: number; dispUnit: number } {
  const win = f.handle();
  const base = rawAttr(win, C.WIN_BASE) ?? 0n;
  const size = rawAttr(win, C.WIN_SIZE);
  const unit = rawAttr(win, C.WIN_DISP_UNIT);
  const known = f.sizes[f.groupRank];
  return {
    base,
    size: known >= 0 ? known : size === undefined ? 0 : deref(size, 8),
    dispUnit: unit === undefined ? 1 : deref(unit, 4),
  };
}

/** `MPI_Win_get_attr` for a predefined keyval, or the cached user value. */
export function getAttr(f: WinFacts, owner: object, keyval: unknown): unknown {
  const k = int(keyval, "keyval");
  const win = f.handle();
  switch (k) {
    case C.WIN_BASE:
      return rawAttr(win, k);
    case C.WIN_SIZE: {
      const at = rawAttr(win, k);
      const known = f.sizes[f.groupRank];
      return at === undefined ? undefined : known >= 0 ? known : deref(at, 8);
    }
    case C.WIN_DISP_UNIT:
    case C.WIN_CREATE_FLAVOR:
    case C.WIN_MODEL: {
      const at = rawAttr(win, k);
      return at === undefined ? undefined : deref(at, 4);
    }
  }
  return userAttr(owner, k);
}

/** `WIN_SEPARATE` or `WIN_UNIFIED`. */
export function model(f: WinFacts): number {
  return getAttr(f, f, C.WIN_MODEL) as number;
}

/** The window's group (`MPI_Win_get_group`); the caller frees it. */
export function group(f: WinFacts): Group {
  check(lib.MPI_Win_get_group(f.handle(), handleOut), "MPI_Win_get_group");
  return wrapGroup(readHandle(handleOut));
}

/** The hints in use (`MPI_Win_get_info`); the caller frees it. */
export function getInfo(f: WinFacts): Info {
  check(lib.MPI_Win_get_info(f.handle(), handleOut), "MPI_Win_get_info");
  return new Info(readHandle(handleOut));
}

/** Sets hints (`MPI_Win_set_info`). */
export function setInfo(f: WinFacts, info: unknown): void {
  check(
    lib.MPI_Win_set_info(f.handle(), infoHandle(info)),
    "MPI_Win_set_info",
  );
}

/** The window's name (`MPI_Win_get_name`). */
export function getName(f: WinFacts): string {
  const buf = new Uint8Array(C.MAX_OBJECT_NAME + 1);
  check(lib.MPI_Win_get_name(f.handle(), buf, flagOut), "MPI_Win_get_name");
  return fromCString(buf, flagOut[0]);
}

/** Sets the window's name (`MPI_Win_set_name`). */
export function setName(f: WinFacts, name: unknown): void {
  if (typeof name !== "string") throw new TypeError("name must be a string");
  check(
    lib.MPI_Win_set_name(f.handle(), new TextEncoder().encode(name + "\0")),
    "MPI_Win_set_name",
  );
}

/** Sets the error handler (`MPI_Win_set_errhandler`). */
export function setErrhandler(f: WinFacts, errhandler: Handle): void {
  check(
    lib.MPI_Win_set_errhandler(f.handle(), errhandler),
    "MPI_Win_set_errhandler",
  );
}

/** The error handler's handle (`MPI_Win_get_errhandler`). */
export function getErrhandler(f: WinFacts): Handle {
  check(
    lib.MPI_Win_get_errhandler(f.handle(), handleOut),
    "MPI_Win_get_errhandler",
  );
  return readHandle(handleOut);
}

/** `WIN_FLAVOR_*` of a live window. */
export function flavor(f: WinFacts): number {
  f.handle();
  return f.flavor;
}

/** Size of a live window's group. */
export function groupSize(f: WinFacts): number {
  f.handle();
  return f.groupSize;
}

/** This process's rank in a live window's group. */
export function groupRank(f: WinFacts): number {
  f.handle();
  return f.groupRank;
}

/** Caches `value` on a live window under user keyval `keyval`. */
export function setUserAttr(
  f: WinFacts,
  owner: object,
  keyval: number,
  value: unknown,
): void {
  f.handle();
  setAttr(owner, keyval, value);
}

/** Removes the value under user keyval `keyval` from a live window. */
export function deleteUserAttr(
  f: WinFacts,
  owner: object,
  keyval: number,
): void {
  f.handle();
  deleteAttr(owner, int(keyval, "keyval"));
}
