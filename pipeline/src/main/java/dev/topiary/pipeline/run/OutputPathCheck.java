package dev.topiary.pipeline.run;

import dev.topiary.core.PlainMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds, before any work, why an output folder could not be created: a name too long for the file
 * system (with room for the hidden staging folder beside it), a part of its path that is a file,
 * or a place the user may not write in. The messages name the user's path, never the staging one.
 */
final class OutputPathCheck {

  /** Bytes a name may have on the usual file systems (ext4, xfs, btrfs, APFS, NTFS). */
  static final int NAME_BYTES = 255;
  /**
   * Bytes the staging folder {@code .NAME.staging-PID-N} adds to the output folder's name: the dot,
   * {@code .staging-}, a process id of up to 7 digits (Linux's limit is 2^22), a dash and a random
   * number of up to 20 digits.
   */
  static final int STAGING_EXTRA = 1 + ".staging-".length() + 7 + 1 + 20;
  /** Bytes an output folder's own name may have. */
  static final int OUTPUT_NAME_BYTES = NAME_BYTES - STAGING_EXTRA;

  private OutputPathCheck() {}

  /**
   * Checks that {@code target} can be created.
   *
   * @throws OutputFolderException naming the output folder and what stands in the way
   */
  static void check(Path target) throws OutputFolderException {
    Path absolute = target.toAbsolutePath().normalize();
    Path fileName = absolute.getFileName();
    if (fileName == null) {
      throw new OutputFolderException("output folder must not be the file system root, got " + target);
    }
    int nameBytes = bytes(fileName.toString());
    if (nameBytes > OUTPUT_NAME_BYTES) {
      throw new OutputFolderException("output folder " + abbreviate(target.toString()) + ": its name is "
          + nameBytes + " bytes long, at most " + OUTPUT_NAME_BYTES + " fit (the file system allows "
          + NAME_BYTES + " per name, and the run needs room for its hidden staging folder beside it);"
          + " use a shorter --out or recipe name");
    }
    for (Path part : absolute) {
      if (bytes(part.toString()) > NAME_BYTES) {
        throw new OutputFolderException("output folder " + abbreviate(target.toString()) + ": the folder name '"
            + abbreviate(part.toString()) + "' is longer than the " + NAME_BYTES + " bytes a name may have");
      }
    }
    Path existing = absolute.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return;
    }
    if (!Files.isDirectory(existing)) {
      throw new OutputFolderException("output folder " + target + " cannot be created: " + existing
          + " is a file, not a folder");
    }
    if (!Files.isWritable(existing)) {
      throw new OutputFolderException("output folder " + target + " cannot be created: no permission to write in "
          + existing);
    }
  }

  /** The problem of creating {@code target}'s staging folder, in the user's terms. */
  static OutputFolderException cannotCreate(Path target, IOException cause) {
    Path parent = target.toAbsolutePath().getParent();
    String reason = cause instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
        ? fs.getReason().toLowerCase(java.util.Locale.ROOT)
        : PlainMessage.of(cause);
    if (cause instanceof java.nio.file.AccessDeniedException && (reason.isBlank() || reason.equals("null"))) {
      reason = "permission denied";
    }
    OutputFolderException error = new OutputFolderException("output folder " + target + " cannot be created in "
        + parent + ": " + reason);
    error.initCause(cause);
    return error;
  }

  private static int bytes(String name) {
    return name.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The first 60 characters and the count, for names too long to print. */
  static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 60) + "… (" + text.length() + " characters)";
  }
}
