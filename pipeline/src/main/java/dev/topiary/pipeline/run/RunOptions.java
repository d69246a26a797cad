package dev.topiary.pipeline.run;

import java.nio.file.Path;

/**
 * Where a run writes and whether it may replace an existing folder.
 *
 * @param output the output folder, or null for {@code runs/<recipe name>-<yyyyMMdd-HHmmss>} in
 *     the working directory
 * @param force replace an existing output folder (it is moved aside and deleted only once the
 *     new one is in place)
 */
public record RunOptions(Path output, boolean force) {

  /** The default folder, no replacing. */
  public static RunOptions defaults() {
    return new RunOptions(null, false);
  }
}
