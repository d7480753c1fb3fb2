/**
 * The shape every per-ABI table fills in. An ABI table holds only facts read
 * from that implementation's `mpi.h`: how handles are represented, the layout
 * of `MPI_Status`, integer constants, and where each predefined handle lives.
 * Keys are identical across tables so the rest of the library never asks
 * which MPI it is talking to.
 *
 * @module
 */

/** Integer constants of `mpi.h`, named without the `MPI_` prefix. */
export const CONSTANT_NAMES = [
  "SUCCESS",
  "ANY_SOURCE",
  "ANY_TAG",
  "PROC_NULL",
  "ROOT",
  "UNDEFINED",
  "KEYVAL_INVALID",
  // predefined attribute keyvals on MPI_COMM_WORLD
  "TAG_UB",
  "HOST",
  "IO",
  "WTIME_IS_GLOBAL",
  "UNIVERSE_SIZE",
  "APPNUM",
  "LASTUSEDCODE",
  // thread levels
  "THREAD_SINGLE",
  "THREAD_FUNNELED",
  "THREAD_SERIALIZED",
  "THREAD_MULTIPLE",
  // comparison results
  "IDENT",
  "CONGRUENT",
  "SIMILAR",
  "UNEQUAL",
  // topology kinds
  "GRAPH",
  "CART",
  "DIST_GRAPH",
  // limits
  "BSEND_OVERHEAD",
  "MAX_PROCESSOR_NAME",
  "MAX_ERROR_STRING",
  "MAX_LIBRARY_VERSION_STRING",
  "MAX_OBJECT_NAME",
  "MAX_PORT_NAME",
  "MAX_INFO_KEY",
  "MAX_INFO_VAL",
  // datatype constructors
  "ORDER_C",
  "ORDER_FORTRAN",
  "DISTRIBUTE_BLOCK",
  "DISTRIBUTE_CYCLIC",
  "DISTRIBUTE_NONE",
  "DISTRIBUTE_DFLT_DARG",
  "TYPECLASS_REAL",
  "TYPECLASS_INTEGER",
  "TYPECLASS_COMPLEX",
  "COMBINER_NAMED",
  "COMBINER_DUP",
  "COMBINER_CONTIGUOUS",
  "COMBINER_VECTOR",
  "COMBINER_HVECTOR",
  "COMBINER_INDEXED",
  "COMBINER_HINDEXED",
  "COMBINER_INDEXED_BLOCK",
  "COMBINER_HINDEXED_BLOCK",
  "COMBINER_STRUCT",
  "COMBINER_SUBARRAY",
  "COMBINER_DARRAY",
  "COMBINER_F90_REAL",
  "COMBINER_F90_COMPLEX",
  "COMBINER_F90_INTEGER",
  "COMBINER_RESIZED",
  // communicator split types
  "COMM_TYPE_SHARED",
  // one-sided
  "LOCK_EXCLUSIVE",
  "LOCK_SHARED",
  "MODE_NOCHECK",
  "MODE_NOSTORE",
  "MODE_NOPUT",
  "MODE_NOPRECEDE",
  "MODE_NOSUCCEED",
  "WIN_FLAVOR_CREATE",
  "WIN_FLAVOR_ALLOCATE",
  "WIN_FLAVOR_DYNAMIC",
  "WIN_FLAVOR_SHARED",
  "WIN_SEPARATE",
  "WIN_UNIFIED",
  // predefined attribute keyvals on windows
  "WIN_BASE",
  "WIN_SIZE",
  "WIN_DISP_UNIT",
  "WIN_CREATE_FLAVOR",
  "WIN_MODEL",
  // MPI-IO
  "MODE_RDONLY",
  "MODE_RDWR",
  "MODE_WRONLY",
  "MODE_CREATE",
  "MODE_EXCL",
  "MODE_DELETE_ON_CLOSE",
  "MODE_UNIQUE_OPEN",
  "MODE_APPEND",
  "MODE_SEQUENTIAL",
  "SEEK_SET",
  "SEEK_CUR",
  "SEEK_END",
  "DISPLACEMENT_CURRENT",
  // error classes
  "ERR_BUFFER",
  "ERR_COUNT",
  "ERR_TYPE",
  "ERR_TAG",
  "ERR_COMM",
  "ERR_RANK",
  "ERR_REQUEST",
  "ERR_ROOT",
  "ERR_GROUP",
  "ERR_OP",
  "ERR_TOPOLOGY",
  "ERR_DIMS",
  "ERR_ARG",
  "ERR_UNKNOWN",
  "ERR_TRUNCATE",
  "ERR_OTHER",
  "ERR_INTERN",
  "ERR_IN_STATUS",
  "ERR_PENDING",
  "ERR_ACCESS",
  "ERR_AMODE",
  "ERR_ASSERT",
  "ERR_BAD_FILE",
  "ERR_BASE",
  "ERR_CONVERSION",
  "ERR_DISP",
  "ERR_DUP_DATAREP",
  "ERR_FILE_EXISTS",
  "ERR_FILE_IN_USE",
  "ERR_FILE",
  "ERR_INFO_KEY",
  "ERR_INFO_NOKEY",
  "ERR_INFO_VALUE",
  "ERR_INFO",
  "ERR_IO",
  "ERR_KEYVAL",
  "ERR_LOCKTYPE",
  "ERR_NAME",
  "ERR_NO_MEM",
  "ERR_NOT_SAME",
  "ERR_NO_SPACE",
  "ERR_NO_SUCH_FILE",
  "ERR_PORT",
  "ERR_QUOTA",
  "ERR_READ_ONLY",
  "ERR_RMA_CONFLICT",
  "ERR_RMA_SYNC",
  "ERR_SERVICE",
  "ERR_SIZE",
  "ERR_SPAWN",
  "ERR_UNSUPPORTED_DATAREP",
  "ERR_UNSUPPORTED_OPERATION",
  "ERR_WIN",
  "ERR_RMA_RANGE",
  "ERR_RMA_ATTACH",
  "ERR_RMA_SHARED",
  "ERR_RMA_FLAVOR",
  "ERR_LASTCODE",
] as const;

