/**
 * C symbols: process topologies (MPI-4.1 §8). The neighbor collectives
 * share their parameter lists with the collectives and live in
 * `collectives.ts`.
 *
 * @module
 */
import type { FnDef } from "../types.ts";

/** Topology constructors and queries. */
export const topology = {
  MPI_Cart_create: {
    parameters: [
      "handle", // MPI_Comm comm_old
      "i32", // int ndims
      "buffer", // const int dims[]
      "buffer", // const int periods[]
      "i32", // int reorder
      "buffer", // MPI_Comm *comm_cart
    ],
    result: "i32",
  },
  MPI_Cartdim_get: {
    parameters: [
      "handle", // MPI_Comm comm
      "buffer", // int *ndims
    ],
    result: "i32",
  },
  MPI_Cart_get: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int maxdims
      "buffer", // int dims[]
      "buffer", // int periods[]
      "buffer", // int coords[]
    ],
    result: "i32",
  },
  MPI_Cart_rank: {
    parameters: [
      "handle", // MPI_Comm comm
      "buffer", // const int coords[]
      "buffer", // int *rank
    ],
    result: "i32",
  },
  MPI_Cart_coords: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int rank
      "i32", // int maxdims
      "buffer", // int coords[]
    ],
    result: "i32",
  },
  MPI_Cart_shift: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int direction
      "i32", // int disp
      "buffer", // int *rank_source
      "buffer", // int *rank_dest
    ],
    result: "i32",
  },
  MPI_Cart_sub: {
    parameters: [
      "handle", // MPI_Comm comm
      "buffer", // const int remain_dims[]
      "buffer", // MPI_Comm *newcomm
    ],
    result: "i32",
  },
  MPI_Dims_create: {
    parameters: [
      "i32", // int nnodes
      "i32", // int ndims
      "buffer", // int dims[]
    ],
    result: "i32",
  },
  MPI_Graph_create: {
    parameters: [
      "handle", // MPI_Comm comm_old
      "i32", // int nnodes
      "buffer", // const int index[]
      "buffer", // const int edges[]
      "i32", // int reorder
      "buffer", // MPI_Comm *comm_graph
    ],
    result: "i32",
  },
  MPI_Graphdims_get: {
    parameters: [
      "handle", // MPI_Comm comm
      "buffer", // int *nnodes
      "buffer", // int *nedges
    ],
    result: "i32",
  },
  MPI_Graph_get: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int maxindex
      "i32", // int maxedges
      "buffer", // int index[]
      "buffer", // int edges[]
    ],
    result: "i32",
  },
  MPI_Graph_neighbors_count: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int rank
      "buffer", // int *nneighbors
    ],
    result: "i32",
  },
  MPI_Graph_neighbors: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int rank
      "i32", // int maxneighbors
      "buffer", // int neighbors[]
    ],
    result: "i32",
  },
  MPI_Dist_graph_create_adjacent: {
    parameters: [
      "handle", // MPI_Comm comm_old
      "i32", // int indegree
      "buffer", // const int sources[]
      "buffer", // const int sourceweights[] (or MPI_UNWEIGHTED)
      "i32", // int outdegree
      "buffer", // const int destinations[]
      "buffer", // const int destweights[] (or MPI_UNWEIGHTED)
      "handle", // MPI_Info info
      "i32", // int reorder
      "buffer", // MPI_Comm *comm_dist_graph
    ],
    result: "i32",
    sentinels: [3, 6],
  },
  MPI_Dist_graph_create: {
    parameters: [
      "handle", // MPI_Comm comm_old
      "i32", // int n
      "buffer", // const int sources[]
      "buffer", // const int degrees[]
      "buffer", // const int destinations[]
      "buffer", // const int weights[] (or MPI_UNWEIGHTED)
      "handle", // MPI_Info info
      "i32", // int reorder
      "buffer", // MPI_Comm *comm_dist_graph
    ],
    result: "i32",
    sentinels: [5],
  },
  MPI_Dist_graph_neighbors_count: {
    parameters: [
      "handle", // MPI_Comm comm
      "buffer", // int *indegree
      "buffer", // int *outdegree
      "buffer", // int *weighted
    ],
    result: "i32",
  },
  MPI_Dist_graph_neighbors: {
    parameters: [
      "handle", // MPI_Comm comm
      "i32", // int maxindegree
      "buffer", // int sources[]
      "buffer", // int sourceweights[]
      "i32", // int maxoutdegree
      "buffer", // int destinations[]
      "buffer", // int destweights[]
    ],
    result: "i32",
  },
} as const satisfies Record<string, FnDef>;
