package dev.topiary.pipeline.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden staging folders a killed run leaves beside its output ({@code .NAME.staging-PID-N}).
 * A staging folder's name records the process that owns it; a run removes those of its own output
 * name whose process is no longer running, and says so. Staging folders of older Topiary versions
 * (no process in the name, {@code .NAME.staging-N}) are removed once untouched for
 * {@link #OWNERLESS_AGE}.
 */
final class StagingDebris {

  /** How long an ownerless staging folder must be untouched before it counts as debris. */
  static final Duration OWNERLESS_AGE = Duration.ofHours(1);

  private static final Pattern OWNED = Pattern.compile("(\\d{1,10})-\\d+");
  private static final Pattern OWNERLESS = Pattern.compile("\\d+");

  private StagingDebris() {}

  /** The prefix of the staging folders of {@code target} owned by this process. */
  static String prefix(Path target) {
    return "." + target.getFileName() + ".staging-" + ProcessHandle.current().pid() + "-";
  }

  /**
   * Removes the stale staging folders of {@code target}'s name beside it, printing one line per
   * folder removed to {@code console}; folders that cannot be removed are left with a line saying so.
   *
   * @return the folders removed
   */
  static List<Path> removeStale(Path target, PrintWriter console) {
    Path parent = target.toAbsolutePath().getParent();
    List<Path> removed = new ArrayList<>();
    if (parent == null || !Files.isDirectory(parent)) {
      return removed;
    }
    String stem = "." + target.getFileName() + ".staging-";
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, path -> path.getFileName().toString()
        .startsWith(stem))) {
      for (Path sibling : siblings) {
        String why = staleBecause(sibling, sibling.getFileName().toString().substring(stem.length()));
        if (why == null || !Files.isDirectory(sibling)) {
          continue;
        }
        try {
          OutputFolder.deleteRecursively(sibling);
          removed.add(sibling);
          console.println("removed the stale staging folder " + sibling + " (" + why + ")");
        } catch (IOException e) {
          console.println("could not remove the stale staging folder " + sibling + " (" + why + ")");
        }
      }
    } catch (IOException e) {
      // the parent cannot be listed: nothing to clean, and creating the output will say why
    }
    console.flush();
    return removed;
  }

  /** Why the staging folder with this suffix is stale, or null if it may still be in use. */
  private static String staleBecause(Path folder, String suffix) throws IOException {
    Matcher owned = OWNED.matcher(suffix);
    if (owned.matches()) {
      OptionalLong pid = parse(owned.group(1));
      if (pid.isEmpty()) {
        return null;
      }
      boolean alive = ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
      return alive ? null : "left by process " + pid.getAsLong() + ", which is no longer running";
    }
    if (OWNERLESS.matcher(suffix).matches()) {
      FileTime modified = Files.getLastModifiedTime(folder);
      if (modified.toInstant().isBefore(Instant.now().minus(OWNERLESS_AGE))) {
        return "left by an earlier run, untouched for over " + OWNERLESS_AGE.toHours() + " hour";
      }
    }
    return null;
  }

  private static OptionalLong parse(String digits) {
    try {
      return OptionalLong.of(Long.parseLong(digits));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
