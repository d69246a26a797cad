package dev.topiary.core.data;

import java.nio.file.Path;

/**
 * A recipe's {@code data:} section: where the examples come from and how they are split. Read by
 * Jackson, polymorphic on the {@code source} key.
 */
public interface DataSpec {

  /**
   * Loads the data and splits it with {@code seed}.
   *
   * @param baseDirectory the folder relative paths are resolved against (the recipe's folder)
   * @throws DataException if a file is missing, unreadable or malformed
   */
  DataSplits load(Path baseDirectory, long seed) throws DataException;
}
