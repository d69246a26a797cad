package dev.topiary.core.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.topiary.core.io.AtomicFileWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a model trained on CSV rows needs to classify new rows: the feature columns it was trained
 * on (by name, when the file had a header), the feature scaling fitted on the training split, and
 * the label → class-name mapping. A run writes it as {@value #FILE} beside {@code model.zip}, and
 * {@code topiary predict} reads it back.
 *
 * <p>A raw value {@code x} of feature {@code i} becomes {@code (x − offsets[i]) / divisors[i]}
 * (offset 0 and divisor 1 when the recipe did not scale). Class {@code k} is
 * {@code classNames[k]}, or {@code "k"} when the labels were class indices.
 *
 * @param featureNames the training file's feature column names in order, or empty without a header
 * @param scaling how the features were scaled
 * @param offsets per feature, the value subtracted
 * @param divisors per feature, the positive value divided by after the subtraction
 * @param classNames one name per class, or empty when the labels were class indices
 */
public record ModelInputs(List<String> featureNames, Scaling scaling, List<Double> offsets, List<Double> divisors,
    List<String> classNames) {

  /** The file name beside the saved model. */
  public static final String FILE = "model-inputs.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * Validates and copies.
   *
   * @throws IllegalArgumentException if the lists disagree in length or a divisor is not positive
   */
  public ModelInputs {
    featureNames = featureNames == null ? List.of() : List.copyOf(featureNames);
    scaling = scaling == null ? Scaling.NONE : scaling;
    classNames = classNames == null ? List.of() : List.copyOf(classNames);
    if (offsets == null || divisors == null || offsets.size() != divisors.size() || offsets.isEmpty()) {
      throw new IllegalArgumentException("offsets and divisors must give one value per feature, got "
          + (offsets == null ? "no" : offsets.size()) + " offsets and " + (divisors == null ? "no" : divisors.size())
          + " divisors");
    }
    offsets = List.copyOf(offsets);
    divisors = List.copyOf(divisors);
    if (!featureNames.isEmpty() && featureNames.size() != offsets.size()) {
      throw new IllegalArgumentException(featureNames.size() + " feature names for " + offsets.size() + " features");
    }
    for (int i = 0; i < divisors.size(); i++) {
      if (!(divisors.get(i) > 0 && Double.isFinite(divisors.get(i))) || !Double.isFinite(offsets.get(i))) {
        throw new IllegalArgumentException("feature " + i + ": offset and divisor must be finite and the divisor"
            + " positive, got " + offsets.get(i) + " and " + divisors.get(i));
      }
    }
  }

  /** Unscaled inputs of {@code featureCount} features. */
  static ModelInputs unscaled(int featureCount, List<String> featureNames, List<String> classNames) {
    List<Double> zeros = new ArrayList<>();
    List<Double> ones = new ArrayList<>();
    for (int i = 0; i < featureCount; i++) {
      zeros.add(0.0);
      ones.add(1.0);
    }
    return new ModelInputs(featureNames, Scaling.NONE, zeros, ones, classNames);
  }

  /** Number of features a row has. */
  public int featureCount() {
    return offsets.size();
  }

  /** The name of class {@code index}: its CSV label, or the index itself. */
  public String className(int index) {
    return classNames.isEmpty() ? Integer.toString(index) : classNames.get(index);
  }

  /** Scales raw rows ({@code rows × featureCount}, row-major) as the training rows were. */
  public float[] scale(float[] rawRows) {
    int columns = featureCount();
    float[] out = new float[rawRows.length];
    for (int i = 0; i < rawRows.length; i++) {
      int c = i % columns;
      out[i] = (float) ((rawRows[i] - offsets.get(c)) / divisors.get(c));
    }
    return out;
  }

  /**
   * Reads the feature values of every row of a CSV file, raw (not yet {@link #scale scaled}). With a
   * header line (detected when a cell of the first line is not a number) and feature names, the
   * columns are found by name, in any order, and other columns (a label, an id) are ignored;
   * without either, every row must hold exactly the features, in training order.
   *
   * @throws DataException naming the file, line and column of a problem
   */
  public float[] readCsv(Path file) throws DataException {
    List<String> lines = CsvReader.readLines(file);
    int first = 0;
    while (first < lines.size() && lines.get(first).isBlank()) {
      first++;
    }
    if (first == lines.size()) {
      throw new DataException(file + ": no rows");
    }
    List<String> firstCells = CsvReader.split(file + ":" + (first + 1), lines.get(first));
    boolean header = firstCells.stream().anyMatch(cell -> !isNumber(cell));
    int[] columnOf = new int[featureCount()];
    if (header && !featureNames.isEmpty()) {
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 0; i < firstCells.size(); i++) {
        byName.putIfAbsent(firstCells.get(i), i);
      }
      for (int f = 0; f < featureCount(); f++) {
        Integer column = byName.get(featureNames.get(f));
        if (column == null) {
          throw new DataException(file + ": no column '" + featureNames.get(f) + "'; the model needs the feature"
              + " columns " + featureNames + ", the header has " + firstCells);
        }
        columnOf[f] = column;
      }
    } else {
      if (header) {
        throw new DataException(file + ":" + (first + 1) + ": the first line is a header, but the model's training"
            + " file had none, so its columns have no names; give the " + featureCount() + " feature values only");
      }
      for (int f = 0; f < featureCount(); f++) {
        columnOf[f] = f;
      }
    }
    List<float[]> rows = new ArrayList<>();
    for (int n = header ? first + 1 : first; n < lines.size(); n++) {
      if (lines.get(n).isBlank()) {
        continue;
      }
      String where = file + ":" + (n + 1);
      List<String> cells = CsvReader.split(where, lines.get(n));
      if (!(header && !featureNames.isEmpty()) && cells.size() != featureCount()) {
        throw new DataException(where + ": has " + cells.size() + " values, the model takes " + featureCount()
            + " features");
      }
      float[] row = new float[featureCount()];
      for (int f = 0; f < featureCount(); f++) {
        if (columnOf[f] >= cells.size()) {
          throw new DataException(where + ": has " + cells.size() + " columns, feature '" + featureNames.get(f)
              + "' is column " + columnOf[f]);
        }
        String cell = cells.get(columnOf[f]);
        if (!isNumber(cell)) {
          String name = featureNames.isEmpty() ? "column " + columnOf[f] : "column '" + featureNames.get(f) + "'";
          throw new DataException(where + ": " + name + ": expected a number, got '" + cell + "'");
        }
        row[f] = Float.parseFloat(cell);
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new DataException(file + ": no rows after the header");
    }
    float[] out = new float[rows.size() * featureCount()];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, out, r * featureCount(), featureCount());
    }
    return out;
  }

  /**
   * Writes this as JSON to {@code file}, through a temporary file moved into place.
   *
   * @throws IOException if the file cannot be written
   */
  public void write(Path file) throws IOException {
    try {
      AtomicFileWriter.writeString(file, JSON.writeValueAsString(this) + "\n");
    } catch (JsonProcessingException e) {
      throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a file {@link #write} wrote.
   *
   * @throws DataException if the file is missing, unreadable or not such a file
   */
  public static ModelInputs read(Path file) throws DataException {
    try {
      return JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), ModelInputs.class);
    } catch (NoSuchFileException e) {
      throw new DataException(file + ": not found", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new DataException(file + ": not a " + FILE + " file: " + e.getMessage(), e);
    }
  }

  private static boolean isNumber(String cell) {
    String lower = cell.toLowerCase(Locale.ROOT);
    if (lower.isEmpty() || lower.contains("nan") || lower.contains("inf")) {
      return false;
    }
    try {
      Float.parseFloat(cell);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
