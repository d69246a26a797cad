package dev.topiary.core.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Feature rows without labels, read from a CSV file of feature columns only (no label column) and
 * scaled exactly as a recipe's training split was: an unlabeled transfer set for distillation.
 *
 * <p>The file is parsed as a {@code csv} source's files are (UTF-8, trimmed and optionally
 * double-quoted cells, blank lines skipped, decimal numbers; see {@link CsvDataSpec}), with the
 * same messages naming the file, line and column. It must have one column per feature of the
 * training split. When both it and the training file have a header, its column names must be the
 * training features' names in the same order. Values are then mapped as the training split's
 * were: by the split's {@link ModelInputs} (a {@code csv} source's fitted {@link Scaling}), else by
 * the splits' {@link DataSplits#inputScaling() input scaling} (an image source's division by 255),
 * else used as read. So a file holding the training file's rows gives exactly the training
 * split's features.
 *
 * @param features {@code count × featureCount} scaled values, row after row
 * @param count number of rows
 * @param featureCount features per row
 */
public record UnlabeledRows(float[] features, int count, int featureCount) {

  /** Checks the sizes agree. */
  public UnlabeledRows {
    if (featureCount <= 0 || count < 0 || (long) count * featureCount != features.length) {
      throw new IllegalArgumentException(count + " rows of " + featureCount + " features need "
          + (long) count * featureCount + " values, got " + features.length);
    }
  }

  /**
   * Reads {@code file} and scales its rows as {@code training}'s training split was scaled.
   *
   * @param header whether the first line names the columns; null to decide from the file, as a
   *     {@code csv} source does: it is a header if any of its cells is not a number
   * @param training the recipe's splits: the training split gives the feature count, the feature
   *     names and the scaling
   * @throws DataException naming the file (and the line and column, where there is one) if it is
   *     missing, unreadable, not numeric, has another number of columns than the training split
   *     has features, or a header that does not name the training features in order
   */
  public static UnlabeledRows read(Path file, Boolean header, DataSplits training) throws DataException {
    Dataset train = training.train();
    CsvTable table = CsvReader.readFeatures(file, header, train.featureCount());
    Optional<ModelInputs> inputs = train.inputs();
    List<String> expected = inputs.map(ModelInputs::featureNames).orElse(List.of());
    if (!table.featureNames().isEmpty() && !expected.isEmpty()) {
      for (int c = 0; c < expected.size(); c++) {
        if (!expected.get(c).equals(table.featureNames().get(c))) {
          throw new DataException(table.file() + ":" + table.headerLine() + ": column " + c + ": expected the "
              + "training feature '" + expected.get(c) + "', got '" + table.featureNames().get(c)
              + "'; the columns must be the training features in order: " + expected);
        }
      }
    }
    float[] features;
    if (inputs.isPresent()) {
      features = inputs.get().scale(table.features());
    } else if (training.inputScaling() != null) {
      features = scale(table.features(), training.inputScaling());
    } else {
      features = table.features();
    }
    return new UnlabeledRows(features, table.rows(), table.featureCount());
  }

  /** {@code (x − offset) / divisor} per column in float arithmetic, as the image sources compute it. */
  private static float[] scale(float[] raw, InputScaling scaling) {
    float[] offset = scaling.offset();
    float[] divisor = scaling.divisor();
    float[] out = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      int c = i % offset.length;
      out[i] = (raw[i] - offset[c]) / divisor[c];
    }
    return out;
  }
}
