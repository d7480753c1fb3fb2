/* One-sided communication benchmarks on 2 ranks, timed like bench/rma.ts:
 * passive-target Put of 8 bytes + Flush, Get of 1 MiB, Accumulate SUM of
 * 1 MiB of doubles, Fetch_and_op increments, and summing a peer's 8 MiB
 * shared segment next to a local array. Prints JSON rows
 * {"impl","bench","size","usec","best"}: the mean over one run of 5
 * back-to-back batches and the best batch, after at least `warm` untimed
 * calls and 1 s (0.2 s quick) of warm-up, as bench/rma.ts does.
 * `multiple` initializes with MPI_THREAD_MULTIPLE (the default of mpi4ts
 * and mpi4py), otherwise MPI_Init.
 *
 *   mpicc -O2 bench/c/rma.c -o rma && mpiexec -n 2 ./rma [quick] [multiple] */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#define BATCHES 5
static double scale = 1, warm_seconds = 1;
static int rank;

static int n(int x) { int v = (int)(x * scale); return v < 10 ? 10 : v; }

typedef void (*op_fn)(void *);

static void timeit(const char *bench, long size, int iters, int warm, op_fn op, void *arg) {
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) {
    for (int i = 0; i < warm; i++) op(arg);
    for (double t0 = MPI_Wtime(); MPI_Wtime() - t0 < warm_seconds;)
      for (int i = 0; i < 100; i++) op(arg);
    int per = iters / BATCHES; if (per < 1) per = 1;
    double total = 0, best = 1e30;
    for (int b = 0; b < BATCHES; b++) {
      double t0 = MPI_Wtime();
      for (int i = 0; i < per; i++) op(arg);
      double dt = MPI_Wtime() - t0;
      total += dt;
      if (dt / per < best) best = dt / per;
    }
    printf("{\"impl\":\"C\",\"bench\":\"%s\",\"size\":%ld,\"usec\":%.4f,\"best\":%.4f}\n",
           bench, size, total / (per * BATCHES) * 1e6, best * 1e6);
    fflush(stdout);
  }
  MPI_Barrier(MPI_COMM_WORLD);
}

struct ctx { MPI_Win win; double *buf; long count; int64_t one, prev; double sink; double *arr; };

static void put8(void *p) { struct ctx *c = p; MPI_Put(c->buf, 1, MPI_DOUBLE, 1, 0, 1, MPI_DOUBLE, c->win); MPI_Win_flush(1, c->win); }
static void get1m(void *p) { struct ctx *c = p; MPI_Get(c->buf, c->count, MPI_DOUBLE, 1, 0, c->count, MPI_DOUBLE, c->win); MPI_Win_flush(1, c->win); }
static void acc1m(void *p) { struct ctx *c = p; MPI_Accumulate(c->buf, c->count, MPI_DOUBLE, 1, 0, c->count, MPI_DOUBLE, MPI_SUM, c->win); MPI_Win_flush(1, c->win); }
static void fop(void *p) { struct ctx *c = p; MPI_Fetch_and_op(&c->one, &c->prev, MPI_INT64_T, 1, 0, MPI_SUM, c->win); MPI_Win_flush(1, c->win); }
static void sum(void *p) { struct ctx *c = p; double s = 0; for (long i = 0; i < c->count; i++) s += c->arr[i]; c->sink += s; }

int main(int argc, char **argv) {
  int multiple = 0, provided;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "quick") == 0) { scale = 0.1; warm_seconds = 0.2; }
    if (strcmp(argv[i], "multiple") == 0) multiple = 1;
  }
  if (multiple) MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided);
  else MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const long MiB = 1 << 20;
  struct ctx c = {0};
  double *base;
  MPI_Win_allocate(MiB, 8, MPI_INFO_NULL, MPI_COMM_WORLD, &base, &c.win);
  MPI_Win_lock_all(0, c.win);
  c.buf = calloc(MiB / 8, sizeof(double));
  c.count = MiB / 8;
  c.one = 1;
  timeit("rma_put", 8, n(100000), n(60000), put8, &c);
  timeit("rma_get", MiB, n(500), n(50), get1m, &c);
  for (long i = 0; i < c.count; i++) c.buf[i] = 1;
  timeit("rma_acc", MiB, n(200), n(20), acc1m, &c);
  timeit("rma_fop", 8, n(100000), n(60000), fop, &c);
  MPI_Win_unlock_all(c.win);
  MPI_Win_free(&c.win);

  long bytes = 8 * MiB;
  double *mine;
  MPI_Win shm;
  MPI_Win_allocate_shared(bytes, 8, MPI_INFO_NULL, MPI_COMM_WORLD, &mine, &shm);
  for (long i = 0; i < bytes / 8; i++) mine[i] = rank + 1;
  MPI_Win_lock_all(0, shm);
  MPI_Win_sync(shm);
  MPI_Barrier(MPI_COMM_WORLD);
  MPI_Win_sync(shm);
  MPI_Aint qsize; int qunit; double *peer;
  MPI_Win_shared_query(shm, 1, &qsize, &qunit, &peer);
  double *local = malloc(bytes);
  for (long i = 0; i < bytes / 8; i++) local[i] = 2;
  c.count = bytes / 8;
  c.arr = peer;
  timeit("shm_sum_peer", bytes, n(100), n(20), sum, &c);
  c.arr = local;
  timeit("shm_sum_local", bytes, n(100), n(20), sum, &c);
  if (c.sink < 0) printf("%g\n", c.sink);
  MPI_Win_unlock_all(shm);
  MPI_Win_free(&shm);
  MPI_Finalize();
  return 0;
}
