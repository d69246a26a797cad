package dev.topiary.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a {@code .tpm} file, treating every byte as hostile: each count, shape and offset is
 * checked against the file's length before anything is allocated, and every problem becomes one
 * {@link ModelFormatException} naming the field and its byte offset.
 */
final class TpmReader {

  private final byte[] data;
  private final ByteBuffer buffer;
  private int position;
  private int headerEnd;
  private String context = "";
  private int[] tensorDtype = new int[0];
  private long[] tensorOffset = new long[0];
  private long[] tensorCount = new long[0];

  private TpmReader(byte[] data) {
    this.data = data;
    this.buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Parses and validates a whole file. */
  static RuntimeModel read(byte[] data) throws ModelFormatException {
    if (data == null) {
      throw new IllegalArgumentException("model bytes must not be null");
    }
    return new TpmReader(data).model();
  }

  private RuntimeModel model() throws ModelFormatException {
    preamble();
    int[] inputShape = inputShape();
    List<String> classNames = classNames();
    tensorTable();
    int layerCountAt = position;
    int layerCount = count("layers.count", 1, remainingHeader() / 8);
    List<Layer> layers = new ArrayList<>(layerCount);
    int[] shape = inputShape;
    for (int i = 0; i < layerCount; i++) {
      context = "layers[" + i + "].";
      int layerStart = position;
      int tag = u32("tag");
      LayerCodecs.Reader reader = LayerCodecs.readerOf(tag);
      if (reader == null) {
        throw error("tag", layerStart, "unknown layer tag " + tag + "; known: " + LayerCodecs.describeTags());
      }
      String name = string("name");
      try {
        Layer layer = reader.read(name, shape, this);
        layers.add(layer);
        shape = layer.outputShape();
      } catch (IllegalArgumentException e) {
        throw error(LayerCodecs.typeOf(tag), layerStart, e.getMessage());
      }
    }
    context = "";
    if (position != headerEnd) {
      throw error("header", position, (headerEnd - position) + " unread header bytes after the last layer");
    }
    try {
      return new RuntimeModel(inputShape, classNames, layers);
    } catch (IllegalArgumentException e) {
      throw error("layers", layerCountAt, e.getMessage());
    }
  }

  private void preamble() throws ModelFormatException {
    if (data.length < TpmFormat.PREAMBLE) {
      throw error("preamble", 0, "the file has " + data.length + " bytes, fewer than the "
          + TpmFormat.PREAMBLE + "-byte preamble of a runtime model");
    }
    if (!Arrays.equals(data, 0, 8, TpmFormat.MAGIC, 0, 8)) {
      throw error("magic", 0, "not a Topiary runtime model: expected the bytes "
          + HexFormat.ofDelimiter(" ").formatHex(TpmFormat.MAGIC) + ", got "
          + HexFormat.ofDelimiter(" ").formatHex(data, 0, 8));
    }
    int version = buffer.getInt(8);
    if (version > TpmFormat.VERSION || version < 0) {
      throw error("version", 8, "format version " + Integer.toUnsignedString(version)
          + " is newer than this runtime reads (up to " + TpmFormat.VERSION + "); upgrade topiary-runtime");
    }
    if (version < 1) {
      throw error("version", 8, "format version 0 does not exist; expected 1 to " + TpmFormat.VERSION);
    }
    long fileLength = buffer.getLong(16);
    if (fileLength != data.length) {
      throw error("fileLength", 16, "the header says the file has " + Long.toUnsignedString(fileLength)
          + " bytes, but it has " + data.length + (fileLength > data.length ? " (truncated)" : ""));
    }
    int stored = buffer.getInt(TpmFormat.CHECKSUM_OFFSET);
    int actual = TpmWriter.checksum(data);
    if (stored != actual) {
      throw error("checksum", TpmFormat.CHECKSUM_OFFSET, String.format(
          "CRC-32 of the file is %08x, but the header says %08x (the file is corrupted)", actual, stored));
    }
    int flags = buffer.getInt(28);
    if (flags != 0) {
      throw error("flags", 28, "must be 0 in format version 1, got " + Integer.toUnsignedString(flags));
    }
    long headerLength = Integer.toUnsignedLong(buffer.getInt(12));
    if (headerLength > data.length - TpmFormat.PREAMBLE) {
      throw error("headerLength", 12, "header of " + headerLength + " bytes does not fit in the "
          + (data.length - TpmFormat.PREAMBLE) + " bytes after the preamble");
    }
    headerEnd = TpmFormat.PREAMBLE + (int) headerLength;
    position = TpmFormat.PREAMBLE;
  }

  private int[] inputShape() throws ModelFormatException {
    int rank = count("inputShape.rank", 1, 3);
    if (rank == 2) {
      throw error("inputShape.rank", position - 4, "must be 1 (features) or 3 (channels, height, width), got 2");
    }
    int[] shape = new int[rank];
    long size = 1;
    for (int i = 0; i < rank; i++) {
      shape[i] = count("inputShape[" + i + "]", 1, Layer.MAX_VALUES);
      size *= shape[i];
      if (size > Layer.MAX_VALUES) {
        throw error("inputShape[" + i + "]", position - 4, "input shape has more than " + Layer.MAX_VALUES
            + " values per example");
      }
    }
    return shape;
  }

  private List<String> classNames() throws ModelFormatException {
    int count = count("classNames.count", 0, remainingHeader() / 4);
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(string("classNames[" + i + "]"));
    }
    return names;
  }

