package dev.topiary.core.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The classes of a CSV training and test file and the class of every row.
 *
 * <p>Without {@code classes}: when every label of both files is an integer, labels are class
 * indices {@code 0..k−1}, none may be negative, and every one of them must occur in the training
 * file ({@code k} is one more than its largest); otherwise labels are names and the training
 * file's sorted distinct names are the classes. With {@code classes}: integer labels index that
 * list, and names must be in it. Either way a test label the training file does not have is an
 * error naming its file and line.
 */
final class CsvLabels {

  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");

  /**
   * The resolved classes.
   *
   * @param count number of classes
   * @param names class names in class order; empty when the labels are plain indices
   * @param train the class of every training row
   * @param test the class of every test row
   */
  record Classes(int count, List<String> names, int[] train, int[] test) {}

  private CsvLabels() {}

  /**
   * Resolves the labels of {@code train} and {@code test}.
   *
   * @param classes the recipe's {@code classes} list, or null
   * @throws DataException naming the file, and the line of a row, of the first problem
   */
  static Classes resolve(CsvTable train, CsvTable test, List<String> classes) throws DataException {
    boolean integers = allIntegers(train) && allIntegers(test);
    if (classes != null) {
      return integers ? indexed(train, test, classes) : named(train, test, classes);
    }
    if (integers) {
      return indexed(train, test);
    }
    List<String> names = new ArrayList<>(new TreeSet<>(List.of(train.labels())));
    checkCount(train, names.size(), names.toString());
    Map<String, Integer> classOf = indexOf(names);
    return new Classes(names.size(), names, classesOf(train, classOf, null), classesOf(test, classOf, train));
  }

  private static Classes indexed(CsvTable train, CsvTable test) throws DataException {
    int max = -1;
    for (int row = 0; row < train.rows(); row++) {
      int label = checkedIndex(train, row);
      max = Math.max(max, label);
    }
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int row = 0; row < train.rows(); row++) {
      seen.add(Integer.parseInt(plain(train.labels()[row])));
    }
    int missing = 0;
    while (seen.contains(missing)) {
      missing++;
    }
    if (missing <= max) {
      throw new DataException(train.file() + ": integer labels are class indices 0.." + max + ", but class " + missing
          + " never occurs in this training file; number the classes from 0 without gaps, or name them with"
          + " data.classes");
    }
    checkCount(train, max + 1, "[0]");
    int[] trainClasses = new int[train.rows()];
    for (int row = 0; row < train.rows(); row++) {
      trainClasses[row] = Integer.parseInt(plain(train.labels()[row]));
    }
    int[] testClasses = new int[test.rows()];
    for (int row = 0; row < test.rows(); row++) {
      int label = checkedIndex(test, row);
      if (label > max) {
        throw new DataException(test.file() + ":" + test.lines()[row] + ": label " + label
            + " does not occur in the training file " + train.file() + " (its classes are 0.." + max + ")");
      }
      testClasses[row] = label;
    }
    return new Classes(max + 1, List.of(), trainClasses, testClasses);
  }

  private static Classes indexed(CsvTable train, CsvTable test, List<String> classes) throws DataException {
    return new Classes(classes.size(), classes, listIndices(train, classes), listIndices(test, classes));
  }

  private static int[] listIndices(CsvTable table, List<String> classes) throws DataException {
    int[] out = new int[table.rows()];
    for (int row = 0; row < table.rows(); row++) {
      long label = Long.parseLong(plain(table.labels()[row]));
      if (label < 0 || label >= classes.size()) {
        throw new DataException(table.file() + ":" + table.lines()[row] + ": label " + label
            + " is not a class index of data.classes (0.." + (classes.size() - 1) + ")");
      }
      out[row] = (int) label;
    }
    return out;
  }

  private static Classes named(CsvTable train, CsvTable test, List<String> classes) throws DataException {
    Map<String, Integer> classOf = indexOf(classes);
    for (CsvTable table : new CsvTable[] {train, test}) {
      for (int row = 0; row < table.rows(); row++) {
        if (!classOf.containsKey(table.labels()[row])) {
          throw new DataException(table.file() + ":" + table.lines()[row] + ": label '" + table.labels()[row]
              + "' is not one of data.classes " + classes);
        }
      }
    }
    return new Classes(classes.size(), classes, classesOf(train, classOf, null), classesOf(test, classOf, null));
  }

  /** The class of every row; {@code trainFile} non-null means a label it lacks is an error. */
  private static int[] classesOf(CsvTable table, Map<String, Integer> classOf, CsvTable trainFile)
      throws DataException {
    int[] out = new int[table.rows()];
    for (int row = 0; row < table.rows(); row++) {
      Integer index = classOf.get(table.labels()[row]);
      if (index == null) {
        throw new DataException(table.file() + ":" + table.lines()[row] + ": label '" + table.labels()[row]
            + "' does not occur in the training file " + trainFile.file() + " (its classes: "
            + new ArrayList<>(new TreeSet<>(classOf.keySet())) + ")");
      }
      out[row] = index;
    }
    return out;
  }

  private static int checkedIndex(CsvTable table, int row) throws DataException {
    long label = Long.parseLong(plain(table.labels()[row]));
    if (label < 0) {
      throw new DataException(table.file() + ":" + table.lines()[row] + ": label " + label
          + " is negative; integer labels are class indices 0, 1, 2, … (or name the classes with data.classes)");
    }
    return (int) label;
  }

  private static void checkCount(CsvTable train, int count, String found) throws DataException {
    if (count < 2) {
      throw new DataException(train.file() + ": needs at least 2 classes, found 1: " + found);
    }
  }

  private static boolean allIntegers(CsvTable table) {
    for (String label : table.labels()) {
      if (!INTEGER.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  private static String plain(String label) {
    return label.startsWith("+") ? label.substring(1) : label;
  }

  private static Map<String, Integer> indexOf(List<String> names) {
    Map<String, Integer> classOf = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      classOf.put(names.get(i), i);
    }
    return classOf;
  }
}
