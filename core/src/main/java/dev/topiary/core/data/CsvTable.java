package dev.topiary.core.data;

import java.util.List;

/**
 * The rows of one CSV file: numeric features and the raw text of the label column, if it has one.
 *
 * @param file the file's name in messages
 * @param headerLine the 1-based line of the header, or 0 without a header
 * @param featureNames the header names of the feature columns in order, or empty without a header
 * @param featureCount number of feature columns
 * @param features {@code rows × featureCount} values, row-major
 * @param labels the label cell of every row, trimmed; empty for a file of feature columns only
 * @param lines the 1-based line of every row in the file
 */
record CsvTable(String file, int headerLine, List<String> featureNames, int featureCount, float[] features,
    String[] labels, int[] lines) {

  /** Copies the names. */
  CsvTable {
    featureNames = List.copyOf(featureNames);
  }

  /** Number of data rows. */
  int rows() {
    return lines.length;
  }
}