/** Name of an integer constant of `mpi.h` without its `MPI_` prefix. */
export type ConstantName = typeof CONSTANT_NAMES[number];

/** Predefined datatypes, named without `MPI_` (`2INT` is `TWOINT`). */
export const DATATYPE_NAMES = [
  "DATATYPE_NULL",
  "BYTE",
  "PACKED",
  "CHAR",
  "SIGNED_CHAR",
  "UNSIGNED_CHAR",
  "WCHAR",
  "SHORT",
  "UNSIGNED_SHORT",
  "INT",
  "UNSIGNED",
  "LONG",
  "UNSIGNED_LONG",
  "LONG_LONG",
  "UNSIGNED_LONG_LONG",
  "FLOAT",
  "DOUBLE",
  "LONG_DOUBLE",
  "C_BOOL",
  "INT8_T",
  "INT16_T",
  "INT32_T",
  "INT64_T",
  "UINT8_T",
  "UINT16_T",
  "UINT32_T",
  "UINT64_T",
  "AINT",
  "OFFSET",
  "COUNT",
  "C_FLOAT_COMPLEX",
  "C_DOUBLE_COMPLEX",
  "FLOAT_INT",
  "DOUBLE_INT",
  "LONG_INT",
  "TWOINT",
  "SHORT_INT",
  "LONG_DOUBLE_INT",
] as const;

/** Name of a predefined datatype. */
export type DatatypeName = typeof DATATYPE_NAMES[number];

/** Predefined reduction operations, named without `MPI_`. */
export const OP_NAMES = [
  "OP_NULL",
  "MAX",
  "MIN",
  "SUM",
  "PROD",
  "LAND",
  "BAND",
  "LOR",
  "BOR",
  "LXOR",
  "BXOR",
  "MAXLOC",
  "MINLOC",
  "REPLACE",
  "NO_OP",
] as const;

