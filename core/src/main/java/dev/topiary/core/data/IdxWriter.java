package dev.topiary.core.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX image and label files (the format {@link IdxReader} reads), raw or gzipped at the
 * highest compression level. The gzip header carries no time stamp, so the same content always
 * gives the same bytes.
 */
final class IdxWriter {

  private IdxWriter() {}

  /** Writes {@code images} to {@code file}, gzipped if {@code gzip}. */
  static void writeImages(Path file, IdxImages images, boolean gzip) throws IOException {
    try (DataOutputStream out = open(file, gzip)) {
      out.writeInt(IdxReader.IMAGES_MAGIC);
      out.writeInt(images.count());
      out.writeInt(images.rows());
      out.writeInt(images.columns());
      out.write(images.pixels());
    }
  }

  /**
   * Writes {@code labels} to {@code file}, gzipped if {@code gzip}.
   *
   * @throws IllegalArgumentException if a label is outside {@code [0, 255]}
   */
  static void writeLabels(Path file, int[] labels, boolean gzip) throws IOException {
    byte[] bytes = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] > 255) {
        throw new IllegalArgumentException("label " + i + " must be in [0, 255], got " + labels[i]);
      }
      bytes[i] = (byte) labels[i];
    }
    try (DataOutputStream out = open(file, gzip)) {
      out.writeInt(IdxReader.LABELS_MAGIC);
      out.writeInt(labels.length);
      out.write(bytes);
    }
  }

  private static DataOutputStream open(Path file, boolean gzip) throws IOException {
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    return new DataOutputStream(gzip ? new BestCompressionGzipStream(out) : out);
  }

  /** A gzip stream at deflate level 9. */
  private static final class BestCompressionGzipStream extends GZIPOutputStream {

    BestCompressionGzipStream(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_COMPRESSION);
    }
  }
}
