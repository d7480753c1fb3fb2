/**
 * The predefined MPI objects as module constants: datatypes (`DOUBLE`, ...)
 * and reduction operations (`SUM`, ...).
 *
 * @module
 */
import { Datatype, DATATYPES } from "./datatype.ts";
import { Op, OPS } from "./op.ts";

/** `MPI_DATATYPE_NULL` */
export const DATATYPE_NULL: Datatype = DATATYPES.DATATYPE_NULL;
/** `MPI_BYTE` */
export const BYTE: Datatype = DATATYPES.BYTE;
/** `MPI_PACKED` */
export const PACKED: Datatype = DATATYPES.PACKED;
/** `MPI_CHAR` */
export const CHAR: Datatype = DATATYPES.CHAR;
/** `MPI_SIGNED_CHAR` */
export const SIGNED_CHAR: Datatype = DATATYPES.SIGNED_CHAR;
/** `MPI_UNSIGNED_CHAR` */
export const UNSIGNED_CHAR: Datatype = DATATYPES.UNSIGNED_CHAR;
/** `MPI_WCHAR` */
export const WCHAR: Datatype = DATATYPES.WCHAR;
/** `MPI_SHORT` */
export const SHORT: Datatype = DATATYPES.SHORT;
/** `MPI_UNSIGNED_SHORT` */
export const UNSIGNED_SHORT: Datatype = DATATYPES.UNSIGNED_SHORT;
/** `MPI_INT` */
export const INT: Datatype = DATATYPES.INT;
/** `MPI_UNSIGNED` */
export const UNSIGNED: Datatype = DATATYPES.UNSIGNED;
/** `MPI_LONG` */
export const LONG: Datatype = DATATYPES.LONG;
/** `MPI_UNSIGNED_LONG` */
export const UNSIGNED_LONG: Datatype = DATATYPES.UNSIGNED_LONG;
/** `MPI_LONG_LONG` */
export const LONG_LONG: Datatype = DATATYPES.LONG_LONG;
/** `MPI_UNSIGNED_LONG_LONG` */
export const UNSIGNED_LONG_LONG: Datatype = DATATYPES.UNSIGNED_LONG_LONG;
/** `MPI_FLOAT` */
export const FLOAT: Datatype = DATATYPES.FLOAT;
/** `MPI_DOUBLE` */
export const DOUBLE: Datatype = DATATYPES.DOUBLE;
/** `MPI_LONG_DOUBLE` */
export const LONG_DOUBLE: Datatype = DATATYPES.LONG_DOUBLE;
/** `MPI_C_BOOL` */
export const C_BOOL: Datatype = DATATYPES.C_BOOL;
/** `MPI_INT8_T` */
export const INT8_T: Datatype = DATATYPES.INT8_T;
/** `MPI_INT16_T` */
export const INT16_T: Datatype = DATATYPES.INT16_T;
/** `MPI_INT32_T` */
export const INT32_T: Datatype = DATATYPES.INT32_T;
/** `MPI_INT64_T` */
export const INT64_T: Datatype = DATATYPES.INT64_T;
/** `MPI_UINT8_T` */
export const UINT8_T: Datatype = DATATYPES.UINT8_T;
/** `MPI_UINT16_T` */
export const UINT16_T: Datatype = DATATYPES.UINT16_T;
/** `MPI_UINT32_T` */
export const UINT32_T: Datatype = DATATYPES.UINT32_T;
/** `MPI_UINT64_T` */
export const UINT64_T: Datatype = DATATYPES.UINT64_T;
/** `MPI_AINT` */
export const AINT: Datatype = DATATYPES.AINT;
/** `MPI_OFFSET` */
export const OFFSET: Datatype = DATATYPES.OFFSET;
/** `MPI_COUNT` */
export const COUNT: Datatype = DATATYPES.COUNT;
/** `MPI_C_FLOAT_COMPLEX` */
export const C_FLOAT_COMPLEX: Datatype = DATATYPES.C_FLOAT_COMPLEX;
/** `MPI_C_DOUBLE_COMPLEX` */
export const C_DOUBLE_COMPLEX: Datatype = DATATYPES.C_DOUBLE_COMPLEX;
/** `MPI_FLOAT_INT` */
export const FLOAT_INT: Datatype = DATATYPES.FLOAT_INT;
/** `MPI_DOUBLE_INT` */
export const DOUBLE_INT: Datatype = DATATYPES.DOUBLE_INT;
/** `MPI_LONG_INT` */
export const LONG_INT: Datatype = DATATYPES.LONG_INT;
/** `MPI_2INT` */
export const TWOINT: Datatype = DATATYPES.TWOINT;
/** `MPI_SHORT_INT` */
export const SHORT_INT: Datatype = DATATYPES.SHORT_INT;
/** `MPI_LONG_DOUBLE_INT` */
export const LONG_DOUBLE_INT: Datatype = DATATYPES.LONG_DOUBLE_INT;
/** `MPI_OP_NULL` */
export const OP_NULL: Op = OPS.OP_NULL;
/** `MPI_MAX` */
export const MAX: Op = OPS.MAX;
/** `MPI_MIN` */
export const MIN: Op = OPS.MIN;
/** `MPI_SUM` */
export const SUM: Op = OPS.SUM;
/** `MPI_PROD` */
export const PROD: Op = OPS.PROD;
/** `MPI_LAND` */
export const LAND: Op = OPS.LAND;
/** `MPI_BAND` */
export const BAND: Op = OPS.BAND;
/** `MPI_LOR` */
export const LOR: Op = OPS.LOR;
/** `MPI_BOR` */
export const BOR: Op = OPS.BOR;
/** `MPI_LXOR` */
export const LXOR: Op = OPS.LXOR;
/** `MPI_BXOR` */
export const BXOR: Op = OPS.BXOR;
/** `MPI_MAXLOC` */
export const MAXLOC: Op = OPS.MAXLOC;
/** `MPI_MINLOC` */
export const MINLOC: Op = OPS.MINLOC;
/** `MPI_REPLACE` */
export const REPLACE: Op = OPS.REPLACE;
/** `MPI_NO_OP` */
export const NO_OP: Op = OPS.NO_OP;
