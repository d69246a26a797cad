package dev.topiary.pipeline.run;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A run's output is built in a hidden staging folder beside its final place and moved there in
 * one rename, so the final place holds a complete run or nothing.
 */
final class OutputFolder {

  private OutputFolder() {}

  /** Refuses an existing target unless {@code force}. */
  static void checkAvailable(Path target, boolean force) throws OutputFolderException {
    OutputPathCheck.check(target);
    if (Files.exists(target) && !force) {
      throw new OutputFolderException("output folder " + target
          + " already exists; use --force to replace it or --out to choose another");
    }
  }

  /**
   * Creates the staging folder, a hidden sibling of {@code target} whose name records this process
   * ({@code .NAME.staging-PID-N}, see {@link StagingDebris}).
   */
  static Path createStaging(Path target) throws OutputFolderException {
    Path parent = parentOf(target);
    try {
      Files.createDirectories(parent);
      return Files.createTempDirectory(parent, StagingDebris.prefix(target));
    } catch (IOException e) {
      throw OutputPathCheck.cannotCreate(target, e);
    }
  }

  /**
   * Moves {@code staging} to {@code target}. With {@code force} an existing target is first moved
   * aside, and deleted once the new folder is in place.
   */
  static void publish(Path staging, Path target, boolean force) throws IOException, OutputFolderException {
    if (!Files.exists(target)) {
      try {
        move(staging, target);
        return;
      } catch (IOException e) {
        // another run published first: Linux reports a non-empty target as a plain file system error
        if (!Files.exists(target)) {
          throw e;
        }
        if (!force) {
          throw new OutputFolderException("output folder " + target + " appeared while the run was going;"
              + " use --force to replace it");
        }
      }
    } else if (!force) {
      checkAvailable(target, false);
    }
    Path aside = Files.createTempDirectory(parentOf(target), "." + target.getFileName() + ".old-");
    Files.delete(aside);
    move(target, aside);
    try {
      move(staging, target);
    } catch (IOException e) {
      move(aside, target);
      throw e;
    }
    deleteRecursively(aside);
  }

  /** Deletes a file or folder tree if it exists. */
  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) {
          throw exc;
        }
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Moves with one atomic rename where the file system offers it. */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  private static Path parentOf(Path target) {
    Path parent = target.toAbsolutePath().getParent();
    if (parent == null) {
      throw new IllegalArgumentException("output folder must not be the file system root, got " + target);
    }
    return parent;
  }
}