/** Name of a predefined reduction operation. */
export type OpName = typeof OP_NAMES[number];

/** Every other predefined handle, named without `MPI_`. */
export const OBJECT_NAMES = [
  "COMM_WORLD",
  "COMM_SELF",
  "COMM_NULL",
  "GROUP_EMPTY",
  "GROUP_NULL",
  "REQUEST_NULL",
  "MESSAGE_NULL",
  "MESSAGE_NO_PROC",
  "INFO_NULL",
  "INFO_ENV",
  "ERRHANDLER_NULL",
  "ERRORS_ARE_FATAL",
  "ERRORS_RETURN",
  "WIN_NULL",
  "FILE_NULL",
] as const;

/** Name of a predefined communicator, group, request, info, ... handle. */
export type ObjectName = typeof OBJECT_NAMES[number];

/** Name of any predefined handle. */
export type HandleName = DatatypeName | OpName | ObjectName;

/**
 * Where a predefined handle comes from: the name of an exported object whose
 * address is the handle (Open MPI), or the handle's integer value (MPICH).
 * `null` marks a handle the implementation does not provide.
 */
export type HandleSource = string | number | null;

/** Byte offsets of the public fields of `MPI_Status`. */
export interface StatusLayout {
  /** `sizeof(MPI_Status)` */
  readonly size: number;
  /** offset of `int MPI_SOURCE` */
  readonly source: number;
  /** offset of `int MPI_TAG` */
  readonly tag: number;
  /** offset of `int MPI_ERROR` */
  readonly error: number;
  /**
   * Where the library keeps a message's byte count (a hidden field): the low
   * 32 bits at `lo`, the high bits in the word at `hi` above its lowest
   * `hiShift` bits. Reading it saves an `MPI_Get_elements_x`
   * call on every value receive.
   */
  readonly count: {
    readonly lo: number;
    readonly hi: number;
    readonly hiShift: number;
  };
}

/** Everything that differs between two MPI ABIs. */
export interface AbiTable {
  /** ABI family name, as accepted by `MPI4TS_ABI`. */
  readonly name: "openmpi" | "mpich";
  /** Library file names tried in order when no path is given. */
  readonly sonames: readonly string[];
  /** How `MPI_Comm`, `MPI_Datatype`, ... are passed to C. */
  readonly handle: "pointer" | "i32";
  /** `sizeof(MPI_Comm)`: 8 for pointers, 4 for ints. */
  readonly handleSize: 8 | 4;
  /** Whether the library must be loaded `RTLD_GLOBAL` before use. */
  readonly loadGlobal: boolean;
  /** A symbol only this implementation exports, used to identify it. */
  readonly signature: string;
  /** Environment variables its launcher sets in every process. */
  readonly launcherEnv: readonly string[];
  /** Slurm's `srun --mpi=` plugin whose process-management interface it speaks. */
  readonly srunMpi: string;
  /**
   * Up to how many processes the value `allgather`, `alltoall` and
   * `scatter` send long messages rank to rank rather than through the
   * library's collectives, unless `rc.directCollectives` says otherwise:
   * where that measured faster (`collectives/value_direct.ts`).
   */
  readonly directCollectives: number;
  /** Layout of `MPI_Status`. */
  readonly status: StatusLayout;
  /** Address value of `MPI_IN_PLACE`. */
  readonly inPlace: bigint;
  /**
   * `MPI_UNWEIGHTED` and `MPI_WEIGHTS_EMPTY`: an address value, or the name
   * of an exported `int * const` holding it.
   */
  readonly weights: {
    readonly unweighted: bigint | string;
    readonly empty: bigint | string;
  };
  /** Address value of `MPI_STATUS_IGNORE` / `MPI_STATUSES_IGNORE`. */
  readonly statusIgnore: bigint;
  /** Integer constants. */
  readonly constants: Readonly<Record<ConstantName, number>>;
  /** Predefined handles. */
  readonly handles: Readonly<Record<HandleName, HandleSource>>;
}
