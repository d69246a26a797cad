package dev.topiary.core.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

/**
 * Examples in CSV files: numeric feature columns and one label column, a training file and a test
 * file with the same columns.
 *
 * <p>Labels are class indices {@code 0..k−1} when every label in both files is an integer: none may
 * be negative and every class must occur in the training file ({@code k} is one more than its
 * largest label). Otherwise they are names, and the sorted distinct names of the training file
 * become classes {@code 0, 1, …} in that order and the dataset's class names. A test label the
 * training file does not have is an error naming the file and line. {@code classes} names the
 * classes instead: integer labels then index that list and names must be in it, and a class may
 * be absent from the training file.
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
 * @param classes the class names in class order (at least 2, distinct); null to take the classes
 *     from the training file's labels
 */
@JsonTypeName(CsvDataSpec.TYPE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CsvDataSpec(String train, String test, String labelColumn, Boolean header, Scaling scaling,
    Double validationFraction, Integer trainLimit, Integer testLimit, List<String> classes) implements DataSpec {

  /** The {@code source} name of this spec in a recipe. */
  public static final String TYPE = "csv";

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
    if (classes != null) {
      if (classes.size() < 2 || classes.stream().anyMatch(name -> name == null || name.isBlank())
          || new HashSet<>(classes).size() != classes.size()) {
        throw new IllegalArgumentException("classes must list at least 2 distinct, non-blank class names, got "
            + classes);
      }
      classes = List.copyOf(classes);
    }
  }

  /** The spec without a {@code classes} list: the classes come from the training file's labels. */
  public CsvDataSpec(String train, String test, String labelColumn, Boolean header, Scaling scaling,
      Double validationFraction, Integer trainLimit, Integer testLimit) {
    this(train, test, labelColumn, header, scaling, validationFraction, trainLimit, testLimit, null);
  }

  /** The two files with the last column as label, header detection, no scaling and the defaults. */
  public CsvDataSpec(String train, String test) {
    this(train, test, null, null, null, null, null, null, null);
  }

  @Override
  public DataSplits load(Path baseDirectory, long seed) throws DataException {
    CsvTable trainTable = CsvReader.read(baseDirectory.resolve(train), labelColumn, header);
    CsvTable testTable = CsvReader.read(baseDirectory.resolve(test), labelColumn, header);
    checkSameColumns(trainTable, testTable);
    CsvLabels.Classes resolved = CsvLabels.resolve(trainTable, testTable, classes);
    Dataset trainRows = new Dataset(trainTable.features(), resolved.train(), trainTable.featureCount(),
        resolved.count(), null, resolved.names());
    Dataset testRows = new Dataset(testTable.features(), resolved.test(), testTable.featureCount(),
        resolved.count(), null, resolved.names());
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
}
