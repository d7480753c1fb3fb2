/* MPI-IO benchmark in C, the same calls as bench/io.ts: Write_at_all and
 * Read_at_all bandwidth with 64 MiB per rank, Iwrite_at + Wait bandwidth,
 * 4 KiB Write_at latency. Prints {"bench","best","mean","unit"} lines.
 *   mpiexec -n 2 ./io [dir] [repetitions] */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK (64 << 20)
#define SMALL 4096
#define LAT_ITERS 5000

static int rank, size, reps;
static MPI_File fh;
static char *data, small[SMALL];

static void report(const char *bench, double *v, int lower, const char *unit) {
  double best = v[0], sum = 0;
  for (int i = 0; i < reps; i++) {
    if (lower ? v[i] < best : v[i] > best) best = v[i];
    sum += v[i];
  }
  if (rank == 0)
    printf("{\"bench\":\"%s\",\"best\":%g,\"mean\":%g,\"unit\":\"%s\"}\n", bench,
           best, sum / reps, unit);
}

static double slowest(double t) {
  double all;
  MPI_Allreduce(&t, &all, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return all;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const char *dir = argc > 1 ? argv[1] : "/dev/shm";
  reps = argc > 2 ? atoi(argv[2]) : 5;
  char path[4096];
  snprintf(path, sizeof path, "%s/mpi4ts-bench-io-c-%d", dir, (int)getpid());
  MPI_Bcast(path, sizeof path, MPI_CHAR, 0, MPI_COMM_WORLD);
  MPI_File_open(MPI_COMM_WORLD, path,
                MPI_MODE_RDWR | MPI_MODE_CREATE | MPI_MODE_DELETE_ON_CLOSE,
                MPI_INFO_NULL, &fh);
  data = malloc(BLOCK);
  memset(data, rank + 1, BLOCK);
  memset(small, 7, SMALL);
  MPI_Offset off = (MPI_Offset)rank * BLOCK;
  double v[64], mib = (double)size * BLOCK / (1 << 20);
  MPI_File_write_at_all(fh, off, data, BLOCK, MPI_BYTE, MPI_STATUS_IGNORE);
  for (int r = 0; r < reps; r++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    MPI_File_write_at_all(fh, off, data, BLOCK, MPI_BYTE, MPI_STATUS_IGNORE);
    v[r] = mib / slowest(MPI_Wtime() - t0);
  }
  report("write_at_all", v, 0, "MiB/s");
  for (int r = 0; r < reps; r++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    MPI_File_read_at_all(fh, off, data, BLOCK, MPI_BYTE, MPI_STATUS_IGNORE);
    v[r] = mib / slowest(MPI_Wtime() - t0);
  }
  report("read_at_all", v, 0, "MiB/s");
  for (int r = 0; r < reps; r++) {
    MPI_Request req;
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    MPI_File_iwrite_at(fh, off, data, BLOCK, MPI_BYTE, &req);
    MPI_Wait(&req, MPI_STATUS_IGNORE);
    v[r] = mib / slowest(MPI_Wtime() - t0);
  }
  report("iwrite_at", v, 0, "MiB/s");
  MPI_Offset at = (MPI_Offset)rank * SMALL;
  /* A second of warm-up, as in bench/io.ts (whose JIT needs it). */
  for (double end = MPI_Wtime() + 1; MPI_Wtime() < end;)
    for (int i = 0; i < 100; i++)
      MPI_File_write_at(fh, at, small, SMALL, MPI_BYTE, MPI_STATUS_IGNORE);
  for (int r = 0; r < reps; r++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    for (int i = 0; i < LAT_ITERS; i++)
      MPI_File_write_at(fh, at, small, SMALL, MPI_BYTE, MPI_STATUS_IGNORE);
    v[r] = slowest(MPI_Wtime() - t0) / LAT_ITERS * 1e6;
  }
  report("write_at_4k", v, 1, "us");
  MPI_File_close(&fh);
  free(data);
  MPI_Finalize();
  return 0;
}
