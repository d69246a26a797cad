package dev.topiary.core.data;

import java.util.Random;

/**
 * The split every data source shares: optional stratified limits on the training and test files,
 * then a stratified validation split carved from the training rows.
 *
 * <p>Random streams: the training limit draws from {@code new Random(seed + 1)}, the test limit
 * from {@code new Random(seed + 2)} and the validation split from {@code new Random(seed)}, so
 * changing one setting leaves the others' choices alone. All chosen rows keep their file order.
 */
final class SeededSplitter {

  /** The validation fraction when a recipe gives none. */
  static final double DEFAULT_VALIDATION_FRACTION = 0.1;

  private SeededSplitter() {}

  /** {@code fraction}, or the default if null, after checking it is in {@code [0, 1)}. */
  static double validationFraction(Double fraction) {
    if (fraction == null) {
      return DEFAULT_VALIDATION_FRACTION;
    }
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + fraction);
    }
    return fraction;
  }

  /** Checks that the limit named {@code field} is null (no limit) or positive. */
  static Integer limit(String field, Integer limit) {
    if (limit != null && limit <= 0) {
      throw new IllegalArgumentException(field + " must be positive, got " + limit);
    }
    return limit;
  }

  /** Checks that the file field named {@code field} is given. */
  static String requiredFile(String field, String file) {
    if (file == null || file.isBlank()) {
      throw new IllegalArgumentException(field + " must name a file, got "
          + (file == null ? "nothing" : "'" + file + "'"));
    }
    return file;
  }

  /**
   * Limits and splits the rows of the training and test files.
   *
   * @param trainLimit rows of the training file to keep (before the validation split), or null
   * @param testLimit rows of the test file to keep, or null
   */
  static DataSplits split(Dataset trainFile, Dataset testFile, double validationFraction, Integer trainLimit,
      Integer testLimit, long seed) {
    Dataset train = limited(trainFile, trainLimit, new Random(seed + 1));
    Dataset test = limited(testFile, testLimit, new Random(seed + 2));
    // never carve every row: at least one training row stays
    int validationRows = (int) Math.min(Math.round(validationFraction * train.rows()), Math.max(train.rows() - 1, 0));
    if (validationRows == 0) {
      return new DataSplits(train, Dataset.emptyLike(train), test);
    }
    int[] validation = StratifiedSampler.choose(train.labels(), train.classCount(), validationRows, new Random(seed));
    int[] rest = StratifiedSampler.complement(train.rows(), validation);
    return new DataSplits(train.subset(rest), train.subset(validation), test);
  }

  private static Dataset limited(Dataset data, Integer limit, Random random) {
    if (limit == null || limit >= data.rows()) {
      return data;
    }
    return data.subset(StratifiedSampler.choose(data.labels(), data.classCount(), limit, random));
  }
}
