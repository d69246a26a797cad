package dev.topiary.core.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Examples in CSV files: numeric feature columns and one label column, a training file and a test
 * file with the same columns.
 *
 * <p>Labels are class indices when every label in both files is a non-negative integer (the class
 * count is then one more than the largest); otherwise they are names, and the sorted distinct
 * names of both files become classes {@code 0, 1, …} in that order and the dataset's class names.
 * Every split carries the {@link ModelInputs} (feature names, fitted scaling, class names) that a
 * run saves beside its model.
 *
 * <pre>{@code
 * data: {source: csv, train: train.csv, test: test.csv, labelColumn: species, header: true, scaling: standardize}
 * }</pre>
 *
 * @param train the training file, relative to the recipe's folder
 * @param test the test file, with the same columns
 * @param labelColumn the label column: its header name or its 0-based index; null for the last
 *     column
 * @param header whether the first line names the columns; null (the default) to decide from the
 *     file: it is a header if {@code labelColumn} is a name or any non-label cell of the first
 *     line is not a number
 * @param scaling how feature columns are rescaled, with statistics of the training split only;
 *     default {@link Scaling#NONE}
 * @param validationFraction share of the training rows carved out, stratified, as the validation
 *     split; in {@code [0, 1)}, default 0.1
 * @param trainLimit rows of the training file to use (a seeded stratified subset, taken before the
 *     validation split), or null for all
 * @param testLimit rows of the test file to use (a seeded stratified subset), or null for all
 */
@JsonTypeName(CsvDataSpec.TYPE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CsvDataSpec(String train, String test, String labelColumn, Boolean header, Scaling scaling,
    Double validationFraction, Integer trainLimit, Integer testLimit) implements DataSpec {

  /** The {@code source} name of this spec in a recipe. */
  public static final String TYPE = "csv";

  private static final Pattern CLASS_INDEX = Pattern.compile("\\d{1,4}");

  /** Applies the defaults and validates the values. */
  public CsvDataSpec {
    SeededSplitter.requiredFile("train", train);
    SeededSplitter.requiredFile("test", test);
    if (labelColumn != null && labelColumn.isBlank()) {
      throw new IllegalArgumentException("labelColumn must be a column name or a 0-based index, got '"
          + labelColumn + "'");
    }
    if (labelColumn != null && Boolean.FALSE.equals(header) && !CsvReader.isIndex(labelColumn)) {
      throw new IllegalArgumentException("labelColumn '" + labelColumn
          + "' names a column, but header is false; give a 0-based index instead");
    }
    scaling = scaling == null ? Scaling.NONE : scaling;
    validationFraction = SeededSplitter.validationFraction(validationFraction);
    trainLimit = SeededSplitter.limit("trainLimit", trainLimit);
    testLimit = SeededSplitter.limit("testLimit", testLimit);
  }

  /** The two files with the last column as label, header detection, no scaling and the defaults. */
  public CsvDataSpec(String train, String test) {
    this(train, test, null, null, null, null, null, null);
  }

  @Override
  public DataSplits load(Path baseDirectory, long seed) throws DataException {
    CsvTable trainTable = CsvReader.read(baseDirectory.resolve(train), labelColumn, header);
    CsvTable testTable = CsvReader.read(baseDirectory.resolve(test), labelColumn, header);
    checkSameColumns(trainTable, testTable);
    boolean indices = allClassIndices(trainTable) && allClassIndices(testTable);
    List<String> classNames = indices ? List.of() : classNames(trainTable, testTable);
    int classCount = indices ? Math.max(maxIndex(trainTable), maxIndex(testTable)) + 1 : classNames.size();
    if (classCount < 2) {
      throw new DataException(trainTable.file() + ": needs at least 2 classes, found 1: "
          + (indices ? "[0]" : classNames));
    }
    Map<String, Integer> classOf = new HashMap<>();
    for (int i = 0; i < classNames.size(); i++) {
      classOf.put(classNames.get(i), i);
    }
    Dataset trainRows = toDataset(trainTable, classCount, classNames, classOf);
    Dataset testRows = toDataset(testTable, classCount, classNames, classOf);
    DataSplits splits = SeededSplitter.split(trainRows, testRows, validationFraction, trainLimit, testLimit, seed);
    return FeatureScaler.apply(scaling, splits, trainTable.featureNames());
  }

  private static void checkSameColumns(CsvTable trainTable, CsvTable testTable) throws DataException {
    if (testTable.featureCount() != trainTable.featureCount()) {
      throw new DataException(testTable.file() + ": has " + testTable.featureCount() + " feature columns, but "
          + trainTable.file() + " has " + trainTable.featureCount());
    }
    if (!trainTable.featureNames().isEmpty() && !testTable.featureNames().isEmpty()
        && !trainTable.featureNames().equals(testTable.featureNames())) {
      throw new DataException(testTable.file() + ": feature columns " + testTable.featureNames()
          + " differ from those of " + trainTable.file() + " " + trainTable.featureNames());
    }
  }

  private static boolean allClassIndices(CsvTable table) {
    for (String label : table.labels()) {
      if (!CLASS_INDEX.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static int maxIndex(CsvTable table) {
    int max = 0;
    for (String label : table.labels()) {
      max = Math.max(max, Integer.parseInt(label));
    }
    return max;
  }

  private static List<String> classNames(CsvTable trainTable, CsvTable testTable) {
    TreeSet<String> names = new TreeSet<>(List.of(trainTable.labels()));
    names.addAll(List.of(testTable.labels()));
    return new ArrayList<>(names);
  }

  private static Dataset toDataset(CsvTable table, int classCount, List<String> classNames,
      Map<String, Integer> classOf) {
    int[] labels = new int[table.rows()];
    for (int i = 0; i < labels.length; i++) {
      String label = table.labels()[i];
      labels[i] = classNames.isEmpty() ? Integer.parseInt(label) : classOf.get(label);
    }
    return new Dataset(table.features(), labels, table.featureCount(), classCount, null, classNames);
  }
}