  private void tensorTable() throws ModelFormatException {
    int count = count("tensors.count", 0, remainingHeader() / TpmFormat.TENSOR_ENTRY);
    tensorDtype = new int[count];
    tensorOffset = new long[count];
    tensorCount = new long[count];
    long previousEnd = TpmFormat.align(headerEnd);
    for (int i = 0; i < count; i++) {
      String field = "tensors[" + i + "]";
      int entry = position;
      int dtype = u32(field + ".dtype");
      if (TpmFormat.elementBytes(dtype) == 0) {
        throw error(field + ".dtype", entry, "unknown element type " + Integer.toUnsignedString(dtype)
            + "; known: 1 (f32), 2 (i32), 3 (i8)");
      }
      int reserved = u32(field + ".reserved");
      if (reserved != 0) {
        throw error(field + ".reserved", entry + 4, "must be 0, got " + Integer.toUnsignedString(reserved));
      }
      long offset = u64(field + ".offset");
      if (offset < previousEnd || offset % TpmFormat.ALIGNMENT != 0) {
        throw error(field + ".offset", entry + 8, "tensor data must start at a multiple of "
            + TpmFormat.ALIGNMENT + " at or after byte " + previousEnd + " (after the header and the previous "
            + "tensor), got " + Long.toUnsignedString(offset));
      }
      long elements = u64(field + ".count");
      long available = (data.length - offset) / TpmFormat.elementBytes(dtype);
      if (offset > data.length || elements < 0 || elements > available) {
        throw error(field + ".count", entry + 16, Long.toUnsignedString(elements) + " "
            + TpmFormat.dtypeName(dtype) + " values from byte " + offset + " run past the end of the file ("
            + data.length + " bytes)");
      }
      tensorDtype[i] = dtype;
      tensorOffset[i] = offset;
      tensorCount[i] = elements;
      previousEnd = offset + elements * TpmFormat.elementBytes(dtype);
    }
    long expectedLength = count == 0 ? headerEnd : previousEnd;
    if (expectedLength != data.length) {
      throw error("tensors", position, "the data ends at byte " + expectedLength + ", but the file has "
          + data.length + " bytes");
    }
  }

  // ---- fields, for layer readers ----

  /** An unsigned 32-bit value that must fit in an int. */
  int u32(String field) throws ModelFormatException {
    need(field, 4);
    int value = buffer.getInt(position);
    position += 4;
    return value;
  }

  /** A 32-bit count in {@code [min, max]}. */
  int count(String field, int min, int max) throws ModelFormatException {
    int at = position;
    long value = Integer.toUnsignedLong(u32(field));
    if (value < min || value > max) {
      throw error(field, at, "must be in [" + min + ", " + max + "], got " + value);
    }
    return (int) value;
  }

