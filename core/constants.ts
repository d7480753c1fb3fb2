/**
 * Integer constants of the loaded MPI (`ANY_SOURCE`, `ERR_TRUNCATE`, ...),
 * with the values of the library in use.
 *
 * @module
 */
import { C } from "../ffi/lib.ts";

/** `MPI_SUCCESS` */
export const SUCCESS: number = C.SUCCESS;
/** `MPI_ANY_SOURCE` */
export const ANY_SOURCE: number = C.ANY_SOURCE;
/** `MPI_ANY_TAG` */
export const ANY_TAG: number = C.ANY_TAG;
/** `MPI_PROC_NULL` */
export const PROC_NULL: number = C.PROC_NULL;
/** `MPI_ROOT` */
export const ROOT: number = C.ROOT;
/** `MPI_UNDEFINED` */
export const UNDEFINED: number = C.UNDEFINED;
/** `MPI_KEYVAL_INVALID` */
export const KEYVAL_INVALID: number = C.KEYVAL_INVALID;
/** `MPI_TAG_UB` */
export const TAG_UB: number = C.TAG_UB;
/** `MPI_HOST` */
export const HOST: number = C.HOST;
/** `MPI_IO` */
export const IO: number = C.IO;
/** `MPI_WTIME_IS_GLOBAL` */
export const WTIME_IS_GLOBAL: number = C.WTIME_IS_GLOBAL;
/** `MPI_UNIVERSE_SIZE` */
export const UNIVERSE_SIZE: number = C.UNIVERSE_SIZE;
/** `MPI_APPNUM` */
export const APPNUM: number = C.APPNUM;
/** `MPI_LASTUSEDCODE` */
export const LASTUSEDCODE: number = C.LASTUSEDCODE;
/** `MPI_THREAD_SINGLE` */
export const THREAD_SINGLE: number = C.THREAD_SINGLE;
/** `MPI_THREAD_FUNNELED` */
export const THREAD_FUNNELED: number = C.THREAD_FUNNELED;
/** `MPI_THREAD_SERIALIZED` */
export const THREAD_SERIALIZED: number = C.THREAD_SERIALIZED;
/** `MPI_THREAD_MULTIPLE` */
export const THREAD_MULTIPLE: number = C.THREAD_MULTIPLE;
/** `MPI_IDENT` */
export const IDENT: number = C.IDENT;
/** `MPI_CONGRUENT` */
export const CONGRUENT: number = C.CONGRUENT;
/** `MPI_SIMILAR` */
export const SIMILAR: number = C.SIMILAR;
/** `MPI_UNEQUAL` */
export const UNEQUAL: number = C.UNEQUAL;
/** `MPI_GRAPH` */
export const GRAPH: number = C.GRAPH;
/** `MPI_CART` */
export const CART: number = C.CART;
/** `MPI_DIST_GRAPH` */
export const DIST_GRAPH: number = C.DIST_GRAPH;
/** `MPI_BSEND_OVERHEAD` */
export const BSEND_OVERHEAD: number = C.BSEND_OVERHEAD;
/** `MPI_MAX_PROCESSOR_NAME` */
export const MAX_PROCESSOR_NAME: number = C.MAX_PROCESSOR_NAME;
/** `MPI_MAX_ERROR_STRING` */
export const MAX_ERROR_STRING: number = C.MAX_ERROR_STRING;
/** `MPI_MAX_LIBRARY_VERSION_STRING` */
export const MAX_LIBRARY_VERSION_STRING: number = C.MAX_LIBRARY_VERSION_STRING;
/** `MPI_MAX_OBJECT_NAME` */
export const MAX_OBJECT_NAME: number = C.MAX_OBJECT_NAME;
/** `MPI_MAX_PORT_NAME` */
export const MAX_PORT_NAME: number = C.MAX_PORT_NAME;
/** `MPI_MAX_INFO_KEY` */
export const MAX_INFO_KEY: number = C.MAX_INFO_KEY;
/** `MPI_MAX_INFO_VAL` */
export const MAX_INFO_VAL: number = C.MAX_INFO_VAL;
/** `MPI_ORDER_C` */
export const ORDER_C: number = C.ORDER_C;
/** `MPI_ORDER_FORTRAN` */
export const ORDER_FORTRAN: number = C.ORDER_FORTRAN;
/** `MPI_DISTRIBUTE_BLOCK` */
export const DISTRIBUTE_BLOCK: number = C.DISTRIBUTE_BLOCK;
/** `MPI_DISTRIBUTE_CYCLIC` */
export const DISTRIBUTE_CYCLIC: number = C.DISTRIBUTE_CYCLIC;
/** `MPI_DISTRIBUTE_NONE` */
export const DISTRIBUTE_NONE: number = C.DISTRIBUTE_NONE;
/** `MPI_DISTRIBUTE_DFLT_DARG` */
export const DISTRIBUTE_DFLT_DARG: number = C.DISTRIBUTE_DFLT_DARG;
/** `MPI_TYPECLASS_REAL` */
export const TYPECLASS_REAL: number = C.TYPECLASS_REAL;
/** `MPI_TYPECLASS_INTEGER` */
export const TYPECLASS_INTEGER: number = C.TYPECLASS_INTEGER;
/** `MPI_TYPECLASS_COMPLEX` */
export const TYPECLASS_COMPLEX: number = C.TYPECLASS_COMPLEX;
/** `MPI_COMBINER_NAMED` */
export const COMBINER_NAMED: number = C.COMBINER_NAMED;
/** `MPI_COMBINER_DUP` */
export const COMBINER_DUP: number = C.COMBINER_DUP;
/** `MPI_COMBINER_CONTIGUOUS` */
export const COMBINER_CONTIGUOUS: number = C.COMBINER_CONTIGUOUS;
/** `MPI_COMBINER_VECTOR` */
export const COMBINER_VECTOR: number = C.COMBINER_VECTOR;
/** `MPI_COMBINER_HVECTOR` */
export const COMBINER_HVECTOR: number = C.COMBINER_HVECTOR;
/** `MPI_COMBINER_INDEXED` */
export const COMBINER_INDEXED: number = C.COMBINER_INDEXED;
/** `MPI_COMBINER_HINDEXED` */
export const COMBINER_HINDEXED: number = C.COMBINER_HINDEXED;
/** `MPI_COMBINER_INDEXED_BLOCK` */
export const COMBINER_INDEXED_BLOCK: number = C.COMBINER_INDEXED_BLOCK;
/** `MPI_COMBINER_HINDEXED_BLOCK` */
export const COMBINER_HINDEXED_BLOCK: number = C.COMBINER_HINDEXED_BLOCK;
/** `MPI_COMBINER_STRUCT` */
export const COMBINER_STRUCT: number = C.COMBINER_STRUCT;
/** `MPI_COMBINER_SUBARRAY` */
export const COMBINER_SUBARRAY: number = C.COMBINER_SUBARRAY;
/** `MPI_COMBINER_DARRAY` */
export const COMBINER_DARRAY: number = C.COMBINER_DARRAY;
/** `MPI_COMBINER_F90_REAL` */
export const COMBINER_F90_REAL: number = C.COMBINER_F90_REAL;
/** `MPI_COMBINER_F90_COMPLEX` */
export const COMBINER_F90_COMPLEX: number = C.COMBINER_F90_COMPLEX;
/** `MPI_COMBINER_F90_INTEGER` */
export const COMBINER_F90_INTEGER: number = C.COMBINER_F90_INTEGER;
/** `MPI_COMBINER_RESIZED` */
export const COMBINER_RESIZED: number = C.COMBINER_RESIZED;
/** `MPI_COMM_TYPE_SHARED` */
export const COMM_TYPE_SHARED: number = C.COMM_TYPE_SHARED;
/** `MPI_LOCK_EXCLUSIVE` */
export const LOCK_EXCLUSIVE: number = C.LOCK_EXCLUSIVE;
/** `MPI_LOCK_SHARED` */
export const LOCK_SHARED: number = C.LOCK_SHARED;
/** `MPI_MODE_NOCHECK` */
export const MODE_NOCHECK: number = C.MODE_NOCHECK;
/** `MPI_MODE_NOSTORE` */
export const MODE_NOSTORE: number = C.MODE_NOSTORE;
/** `MPI_MODE_NOPUT` */
export const MODE_NOPUT: number = C.MODE_NOPUT;
/** `MPI_MODE_NOPRECEDE` */
export const MODE_NOPRECEDE: number = C.MODE_NOPRECEDE;
/** `MPI_MODE_NOSUCCEED` */
export const MODE_NOSUCCEED: number = C.MODE_NOSUCCEED;
/** `MPI_WIN_FLAVOR_CREATE` */
export const WIN_FLAVOR_CREATE: number = C.WIN_FLAVOR_CREATE;
/** `MPI_WIN_FLAVOR_ALLOCATE` */
export const WIN_FLAVOR_ALLOCATE: number = C.WIN_FLAVOR_ALLOCATE;
/** `MPI_WIN_FLAVOR_DYNAMIC` */
export const WIN_FLAVOR_DYNAMIC: number = C.WIN_FLAVOR_DYNAMIC;
/** `MPI_WIN_FLAVOR_SHARED` */
export const WIN_FLAVOR_SHARED: number = C.WIN_FLAVOR_SHARED;
/** `MPI_WIN_SEPARATE` */
export const WIN_SEPARATE: number = C.WIN_SEPARATE;
/** `MPI_WIN_UNIFIED` */
export const WIN_UNIFIED: number = C.WIN_UNIFIED;
/** `MPI_WIN_BASE` */
export const WIN_BASE: number = C.WIN_BASE;
/** `MPI_WIN_SIZE` */
export const WIN_SIZE: number = C.WIN_SIZE;
/** `MPI_WIN_DISP_UNIT` */
export const WIN_DISP_UNIT: number = C.WIN_DISP_UNIT;
/** `MPI_WIN_CREATE_FLAVOR` */
export const WIN_CREATE_FLAVOR: number = C.WIN_CREATE_FLAVOR;
/** `MPI_WIN_MODEL` */
export const WIN_MODEL: number = C.WIN_MODEL;
/** `MPI_MODE_RDONLY` */
export const MODE_RDONLY: number = C.MODE_RDONLY;
/** `MPI_MODE_RDWR` */
export const MODE_RDWR: number = C.MODE_RDWR;
/** `MPI_MODE_WRONLY` */
export const MODE_WRONLY: number = C.MODE_WRONLY;
/** `MPI_MODE_CREATE` */
export const MODE_CREATE: number = C.MODE_CREATE;
/** `MPI_MODE_EXCL` */
export const MODE_EXCL: number = C.MODE_EXCL;
/** `MPI_MODE_DELETE_ON_CLOSE` */
export const MODE_DELETE_ON_CLOSE: number = C.MODE_DELETE_ON_CLOSE;
/** `MPI_MODE_UNIQUE_OPEN` */
export const MODE_UNIQUE_OPEN: number = C.MODE_UNIQUE_OPEN;
/** `MPI_MODE_APPEND` */
export const MODE_APPEND: number = C.MODE_APPEND;
/** `MPI_MODE_SEQUENTIAL` */
export const MODE_SEQUENTIAL: number = C.MODE_SEQUENTIAL;
/** `MPI_SEEK_SET` */
export const SEEK_SET: number = C.SEEK_SET;
/** `MPI_SEEK_CUR` */
export const SEEK_CUR: number = C.SEEK_CUR;
/** `MPI_SEEK_END` */
export const SEEK_END: number = C.SEEK_END;
/** `MPI_DISPLACEMENT_CURRENT` */
export const DISPLACEMENT_CURRENT: number = C.DISPLACEMENT_CURRENT;
/** `MPI_ERR_BUFFER` */
export const ERR_BUFFER: number = C.ERR_BUFFER;
/** `MPI_ERR_COUNT` */
export const ERR_COUNT: number = C.ERR_COUNT;
/** `MPI_ERR_TYPE` */
export const ERR_TYPE: number = C.ERR_TYPE;
/** `MPI_ERR_TAG` */
export const ERR_TAG: number = C.ERR_TAG;
/** `MPI_ERR_COMM` */
export const ERR_COMM: number = C.ERR_COMM;
/** `MPI_ERR_RANK` */
export const ERR_RANK: number = C.ERR_RANK;
/** `MPI_ERR_REQUEST` */
export const ERR_REQUEST: number = C.ERR_REQUEST;
/** `MPI_ERR_ROOT` */
export const ERR_ROOT: number = C.ERR_ROOT;
/** `MPI_ERR_GROUP` */
export const ERR_GROUP: number = C.ERR_GROUP;
/** `MPI_ERR_OP` */
export const ERR_OP: number = C.ERR_OP;
/** `MPI_ERR_TOPOLOGY` */
export const ERR_TOPOLOGY: number = C.ERR_TOPOLOGY;
/** `MPI_ERR_DIMS` */
export const ERR_DIMS: number = C.ERR_DIMS;
/** `MPI_ERR_ARG` */
export const ERR_ARG: number = C.ERR_ARG;
/** `MPI_ERR_UNKNOWN` */
export const ERR_UNKNOWN: number = C.ERR_UNKNOWN;
/** `MPI_ERR_TRUNCATE` */
export const ERR_TRUNCATE: number = C.ERR_TRUNCATE;
/** `MPI_ERR_OTHER` */
export const ERR_OTHER: number = C.ERR_OTHER;
/** `MPI_ERR_INTERN` */
export const ERR_INTERN: number = C.ERR_INTERN;
/** `MPI_ERR_IN_STATUS` */
export const ERR_IN_STATUS: number = C.ERR_IN_STATUS;
/** `MPI_ERR_PENDING` */
export const ERR_PENDING: number = C.ERR_PENDING;
/** `MPI_ERR_ACCESS` */
export const ERR_ACCESS: number = C.ERR_ACCESS;
/** `MPI_ERR_AMODE` */
export const ERR_AMODE: number = C.ERR_AMODE;
/** `MPI_ERR_ASSERT` */
export const ERR_ASSERT: number = C.ERR_ASSERT;
/** `MPI_ERR_BAD_FILE` */
export const ERR_BAD_FILE: number = C.ERR_BAD_FILE;
/** `MPI_ERR_BASE` */
export const ERR_BASE: number = C.ERR_BASE;
/** `MPI_ERR_CONVERSION` */
export const ERR_CONVERSION: number = C.ERR_CONVERSION;
/** `MPI_ERR_DISP` */
export const ERR_DISP: number = C.ERR_DISP;
/** `MPI_ERR_DUP_DATAREP` */
export const ERR_DUP_DATAREP: number = C.ERR_DUP_DATAREP;
/** `MPI_ERR_FILE_EXISTS` */
export const ERR_FILE_EXISTS: number = C.ERR_FILE_EXISTS;
/** `MPI_ERR_FILE_IN_USE` */
export const ERR_FILE_IN_USE: number = C.ERR_FILE_IN_USE;
/** `MPI_ERR_FILE` */
export const ERR_FILE: number = C.ERR_FILE;
/** `MPI_ERR_INFO_KEY` */
export const ERR_INFO_KEY: number = C.ERR_INFO_KEY;
/** `MPI_ERR_INFO_NOKEY` */
export const ERR_INFO_NOKEY: number = C.ERR_INFO_NOKEY;
/** `MPI_ERR_INFO_VALUE` */
export const ERR_INFO_VALUE: number = C.ERR_INFO_VALUE;
/** `MPI_ERR_INFO` */
export const ERR_INFO: number = C.ERR_INFO;
/** `MPI_ERR_IO` */
export const ERR_IO: number = C.ERR_IO;
/** `MPI_ERR_KEYVAL` */
export const ERR_KEYVAL: number = C.ERR_KEYVAL;
/** `MPI_ERR_LOCKTYPE` */
export const ERR_LOCKTYPE: number = C.ERR_LOCKTYPE;
/** `MPI_ERR_NAME` */
export const ERR_NAME: number = C.ERR_NAME;
/** `MPI_ERR_NO_MEM` */
export const ERR_NO_MEM: number = C.ERR_NO_MEM;
/** `MPI_ERR_NOT_SAME` */
export const ERR_NOT_SAME: number = C.ERR_NOT_SAME;
/** `MPI_ERR_NO_SPACE` */
export const ERR_NO_SPACE: number = C.ERR_NO_SPACE;
/** `MPI_ERR_NO_SUCH_FILE` */
export const ERR_NO_SUCH_FILE: number = C.ERR_NO_SUCH_FILE;
/** `MPI_ERR_PORT` */
export const ERR_PORT: number = C.ERR_PORT;
/** `MPI_ERR_QUOTA` */
export const ERR_QUOTA: number = C.ERR_QUOTA;
/** `MPI_ERR_READ_ONLY` */
export const ERR_READ_ONLY: number = C.ERR_READ_ONLY;
/** `MPI_ERR_RMA_CONFLICT` */
export const ERR_RMA_CONFLICT: number = C.ERR_RMA_CONFLICT;
/** `MPI_ERR_RMA_SYNC` */
export const ERR_RMA_SYNC: number = C.ERR_RMA_SYNC;
/** `MPI_ERR_SERVICE` */
export const ERR_SERVICE: number = C.ERR_SERVICE;
/** `MPI_ERR_SIZE` */
export const ERR_SIZE: number = C.ERR_SIZE;
/** `MPI_ERR_SPAWN` */
export const ERR_SPAWN: number = C.ERR_SPAWN;
/** `MPI_ERR_UNSUPPORTED_DATAREP` */
export const ERR_UNSUPPORTED_DATAREP: number = C.ERR_UNSUPPORTED_DATAREP;
/** `MPI_ERR_UNSUPPORTED_OPERATION` */
export const ERR_UNSUPPORTED_OPERATION: number = C.ERR_UNSUPPORTED_OPERATION;
/** `MPI_ERR_WIN` */
export const ERR_WIN: number = C.ERR_WIN;
/** `MPI_ERR_RMA_RANGE` */
export const ERR_RMA_RANGE: number = C.ERR_RMA_RANGE;
/** `MPI_ERR_RMA_ATTACH` */
export const ERR_RMA_ATTACH: number = C.ERR_RMA_ATTACH;
/** `MPI_ERR_RMA_SHARED` */
export const ERR_RMA_SHARED: number = C.ERR_RMA_SHARED;
/** `MPI_ERR_RMA_FLAVOR` */
export const ERR_RMA_FLAVOR: number = C.ERR_RMA_FLAVOR;
/** `MPI_ERR_LASTCODE` */
export const ERR_LASTCODE: number = C.ERR_LASTCODE;
