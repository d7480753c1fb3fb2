// mpi4ts-test: np=1
/**
 * The table of C functions (`lib`) keeps its shape for the whole program.
 * Backends that bind a function on its first use bind it behind a getter
 * that stays: turning the getter into a value property changed the table's
 * shape, and V8 then dropped the optimized code of everything that called
 * into the table (a hot loop ran up to 40% slower for half a second after a
 * program's first `Barrier`).
 */
import { assert, mpi, test } from "./_util.ts";
import { lib } from "../ffi/lib.ts";

test("a function's first use leaves the function table as it was", () => {
  const name = "MPI_Get_processor_name";
  const before = Object.getOwnPropertyDescriptor(lib, name);
  assert.ok(before, `${name} is in the table`);
  const host = mpi.Get_processor_name(); // its first call in this program
  assert.ok(host.length > 0);
  assert.deepEqual(Object.getOwnPropertyDescriptor(lib, name), before);
  assert.equal(lib[name], lib[name], "one bound function, not one per read");
  assert.equal(mpi.Get_processor_name(), host);
});
