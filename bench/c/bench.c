/* The C MPI reference for bench/run.ts: the same loops as bench/measured.ts.
 * Usage: bench pingpong|allreduce|bcast <min> <max> <iterations> <warmup>
 *        bench init   (MPI_Init and MPI_Finalize only)
 * Prints one JSON line per size on rank 0 (sizes in bytes). */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNKS 5
#define SETTLE_SECONDS 1.0

static void step(const char *bench, int rank, char *a, char *b, long n) {
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

static int scaled(int iters, long bytes) {
  if (bytes >= (1L << 20)) return iters / 100 > 10 ? iters / 100 : 10;
  if (bytes >= (1L << 14)) return iters / 10 > 10 ? iters / 10 : 10;
  return iters;
}

/* Runs the first step untimed until rank 0 has seen SETTLE_SECONDS pass, as
 * bench/measured.ts does: start-up threads must not land in the first size. */
static void settle(const char *bench, int rank, char *a, char *b, long n) {
  double t0 = MPI_Wtime();
  int more;
  do {
    for (int i = 0; i < 1000; i++) step(bench, rank, a, b, n);
    more = MPI_Wtime() - t0 < SETTLE_SECONDS;
    MPI_Bcast(&more, 1, MPI_INT, 0, MPI_COMM_WORLD);
  } while (more);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const char *bench = argv[1];
  if (!strcmp(bench, "init")) { /* start-up cost only: bench/startup.ts */
    MPI_Finalize();
    return 0;
  }
  long min = atol(argv[2]), max = atol(argv[3]);
  int iters = atoi(argv[4]), warmup = atoi(argv[5]);
  char *a = malloc(max > 8 ? max : 8), *b = malloc(max > 8 ? max : 8);
  memset(a, 1, max > 8 ? max : 8);
  settle(bench, rank, a, b, min);
  for (long n = min; n <= max; n = n ? n * 4 : 1) {
    int it = scaled(iters, n), per = (it + CHUNKS - 1) / CHUNKS;
    for (int i = 0; i < warmup; i++) step(bench, rank, a, b, n);
    /* The best of CHUNKS timed runs (the machine's noise only adds time),
     * and the mean of all of them: the sustained cost. */
    double best = 1e30, total = 0;
    for (int c = 0; c < CHUNKS; c++) {
      MPI_Barrier(MPI_COMM_WORLD);
      double t0 = MPI_Wtime();
      for (int i = 0; i < per; i++) step(bench, rank, a, b, n);
      double t = MPI_Wtime() - t0;
      total += t;
      if (t / per < best) best = t / per;
    }
    double half = strcmp(bench, "pingpong") ? 1 : 2;
    if (rank == 0)
      printf("{\"impl\":\"C\",\"bench\":\"%s\",\"size\":%ld,\"usec\":%.4f,\"mean\":%.4f}\n", bench, n,
             best / half * 1e6, total / ((double)per * CHUNKS) / half * 1e6);
  }
  MPI_Finalize();
  return 0;
}
