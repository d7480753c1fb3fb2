// mpi4ts-test: np=2
/**
 * Awaited MPI at `MPI_THREAD_FUNNELED`: only the main thread calls MPI.
 */
import { rc } from "../rc.ts";

rc.threadLevel = "funneled";
const { awaitTests } = await import("./_await_cases.ts");
awaitTests("funneled");