  /** A boolean stored as a 32-bit 0 or 1. */
  boolean flag(String field) throws ModelFormatException {
    return count(field, 0, 1) == 1;
  }

  /** A finite float. */
  float f32(String field) throws ModelFormatException {
    int at = position;
    float value = Float.intBitsToFloat(u32(field));
    if (!Float.isFinite(value)) {
      throw error(field, at, "must be finite, got " + value);
    }
    return value;
  }

  Activation activation(String field) throws ModelFormatException {
    int at = position;
    int code = u32(field + ".function");
    Activation.Function function = Activation.Function.ofCode(code);
    if (function == null) {
      throw error(field + ".function", at, "unknown activation code " + Integer.toUnsignedString(code)
          + "; known: " + Arrays.stream(Activation.Function.values()).map(f -> f.code() + " (" + f + ")").toList());
    }
    float alpha = f32(field + ".alpha");
    try {
      return new Activation(function, alpha);
    } catch (IllegalArgumentException e) {
      throw error(field, at, e.getMessage());
    }
  }

  Window window(String field) throws ModelFormatException {
    int at = position;
    int[] v = new int[8];
    for (int i = 0; i < 8; i++) {
      v[i] = count(field + "[" + i + "]", 0, Window.MAX_EXTENT);
    }
    try {
      return new Window(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    } catch (IllegalArgumentException e) {
      throw error(field, at, e.getMessage());
    }
  }

  float[] floats(String field, long expected) throws ModelFormatException {
    int index = tensor(field, TpmFormat.DTYPE_F32, expected);
    float[] values = new float[(int) expected];
    ByteBuffer.wrap(data, (int) tensorOffset[index], (int) expected * 4).order(ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer().get(values);
    return values;
  }

  int[] ints(String field, long expected) throws ModelFormatException {
    int index = tensor(field, TpmFormat.DTYPE_I32, expected);
    int[] values = new int[(int) expected];
    ByteBuffer.wrap(data, (int) tensorOffset[index], (int) expected * 4).order(ByteOrder.LITTLE_ENDIAN)
        .asIntBuffer().get(values);
    return values;
  }

  byte[] bytes(String field, long expected) throws ModelFormatException {
    int index = tensor(field, TpmFormat.DTYPE_I8, expected);
    return Arrays.copyOfRange(data, (int) tensorOffset[index], (int) (tensorOffset[index] + expected));
  }

  /** The error for a field that starts at {@code at}, e.g. to reject a value a layer read. */
  ModelFormatException error(String field, long at, String problem) {
    return new ModelFormatException(context + field, at, problem);
  }

  /** The byte offset of the next field. */
  int position() {
    return position;
  }

  private int tensor(String field, int dtype, long expected) throws ModelFormatException {
    int at = position;
    long index = Integer.toUnsignedLong(u32(field));
    if (index >= tensorDtype.length) {
      throw error(field, at, "tensor index " + index + " is out of range; the file has " + tensorDtype.length
          + " tensors");
    }
    int i = (int) index;
    if (tensorDtype[i] != dtype) {
      throw error(field, at, "tensor " + i + " must hold " + TpmFormat.dtypeName(dtype) + " values, got "
          + TpmFormat.dtypeName(tensorDtype[i]));
    }
    if (tensorCount[i] != expected) {
      throw error(field, at, "tensor " + i + " must hold " + expected + " values, got " + tensorCount[i]);
    }
    return i;
  }

  private long u64(String field) throws ModelFormatException {
    need(field, 8);
    long value = buffer.getLong(position);
    position += 8;
    return value;
  }

  private String string(String field) throws ModelFormatException {
    int at = position;
    int length = count(field + ".length", 0, remainingHeader() - 4);
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data, position, length));
      position += length;
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw error(field, at, "is not valid UTF-8");
    }
  }

  private int remainingHeader() {
    return Math.max(0, headerEnd - position);
  }

  private void need(String field, int bytes) throws ModelFormatException {
    if (position + bytes > headerEnd) {
      throw error(field, position, "needs " + bytes + " bytes, but the header ends at byte " + headerEnd);
    }
  }
}
