/**
 * C symbols: parallel I/O (`MPI_File_*`). `MPI_File` is a pointer in both
 * ABIs (Open MPI's `struct ompi_file_t *`, MPICH's `struct ADIOI_FileD *`),
 * so file handles are `pointer`s, not `handle`s (an `int` under MPICH).
 * The `_c` entries take an `MPI_Count` count (MPI-4 large counts): bound
 * only where the library has them (MPICH 4, not Open MPI 4.1; MPICH 4.0's
 * abort on counts beyond `INT_MAX`, see `io/access.ts`).
 *
 * @module
 */
import type { FnDef } from "../types.ts";

/** A read or write at a file pointer: `(fh, buf, count, datatype, status)`; the `I` forms end with `MPI_Request *request`. */
const ACCESS = {
  parameters: [
    "pointer", // MPI_File fh
    "buffer", // void *buf
    "i32", // int count
    "handle", // MPI_Datatype datatype
    "buffer", // MPI_Status *status
  ],
  result: "i32",
} as const;

/** `ACCESS` with an `MPI_Count count` (MPI-4 large counts). */
const ACCESS_C = {
  parameters: [
    "pointer", // MPI_File fh
    "buffer", // void *buf
    "i64", // MPI_Count count
    "handle", // MPI_Datatype datatype
    "buffer", // MPI_Status *status
  ],
  result: "i32",
} as const;

/** A read or write at an explicit offset: `(fh, offset, buf, count, datatype, status)`; the `I` forms end with `MPI_Request *request`. */
const ACCESS_AT = {
  parameters: [
    "pointer", // MPI_File fh
    "i64", // MPI_Offset offset
    "buffer", // void *buf
    "i32", // int count
    "handle", // MPI_Datatype datatype
    "buffer", // MPI_Status *status
  ],
  result: "i32",
} as const;

/** `ACCESS_AT` with an `MPI_Count count` (MPI-4 large counts). */
const ACCESS_AT_C = {
  parameters: [
    "pointer", // MPI_File fh
    "i64", // MPI_Offset offset
    "buffer", // void *buf
    "i64", // MPI_Count count
    "handle", // MPI_Datatype datatype
    "buffer", // MPI_Status *status
  ],
  result: "i32",
} as const;

/** The end of a split collective: `(fh, buf, status)`. */
const SPLIT_END = {
  parameters: [
    "pointer", // MPI_File fh
    "buffer", // void *buf
    "buffer", // MPI_Status *status
  ],
  result: "i32",
} as const;

/** The begin of a split collective at a file pointer: `(fh, buf, count, datatype)`. */
const SPLIT_BEGIN = {
  parameters: [
    "pointer", // MPI_File fh
    "buffer", // void *buf
    "i32", // int count
    "handle", // MPI_Datatype datatype
  ],
  result: "i32",
} as const;

/** `SPLIT_BEGIN` with an `MPI_Count count`. */
const SPLIT_BEGIN_C = {
  parameters: [
    "pointer", // MPI_File fh
    "buffer", // void *buf
    "i64", // MPI_Count count
    "handle", // MPI_Datatype datatype
  ],
  result: "i32",
} as const;

