package dev.topiary.core.data;

import dev.topiary.core.PlainMessage;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian magic number ({@code
 * 0x00000803} for images, {@code 0x00000801} for labels), one big-endian 32-bit size per
 * dimension, then the unsigned bytes. A file is gunzipped when it starts with the gzip magic bytes
 * {@code 1f 8b}, whatever its name.
 *
 * <p>Every error is a {@link DataException} whose message starts with the file's name.
 */
final class IdxReader {

  /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
  static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
  static final int LABELS_MAGIC = 0x00000801;

  private IdxReader() {}

  /** Reads the image file {@code file}. */
  static IdxImages readImages(Path file) throws DataException {
    return parseImages(file.toString(), readFile(file));
  }

  /** Reads images from {@code in} (closed afterwards); {@code name} names the source in errors. */
  static IdxImages readImages(String name, InputStream in) throws DataException {
    return parseImages(name, readStream(name, in));
  }

  /** Reads the label file {@code file}; labels are unsigned bytes, so in {@code [0, 255]}. */
  static int[] readLabels(Path file) throws DataException {
    return parseLabels(file.toString(), readFile(file));
  }

  /** Reads labels from {@code in} (closed afterwards); {@code name} names the source in errors. */
  static int[] readLabels(String name, InputStream in) throws DataException {
    return parseLabels(name, readStream(name, in));
  }

  private static IdxImages parseImages(String name, byte[] bytes) throws DataException {
    ByteBuffer buffer = header(name, bytes, "image", IMAGES_MAGIC, 16);
    int count = buffer.getInt();
    int rows = buffer.getInt();
    int columns = buffer.getInt();
    if (count < 0 || rows <= 0 || columns <= 0) {
      throw new DataException(name + ": bad dimensions: " + Integer.toUnsignedString(count) + " images of "
          + Integer.toUnsignedString(rows) + "x" + Integer.toUnsignedString(columns) + " pixels");
    }
    long needed = (long) count * rows * columns;
    if (needed > Integer.MAX_VALUE - 16) {
      throw new DataException(name + ": too large: " + count + " images of " + rows + "x" + columns
          + " pixels do not fit in one array");
    }
    checkLength(name, bytes.length - 16, needed, count + " images of " + rows + "x" + columns + " pixels",
        "pixel bytes");
    byte[] pixels = new byte[(int) needed];
    buffer.get(pixels);
    return new IdxImages(count, rows, columns, pixels);
  }

  private static int[] parseLabels(String name, byte[] bytes) throws DataException {
    ByteBuffer buffer = header(name, bytes, "label", LABELS_MAGIC, 8);
    int count = buffer.getInt();
    if (count < 0) {
      throw new DataException(name + ": bad dimensions: " + Integer.toUnsignedString(count) + " labels");
    }
    checkLength(name, bytes.length - 8, count, count + " labels", "label bytes");
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = buffer.get() & 0xFF;
    }
    return labels;
  }

  private static ByteBuffer header(String name, byte[] bytes, String kind, int magic, int headerBytes)
      throws DataException {
    if (bytes.length < 4) {
      throw new DataException(name + ": not an IDX " + kind + " file (" + bytes.length
          + " bytes, too short for the magic number)");
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes); // big-endian by default, as IDX is
    int found = buffer.getInt();
    if (found != magic) {
      throw new DataException(String.format("%s: not an IDX %s file (magic 0x%08x, expected 0x%08x)",
          name, kind, found, magic));
    }
    if (bytes.length < headerBytes) {
      throw new DataException(name + ": truncated: the IDX " + kind + " header needs " + headerBytes
          + " bytes, the file has " + bytes.length);
    }
    return buffer;
  }

  private static void checkLength(String name, long available, long needed, String what, String unit)
      throws DataException {
    if (available < needed) {
      throw new DataException(name + ": truncated: " + what + " need " + needed + " " + unit
          + ", the file has " + available);
    }
    if (available > needed) {
      throw new DataException(name + ": " + (available - needed) + " unexpected bytes after " + what);
    }
  }

  private static byte[] readFile(Path file) throws DataException {
    try {
      return readStream(file.toString(), Files.newInputStream(file));
    } catch (NoSuchFileException e) {
      throw new DataException(file + ": not found", e);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + PlainMessage.of(e), e);
    }
  }

  /** All bytes of {@code in}, gunzipped if they start with the gzip magic bytes; closes {@code in}. */
  static byte[] readStream(String name, InputStream in) throws DataException {
    try (InputStream buffered = new BufferedInputStream(in, 1 << 16)) {
      buffered.mark(2);
      int first = buffered.read();
      int second = buffered.read();
      buffered.reset();
      if (first == 0x1f && second == 0x8b) {
        try (InputStream gunzipped = new GZIPInputStream(buffered, 1 << 16)) {
          return gunzipped.readAllBytes();
        } catch (EOFException e) {
          throw new DataException(name + ": truncated gzip data", e);
        } catch (ZipException e) {
          throw new DataException(name + ": corrupt gzip data: " + PlainMessage.of(e), e);
        }
      }
      return buffered.readAllBytes();
    } catch (IOException e) {
      throw new DataException(name + ": cannot read: " + PlainMessage.of(e), e);
    }
  }
}
