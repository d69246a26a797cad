package dev.topiary.core.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a zip archive so that its bytes depend only on its entries: every entry gets the same
 * fixed time ({@link #ENTRY_TIME}, stored without a time zone), no comment and no extra fields,
 * and is deflated at the default level, in the archive's own entry order. Libraries such as DL4J's
 * {@code ModelSerializer} stamp entries with the wall clock, so two saves of the same model differ
 * in a few bytes (and their gzipped sizes by a few more); after this they are identical.
 */
public final class DeterministicZip {

  /** The time every entry carries: 2000-01-01 00:00, local time as zip stores it. */
  public static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private DeterministicZip() {}

  /**
   * Rewrites the zip at {@code file} in place, through a temporary file beside it and one move.
   *
   * @throws IOException if the file is not a zip archive or cannot be rewritten
   */
  public static void normalize(Path file) throws IOException {
    Path directory = file.toAbsolutePath().getParent();
    Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".zip.tmp");
    try {
      try (ZipFile zip = new ZipFile(file.toFile());
          OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
        write(zip, out);
      }
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void write(ZipFile zip, OutputStream target) throws IOException {
    List<ZipEntry> entries = new ArrayList<>();
    for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
      entries.add(all.nextElement());
    }
    try (ZipOutputStream out = new ZipOutputStream(target)) {
      out.setLevel(Deflater.DEFAULT_COMPRESSION);
      out.setMethod(ZipOutputStream.DEFLATED);
      for (ZipEntry entry : entries) {
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTimeLocal(ENTRY_TIME);
        out.putNextEntry(copy);
        if (!entry.isDirectory()) {
          try (InputStream in = zip.getInputStream(entry)) {
            in.transferTo(out);
          }
        }
        out.closeEntry();
      }
    }
  }
}