/** Parallel I/O (MPI-4.1 §14). */
export const io = {
  MPI_File_open: {
    parameters: [
      "handle", // MPI_Comm comm
      "buffer", // const char *filename
      "i32", // int amode
      "handle", // MPI_Info info
      "buffer", // MPI_File *fh
    ],
    result: "i32",
  },
  MPI_File_close: {
    parameters: [
      "buffer", // MPI_File *fh
    ],
    result: "i32",
  },
  MPI_File_delete: {
    parameters: [
      "buffer", // const char *filename
      "handle", // MPI_Info info
    ],
    result: "i32",
  },
  MPI_File_set_size: {
    parameters: [
      "pointer", // MPI_File fh
      "i64", // MPI_Offset size
    ],
    result: "i32",
  },
  MPI_File_preallocate: {
    parameters: [
      "pointer", // MPI_File fh
      "i64", // MPI_Offset size
    ],
    result: "i32",
  },
  MPI_File_get_size: {
    parameters: [
      "pointer", // MPI_File fh
      "buffer", // MPI_Offset *size
    ],
    result: "i32",
  },
  MPI_File_get_amode: {
    parameters: [
      "pointer", // MPI_File fh
      "buffer", // int *amode
    ],
    result: "i32",
  },
  MPI_File_get_group: {
    parameters: [
      "pointer", // MPI_File fh
      "buffer", // MPI_Group *group
    ],
    result: "i32",
  },
  MPI_File_set_info: {
    parameters: [
      "pointer", // MPI_File fh
      "handle", // MPI_Info info
    ],
    result: "i32",
  },
  MPI_File_get_info: {
    parameters: [
      "pointer", // MPI_File fh
      "buffer", // MPI_Info *info_used
    ],
    result: "i32",
  },
  MPI_File_set_view: {
    parameters: [
      "pointer", // MPI_File fh
      "i64", // MPI_Offset disp
      "handle", // MPI_Datatype etype
      "handle", // MPI_Datatype filetype
      "buffer", // const char *datarep
      "handle", // MPI_Info info
    ],
    result: "i32",
  },
  MPI_File_get_view: {
    parameters: [
      "pointer", // MPI_File fh
      "buffer", // MPI_Offset *disp
      "buffer", // MPI_Datatype *etype
      "buffer", // MPI_Datatype *filetype
      "buffer", // char *datarep
    ],
    result: "i32",
  },
  MPI_File_seek: {
    parameters: [
      "pointer", // MPI_File fh
      "i64", // MPI_Offset offset
      "i32", // int whence
    ],
    result: "i32",
  },
  MPI_File_seek_shared: {
    parameters: [
      "pointer", // MPI_File fh
      "i64", // MPI_Offset offset
      "i32", // int whence
    ],
    result: "i32",
  },
  MPI_File_get_position: {
    parameters: [
      "pointer", // MPI_File fh
      "buffer", // MPI_Offset *offset
    ],
    result: "i32",
  },
  MPI_File_get_position_shared: {
    parameters: [
      "pointer", // MPI_File fh
      "buffer", // MPI_Offset *offset
    ],
    result: "i32",
  },
  MPI_File_get_byte_offset: {
    parameters: [
      "pointer", // MPI_File fh
      "i64", // MPI_Offset offset
      "buffer", // MPI_Offset *disp
    ],
    result: "i32",
  },
  MPI_File_get_type_extent: {
    parameters: [
      "pointer", // MPI_File fh
      "handle", // MPI_Datatype datatype
      "buffer", // MPI_Aint *extent
    ],
    result: "i32",
  },
  MPI_File_get_type_extent_c: {
    parameters: [
      "pointer", // MPI_File fh
      "handle", // MPI_Datatype datatype
      "buffer", // MPI_Count *extent
    ],
    result: "i32",
  },
  MPI_File_set_atomicity: {
    parameters: [
      "pointer", // MPI_File fh
      "i32", // int flag
    ],
    result: "i32",
  },
  MPI_File_get_atomicity: {
    parameters: [
      "pointer", // MPI_File fh
      "buffer", // int *flag
    ],
    result: "i32",
  },
  MPI_File_sync: {
    parameters: [
      "pointer", // MPI_File fh
    ],
    result: "i32",
  },
  MPI_File_set_errhandler: {
    parameters: [
      "pointer", // MPI_File fh
      "handle", // MPI_Errhandler errhandler
    ],
    result: "i32",
  },
  MPI_File_get_errhandler: {
    parameters: [
      "pointer", // MPI_File fh
      "buffer", // MPI_Errhandler *errhandler
    ],
    result: "i32",
  },
  MPI_File_call_errhandler: {
    parameters: [
      "pointer", // MPI_File fh
      "i32", // int errorcode
    ],
    result: "i32",
  },
  MPI_File_read_at: ACCESS_AT,
  MPI_File_write_at: ACCESS_AT,
  MPI_File_read_at_all: ACCESS_AT,
  MPI_File_write_at_all: ACCESS_AT,
  MPI_File_read: ACCESS,
  MPI_File_write: ACCESS,
  MPI_File_read_all: ACCESS,
  MPI_File_write_all: ACCESS,
  MPI_File_read_shared: ACCESS,
  MPI_File_write_shared: ACCESS,
  MPI_File_read_ordered: ACCESS,
  MPI_File_write_ordered: ACCESS,
  MPI_File_iread_at: ACCESS_AT,
  MPI_File_iwrite_at: ACCESS_AT,
  MPI_File_iread_at_all: ACCESS_AT,
  MPI_File_iwrite_at_all: ACCESS_AT,
  MPI_File_iread: ACCESS,
  MPI_File_iwrite: ACCESS,
  MPI_File_iread_all: ACCESS,
  MPI_File_iwrite_all: ACCESS,
  MPI_File_iread_shared: ACCESS,
  MPI_File_iwrite_shared: ACCESS,
  MPI_File_read_at_all_begin: {
    parameters: [
      "pointer", // MPI_File fh
      "i64", // MPI_Offset offset
      "buffer", // void *buf
      "i32", // int count
      "handle", // MPI_Datatype datatype
    ],
    result: "i32",
  },
  MPI_File_write_at_all_begin: {
    parameters: [
      "pointer", // MPI_File fh
      "i64", // MPI_Offset offset
      "buffer", // const void *buf
      "i32", // int count
      "handle", // MPI_Datatype datatype
    ],
    result: "i32",
  },
  MPI_File_read_all_begin: SPLIT_BEGIN,
  MPI_File_write_all_begin: SPLIT_BEGIN,
  MPI_File_read_ordered_begin: SPLIT_BEGIN,
  MPI_File_write_ordered_begin: SPLIT_BEGIN,
  MPI_File_read_at_c: ACCESS_AT_C,
  MPI_File_write_at_c: ACCESS_AT_C,
  MPI_File_read_at_all_c: ACCESS_AT_C,
  MPI_File_write_at_all_c: ACCESS_AT_C,
  MPI_File_read_c: ACCESS_C,
  MPI_File_write_c: ACCESS_C,
  MPI_File_read_all_c: ACCESS_C,
  MPI_File_write_all_c: ACCESS_C,
  MPI_File_read_shared_c: ACCESS_C,
  MPI_File_write_shared_c: ACCESS_C,
  MPI_File_read_ordered_c: ACCESS_C,
  MPI_File_write_ordered_c: ACCESS_C,
  MPI_File_iread_at_c: ACCESS_AT_C,
  MPI_File_iwrite_at_c: ACCESS_AT_C,
  MPI_File_iread_at_all_c: ACCESS_AT_C,
  MPI_File_iwrite_at_all_c: ACCESS_AT_C,
  MPI_File_iread_c: ACCESS_C,
  MPI_File_iwrite_c: ACCESS_C,
  MPI_File_iread_all_c: ACCESS_C,
  MPI_File_iwrite_all_c: ACCESS_C,
  MPI_File_iread_shared_c: ACCESS_C,
  MPI_File_iwrite_shared_c: ACCESS_C,
  MPI_File_read_at_all_begin_c: {
    parameters: [
      "pointer", // MPI_File fh
      "i64", // MPI_Offset offset
      "buffer", // void *buf
      "i64", // MPI_Count count
      "handle", // MPI_Datatype datatype
    ],
    result: "i32",
  },
  MPI_File_write_at_all_begin_c: {
    parameters: [
      "pointer", // MPI_File fh
      "i64", // MPI_Offset offset
      "buffer", // const void *buf
      "i64", // MPI_Count count
      "handle", // MPI_Datatype datatype
    ],
    result: "i32",
  },
  MPI_File_read_all_begin_c: SPLIT_BEGIN_C,
  MPI_File_write_all_begin_c: SPLIT_BEGIN_C,
  MPI_File_read_ordered_begin_c: SPLIT_BEGIN_C,
  MPI_File_write_ordered_begin_c: SPLIT_BEGIN_C,
  MPI_File_read_at_all_end: SPLIT_END,
  MPI_File_write_at_all_end: SPLIT_END,
  MPI_File_read_all_end: SPLIT_END,
  MPI_File_write_all_end: SPLIT_END,
  MPI_File_read_ordered_end: SPLIT_END,
  MPI_File_write_ordered_end: SPLIT_END,
} as const satisfies Record<string, FnDef>;
