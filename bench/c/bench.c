/* The C MPI reference for bench/run.ts: the same loops as bench/measured.ts.
 * Usage: bench pingpong|allreduce|bcast <min> <max> <iterations> <warmup>
 * Prints one JSON line per size on rank 0 (sizes in bytes). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int scaled(int iters, long bytes) {
  if (bytes >= (1L << 20)) return iters / 100 > 10 ? iters / 100 : 10;
  if (bytes >= (1L << 14)) return iters / 10 > 10 ? iters / 10 : 10;
  return iters;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const char *bench = argv[1];
  long min = atol(argv[2]), max = atol(argv[3]);
  int iters = atoi(argv[4]), warmup = atoi(argv[5]);
  char *a = malloc(max > 8 ? max : 8), *b = malloc(max > 8 ? max : 8);
  memset(a, 1, max > 8 ? max : 8);
  for (long n = min; n <= max; n = n ? n * 4 : 1) {
    int it = scaled(iters, n), total = it + warmup;
    double t0 = 0;
    for (int i = 0; i < total; i++) {
      if (i == warmup) { MPI_Barrier(MPI_COMM_WORLD); t0 = MPI_Wtime(); }
      if (!strcmp(bench, "pingpong")) {
        if (rank == 0) {
          MPI_Send(a, (int)n, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
          MPI_Recv(a, (int)n, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else if (rank == 1) {
          MPI_Recv(a, (int)n, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
          MPI_Send(a, (int)n, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
        }
      } else if (!strcmp(bench, "allreduce")) {
        MPI_Allreduce(a, b, (int)(n / 8), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
      } else {
        MPI_Bcast(a, (int)(n / 8), MPI_DOUBLE, 0, MPI_COMM_WORLD);
      }
    }
    double t = (MPI_Wtime() - t0) / it;
    if (!strcmp(bench, "pingpong")) t /= 2;
    if (rank == 0) printf("{\"impl\":\"C\",\"bench\":\"%s\",\"size\":%ld,\"usec\":%.4f}\n", bench, n, t * 1e6);
  }
  MPI_Finalize();
  return 0;
}
