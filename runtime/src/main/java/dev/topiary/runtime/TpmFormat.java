package dev.topiary.runtime;

/** Constants of the {@code .tpm} file format (see FORMAT.md in the runtime module). */
final class TpmFormat {

  /** The eight magic bytes: 0x89 "TPM" CR LF 0x1A LF, in the style of PNG. */
  static final byte[] MAGIC = {(byte) 0x89, 'T', 'P', 'M', '\r', '\n', 0x1A, '\n'};
  /** The format version this runtime writes and the newest it reads. */
  static final int VERSION = 1;
  /** Bytes before the header: magic, version, header length, file length, checksum, flags. */
  static final int PREAMBLE = 32;
  /** Byte offset of the CRC-32 field, which the checksum skips. */
  static final int CHECKSUM_OFFSET = 24;
  /** Every tensor starts at a multiple of this many bytes. */
  static final int ALIGNMENT = 64;
  /** Bytes of one tensor table entry: dtype, reserved, offset, element count. */
  static final int TENSOR_ENTRY = 24;

  /** Tensor element types. */
  static final int DTYPE_F32 = 1;
  static final int DTYPE_I32 = 2;
  static final int DTYPE_I8 = 3;

  private TpmFormat() {}

  static int elementBytes(int dtype) {
    return switch (dtype) {
      case DTYPE_F32, DTYPE_I32 -> 4;
      case DTYPE_I8 -> 1;
      default -> 0;
    };
  }

  static String dtypeName(int dtype) {
    return switch (dtype) {
      case DTYPE_F32 -> "f32";
      case DTYPE_I32 -> "i32";
      case DTYPE_I8 -> "i8";
      default -> "unknown dtype " + dtype;
    };
  }

  static long align(long offset) {
    return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
  }
}
