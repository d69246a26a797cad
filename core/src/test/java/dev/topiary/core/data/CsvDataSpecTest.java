package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataSpecTest {

  private static final String IRIS_HEADER = "sepal_length,sepal_width,petal_length,petal_width,species\n";

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static CsvDataSpec spec(String labelColumn, Boolean header) {
    return new CsvDataSpec("train.csv", "test.csv", labelColumn, header, Scaling.NONE, 0.0, null, null);
  }

  @Test
  void headerWithStringLabelsMapsSortedNamesToClasses() throws Exception {
    write("train.csv", IRIS_HEADER
        + "5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n\n6.3,3.3,6.0,2.5,virginica\n");
    write("test.csv", IRIS_HEADER + "5.0,3.6,1.4,0.2,setosa\n");
    DataSplits splits = spec("species", null).load(dir, 3);
    Dataset train = splits.train();
    assertThat(train.rows()).isEqualTo(3);
    assertThat(train.featureCount()).isEqualTo(4);
    assertThat(train.classCount()).isEqualTo(3);
    assertThat(train.classNames()).containsExactly("setosa", "versicolor", "virginica");
    assertThat(train.labels()).containsExactly(0, 1, 2);
    assertThat(train.featureRows(1, 2)).containsExactly(7.0f, 3.2f, 4.7f, 1.4f);
    assertThat(train.shape()).isNull();
    assertThat(splits.test().labels()).containsExactly(0);
  }

  @Test
  void classesComeFromTheTrainingFile() throws Exception {
    write("train.csv", "a,b\n1,x\n2,z\n3,y\n");
    write("test.csv", "a,b\n1,y\n");
    DataSplits splits = spec(null, null).load(dir, 3);
    assertThat(splits.train().classNames()).containsExactly("x", "y", "z");
    assertThat(splits.train().labels()).containsExactly(0, 2, 1);
    assertThat(splits.test().labels()).containsExactly(1);
  }

  @Test
  void withoutHeaderTheLastColumnHoldsIntegerLabels() throws Exception {
    write("train.csv", "0.5,1,2\n-1.5e1,.25,0\n+3,4.,1\n");
    write("test.csv", "1,1,0\n");
    Dataset train = spec(null, null).load(dir, 3).train();
    assertThat(train.rows()).isEqualTo(3);
    assertThat(train.classCount()).isEqualTo(3);
    assertThat(train.classNames()).isEmpty();
    assertThat(train.labels()).containsExactly(2, 0, 1);
    assertThat(train.features()).containsExactly(0.5f, 1f, -15f, 0.25f, 3f, 4f);
  }

  @Test
  void labelColumnByIndexWithExplicitHeaderFlag() throws Exception {
    write("train.csv", "1,0.5,0.25\n0,1.5,2.5\n");
    write("test.csv", "1,9,9\n");
    Dataset train = spec("0", false).load(dir, 3).train();
    assertThat(train.labels()).containsExactly(1, 0);
    assertThat(train.features()).containsExactly(0.5f, 0.25f, 1.5f, 2.5f);
  }

  @Test
  void explicitHeaderSkipsANumericFirstLine() throws Exception {
    write("train.csv", "1,2,3\n4,5,0\n6,7,1\n");
    write("test.csv", "1,2,3\n8,9,1\n");
    DataSplits splits = spec(null, true).load(dir, 3);
    assertThat(splits.train().rows()).isEqualTo(2);
    assertThat(splits.test().features()).containsExactly(8f, 9f);
  }

  @Test
  void quotedCellsMayHoldCommas() throws Exception {
    write("train.csv", "x,\"kind, of\"\n1,\"a, b\"\n2,\"say \"\"c\"\"\"\n");
    write("test.csv", "x,\"kind, of\"\n3,\"a, b\"\n");
    Dataset train = spec("kind, of", null).load(dir, 3).train();
    assertThat(train.classNames()).containsExactly("a, b", "say \"c\"");
  }

  @Test
  void badNumberNamesFileLineAndColumn() throws Exception {
    StringBuilder text = new StringBuilder(IRIS_HEADER);
    for (int i = 0; i < 15; i++) {
      text.append("5.1,3.5,1.4,0.2,setosa\n");
    }
    text.append("5.1,3.5,1.4,abc,setosa\n");
    Path train = write("data.csv", text.toString());
    write("test.csv", IRIS_HEADER + "5.0,3.6,1.4,0.2,setosa\n");
    CsvDataSpec spec = new CsvDataSpec("data.csv", "test.csv");
    assertThatThrownBy(() -> spec.load(dir, 1))
        .isInstanceOf(DataException.class)
        .hasMessage(train + ":17: column 3 ('petal_width'): not a number: 'abc'");
  }

  @Test
  void badNumberWithoutHeaderNamesColumnByIndex() throws Exception {
    Path train = write("train.csv", "1,2,0\n1,,1\n");
    write("test.csv", "1,2,0\n");
    assertThatThrownBy(() -> spec(null, false).load(dir, 1))
        .hasMessage(train + ":2: column 1: not a number: ''");
  }

  @Test
  void numberOutsideFloatRange() throws Exception {
    Path train = write("train.csv", "a,y\n1e39,0\n");
    write("test.csv", "a,y\n1,1\n");
    assertThatThrownBy(() -> spec(null, null).load(dir, 1))
        .hasMessage(train + ":2: column 0 ('a'): out of the float range: '1e39'");
  }

  @Test
  void raggedRow() throws Exception {
    Path train = write("train.csv", "a,b,y\n1,2,0\n1,2\n");
    write("test.csv", "a,b,y\n1,2,0\n");
    assertThatThrownBy(() -> spec(null, null).load(dir, 1))
        .hasMessage(train + ":3: expected 3 columns (as in line 1), got 2");
  }

  @Test
  void emptyFile() throws Exception {
    Path train = write("train.csv", "\n  \n");
    write("test.csv", "a,y\n1,0\n");
    assertThatThrownBy(() -> spec(null, null).load(dir, 1)).hasMessage(train + ": empty file");
  }

  @Test
  void headerOnly() throws Exception {
    write("train.csv", "a,y\n1,0\n2,1\n");
    Path test = write("test.csv", "a,y\n");
    assertThatThrownBy(() -> spec(null, null).load(dir, 1))
        .hasMessage(test + ": no data rows after the header line");
  }

  @Test
  void missingLabel() throws Exception {
    Path train = write("train.csv", "a,y\n1,0\n2,\n");
    write("test.csv", "a,y\n1,0\n");
    assertThatThrownBy(() -> spec(null, null).load(dir, 1))
        .hasMessage(train + ":3: column 1 ('y'): missing label");
  }

  @Test
  void unknownLabelColumnListsTheColumns() throws Exception {
    Path train = write("train.csv", "a,b,y\n1,2,0\n");
    write("test.csv", "a,b,y\n1,2,0\n");
    assertThatThrownBy(() -> spec("label", null).load(dir, 1))
        .hasMessage(train + ":1: no column named 'label' for labelColumn; columns: [a, b, y]");
  }

  @Test
  void labelColumnIndexOutOfRange() throws Exception {
    Path train = write("train.csv", "1,2,0\n");
    write("test.csv", "1,2,0\n");
    assertThatThrownBy(() -> spec("3", null).load(dir, 1))
        .hasMessage(train + ":1: labelColumn 3 is out of range: the file has 3 columns");
  }

  @Test
  void singleColumn() throws Exception {
    Path train = write("train.csv", "\ny\n0\n");
    write("test.csv", "a,y\n1,0\n");
    assertThatThrownBy(() -> spec(null, null).load(dir, 1))
        .hasMessage(train + ":2: needs a label column and at least one feature column, got 1 column");
  }

  @Test
  void unterminatedQuote() throws Exception {
    Path train = write("train.csv", "a,y\n1,\"x\n");
    write("test.csv", "a,y\n1,0\n");
    assertThatThrownBy(() -> spec(null, null).load(dir, 1))
        .hasMessage(train + ":2: column 1: unterminated quoted cell");
  }

  @Test
  void testFileWithOtherColumns() throws Exception {
    Path train = write("train.csv", "a,b,y\n1,2,0\n3,4,1\n");
    Path test = write("test.csv", "a,y\n1,0\n");
    assertThatThrownBy(() -> spec(null, null).load(dir, 1))
        .hasMessage(test + ": has 1 feature columns, but " + train + " has 2");
    write("test.csv", "a,c,y\n1,2,0\n");
    assertThatThrownBy(() -> spec(null, null).load(dir, 1))
        .hasMessage(test + ": feature columns [a, c] differ from those of " + train + " [a, b]");
  }

  @Test
  void oneClassIsNotEnough() throws Exception {
    Path train = write("train.csv", "a,y\n1,cat\n2,cat\n");
    write("test.csv", "a,y\n1,cat\n");
    assertThatThrownBy(() -> spec(null, null).load(dir, 1))
        .hasMessage(train + ": needs at least 2 classes, found 1: [cat]");
  }

  @Test
  void missingFile() {
    assertThatThrownBy(() -> spec(null, null).load(dir, 1))
        .isInstanceOf(DataException.class)
        .hasMessage(dir.resolve("train.csv") + ": not found");
  }

  @Test
  void specValidation() {
    assertThatThrownBy(() -> new CsvDataSpec(null, "t.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("train must name a file, got nothing");
    assertThatThrownBy(() -> new CsvDataSpec("a.csv", " "))
        .hasMessage("test must name a file, got ' '");
    assertThatThrownBy(() -> new CsvDataSpec("a.csv", "b.csv", "species", false, null, null, null, null))
        .hasMessage("labelColumn 'species' names a column, but header is false; give a 0-based index instead");
    assertThatThrownBy(() -> new CsvDataSpec("a.csv", "b.csv", "", null, null, null, null, null))
        .hasMessage("labelColumn must be a column name or a 0-based index, got ''");
    CsvDataSpec defaults = new CsvDataSpec("a.csv", "b.csv");
    assertThat(defaults.scaling()).isEqualTo(Scaling.NONE);
    assertThat(defaults.validationFraction()).isEqualTo(0.1);
    assertThat(defaults.trainLimit()).isNull();
  }
}
