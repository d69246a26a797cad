package dev.topiary.core.data;

import dev.topiary.core.PlainMessage;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a comma-separated UTF-8 file of numeric feature columns and one label column, or of
 * feature columns only ({@link #readFeatures}).
 *
 * <p>Cells are trimmed; a cell may be double-quoted (a quote inside is written twice) to hold
 * commas, but not line breaks. Blank lines are skipped; line numbers in messages count every line
 * from 1. Numbers are decimal ({@code -1.5}, {@code .5}, {@code 2e-3}). Columns are numbered from
 * 0 in messages, as in {@code labelColumn}.
 */
final class CsvReader {

  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INDEX = Pattern.compile("\\d{1,9}");

  private CsvReader() {}

  /** Whether {@code labelColumn} is a 0-based column index rather than a header name. */
  static boolean isIndex(String labelColumn) {
    return INDEX.matcher(labelColumn).matches();
  }

  /**
   * Reads {@code file}.
   *
   * @param labelColumn the label column's header name or 0-based index, or null for the last column
   * @param header whether the first line names the columns; null to decide from the file: it is a
   *     header if {@code labelColumn} is a name, or if any of its non-label cells is not a number
   * @throws DataException naming the file, line and column of the first problem
   */
  static CsvTable read(Path file, String labelColumn, Boolean header) throws DataException {
    return read(file, true, labelColumn, header, -1);
  }

  /**
   * Reads {@code file}, every column of which is a feature (no label column); the table's labels
   * are empty.
   *
   * @param header whether the first line names the columns; null to decide from the file: it is a
   *     header if any of its cells is not a number
   * @param featureCount the number of columns the file must have: the training split's features
   * @throws DataException naming the file, line and column of the first problem
   */
  static CsvTable readFeatures(Path file, Boolean header, int featureCount) throws DataException {
    return read(file, false, null, header, featureCount);
  }

  private static CsvTable read(Path file, boolean labelled, String labelColumn, Boolean header, int expectedColumns)
      throws DataException {
    String name = file.toString();
    List<String> lines = readLines(file);
    int first = 0;
    while (first < lines.size() && lines.get(first).isBlank()) {
      first++;
    }
    if (first == lines.size()) {
      throw new DataException(name + ": empty file");
    }
    String where = name + ":" + (first + 1);
    List<String> firstCells = split(where, lines.get(first));
    int columnCount = firstCells.size();
    if (labelled && columnCount < 2) {
      throw new DataException(where + ": needs a label column and at least one feature column, got 1 column");
    }
    if (!labelled && columnCount != expectedColumns) {
      throw new DataException(where + ": has " + columnCount + (columnCount == 1 ? " column" : " columns")
          + ", but the training split has "
          + expectedColumns + " features" + (columnCount == expectedColumns + 1
              ? " (a file of features only has no label column)" : ""));
    }
    boolean hasHeader = header != null ? header : looksLikeHeader(firstCells, labelled, labelColumn);
    int labelIndex = labelled ? labelIndex(where, firstCells, hasHeader, labelColumn) : -1;
    List<String> columnNames = hasHeader ? firstCells : List.of();

    int featureCount = labelled ? columnCount - 1 : columnCount;
    float[] features = new float[featureCount * 64];
    List<String> labels = new ArrayList<>();
    List<Integer> rowLines = new ArrayList<>();
    for (int lineIndex = hasHeader ? first + 1 : first; lineIndex < lines.size(); lineIndex++) {
      String line = lines.get(lineIndex);
      if (line.isBlank()) {
        continue;
      }
      String at = name + ":" + (lineIndex + 1);
      List<String> cells = split(at, line);
      if (cells.size() != columnCount) {
        throw new DataException(at + ": expected " + columnCount + " columns (as in line " + (first + 1) + "), got "
            + cells.size());
      }
      int row = rowLines.size();
      rowLines.add(lineIndex + 1);
      if ((row + 1) * featureCount > features.length) {
        features = Arrays.copyOf(features, features.length * 2);
      }
      int f = row * featureCount;
      for (int c = 0; c < columnCount; c++) {
        String cell = cells.get(c);
        if (c == labelIndex) {
          if (cell.isEmpty()) {
            throw new DataException(at + ": " + describe(c, columnNames) + ": missing label");
          }
          labels.add(cell);
        } else {
          features[f++] = number(at, c, columnNames, cell);
        }
      }
    }
    if (rowLines.isEmpty()) {
      throw new DataException(name + ": no data rows" + (hasHeader ? " after the header line" : ""));
    }
    List<String> featureNames = new ArrayList<>(columnNames);
    if (hasHeader && labelled) {
      featureNames.remove(labelIndex);
    }
    return new CsvTable(name, hasHeader ? first + 1 : 0, featureNames, featureCount,
        Arrays.copyOf(features, rowLines.size() * featureCount), labels.toArray(String[]::new),
        rowLines.stream().mapToInt(Integer::intValue).toArray());
  }

  static List<String> readLines(Path file) throws DataException {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
        lines.set(0, lines.get(0).substring(1));
      }
      return lines;
    } catch (NoSuchFileException e) {
      throw new DataException(file + ": not found", e);
    } catch (CharacterCodingException e) {
      throw new DataException(file + ": not UTF-8 text", e);
    } catch (IOException e) {
      throw new DataException(file + ": cannot read: " + PlainMessage.of(e), e);
    }
  }

  private static boolean looksLikeHeader(List<String> cells, boolean labelled, String labelColumn) {
    if (labelColumn != null && !isIndex(labelColumn)) {
      return true;
    }
    int labelIndex = !labelled ? -1 : labelColumn == null ? cells.size() - 1 : Integer.parseInt(labelColumn);
    for (int c = 0; c < cells.size(); c++) {
      if (c != labelIndex && !NUMBER.matcher(cells.get(c)).matches()) {
        return true;
      }
    }
    return false;
  }

  private static int labelIndex(String where, List<String> firstCells, boolean hasHeader, String labelColumn)
      throws DataException {
    if (labelColumn == null) {
      return firstCells.size() - 1;
    }
    if (hasHeader && firstCells.contains(labelColumn)) {
      return firstCells.indexOf(labelColumn);
    }
    if (!isIndex(labelColumn)) {
      throw new DataException(hasHeader
          ? where + ": no column named '" + labelColumn + "' for labelColumn; columns: " + firstCells
          : where + ": labelColumn '" + labelColumn + "' names a column, but the file has no header line");
    }
    int index = Integer.parseInt(labelColumn);
    if (index >= firstCells.size()) {
      throw new DataException(where + ": labelColumn " + index + " is out of range: the file has "
          + firstCells.size() + " columns");
    }
    return index;
  }

  private static float number(String at, int column, List<String> columnNames, String cell) throws DataException {
    if (!NUMBER.matcher(cell).matches()) {
      throw new DataException(at + ": " + describe(column, columnNames) + ": not a number: '" + cell + "'");
    }
    float value = Float.parseFloat(cell);
    if (!Float.isFinite(value)) {
      throw new DataException(at + ": " + describe(column, columnNames) + ": out of the float range: '" + cell + "'");
    }
    return value;
  }

  private static String describe(int column, List<String> columnNames) {
    return columnNames.isEmpty() ? "column " + column : "column " + column + " ('" + columnNames.get(column) + "')";
  }

  /** The trimmed cells of one line; {@code where} is "file:line" for errors. */
  static List<String> split(String where, String line) throws DataException {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int i = 0;
    while (true) {
      while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i < line.length() && line.charAt(i) == '"') {
        i++;
        while (true) {
          if (i >= line.length()) {
            throw new DataException(where + ": column " + cells.size() + ": unterminated quoted cell");
          }
          char ch = line.charAt(i++);
          if (ch == '"') {
            if (i < line.length() && line.charAt(i) == '"') {
              cell.append('"');
              i++;
            } else {
              break;
            }
          } else {
            cell.append(ch);
          }
        }
        while (i < line.length() && line.charAt(i) != ',') {
          if (!Character.isWhitespace(line.charAt(i))) {
            throw new DataException(where + ": column " + cells.size() + ": text after a closing quote");
          }
          i++;
        }
        cells.add(cell.toString());
      } else {
        int end = line.indexOf(',', i);
        end = end < 0 ? line.length() : end;
        cells.add(line.substring(i, end).trim());
        i = end;
      }
      cell.setLength(0);
      if (i >= line.length()) {
        return cells;
      }
      i++; // the comma
    }
  }
}
