// mpi4ts-test: np=1,2,3
/**
 * Awaited MPI (`waitAsync`, `Request.waitallAsync`) under concurrency, at
 * the default thread level (`MPI_THREAD_MULTIPLE`).
 */
import { awaitTests } from "./_await_cases.ts";

awaitTests("multiple");
