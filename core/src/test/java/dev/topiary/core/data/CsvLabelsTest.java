package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV label semantics: indices 0..k−1 all present in training, or names, or a classes list. */
class CsvLabelsTest {

  @TempDir
  Path dir;

  private Path train;
  private Path test;

  private CsvDataSpec files(String trainCsv, String testCsv, List<String> classes) throws IOException {
    train = Files.writeString(dir.resolve("train.csv"), trainCsv);
    test = Files.writeString(dir.resolve("test.csv"), testCsv);
    return new CsvDataSpec("train.csv", "test.csv", null, null, null, 0.0, null, null, classes);
  }

  @Test
  void negativeLabelIsAnErrorWithItsLine() throws IOException {
    CsvDataSpec spec = files("a,b\n1,0\n2,-1\n3,1\n", "a,b\n1,0\n", null);

    assertThatThrownBy(() -> spec.load(dir, 1)).isInstanceOf(DataException.class).hasMessage(train
        + ":3: label -1 is negative; integer labels are class indices 0, 1, 2, … (or name the classes with"
        + " data.classes)");
  }

  @Test
  void everyClassIndexMustOccurInTraining() throws IOException {
    CsvDataSpec spec = files("a,b\n1,0\n2,1\n3,3\n", "a,b\n1,0\n", null);

    assertThatThrownBy(() -> spec.load(dir, 1)).isInstanceOf(DataException.class).hasMessage(train
        + ": integer labels are class indices 0..3, but class 2 never occurs in this training file; number the"
        + " classes from 0 without gaps, or name them with data.classes");
  }

  @Test
  void aHugeLabelIsAMissingClassNotAHugeClassCount() throws IOException {
    CsvDataSpec spec = files("a,b\n1,0\n2,1\n3,999999999\n", "a,b\n1,0\n", null);

    assertThatThrownBy(() -> spec.load(dir, 1)).isInstanceOf(DataException.class)
        .hasMessageStartingWith(train + ": integer labels are class indices 0..999999999, but class 2 never occurs");
  }

  @Test
  void testIndexUnseenInTrainingNamesFileAndLine() throws IOException {
    CsvDataSpec spec = files("a,b\n1,0\n2,1\n3,2\n", "a,b\n1,0\n\n2,7\n", null);

    assertThatThrownBy(() -> spec.load(dir, 1)).isInstanceOf(DataException.class).hasMessage(test
        + ":4: label 7 does not occur in the training file " + train + " (its classes are 0..2)");
  }

  @Test
  void testNameUnseenInTrainingNamesFileAndLine() throws IOException {
    CsvDataSpec spec = files("a,b\n1,x\n2,z\n", "a,b\n1,y\n", null);

    assertThatThrownBy(() -> spec.load(dir, 1)).isInstanceOf(DataException.class).hasMessage(test
        + ":2: label 'y' does not occur in the training file " + train + " (its classes: [x, z])");
  }

  @Test
  void classesListNamesIndexedClassesAndAllowsAnAbsentOne() throws Exception {
    CsvDataSpec spec = files("a,b\n1,0\n2,1\n", "a,b\n1,2\n", List.of("cat", "dog", "bird"));

    DataSplits splits = spec.load(dir, 1);

    assertThat(splits.train().classCount()).isEqualTo(3);
    assertThat(splits.train().classNames()).containsExactly("cat", "dog", "bird");
    assertThat(splits.test().labels()).containsExactly(2);
  }

  @Test
  void classesListOrdersNamedLabels() throws Exception {
    CsvDataSpec spec = files("a,b\n1,dog\n2,cat\n", "a,b\n1,bird\n", List.of("cat", "dog", "bird"));

    DataSplits splits = spec.load(dir, 1);

    assertThat(splits.train().labels()).containsExactly(1, 0);
    assertThat(splits.test().labels()).containsExactly(2);
  }

  @Test
  void labelOutsideTheClassesListIsAnError() throws IOException {
    CsvDataSpec indexed = files("a,b\n1,0\n2,1\n", "a,b\n1,3\n", List.of("cat", "dog", "bird"));
    assertThatThrownBy(() -> indexed.load(dir, 1)).isInstanceOf(DataException.class)
        .hasMessage(test + ":2: label 3 is not a class index of data.classes (0..2)");

    CsvDataSpec named = files("a,b\n1,cat\n2,fox\n", "a,b\n1,cat\n", List.of("cat", "dog", "bird"));
    assertThatThrownBy(() -> named.load(dir, 1)).isInstanceOf(DataException.class)
        .hasMessage(train + ":3: label 'fox' is not one of data.classes [cat, dog, bird]");
  }

  @Test
  void classesListIsValidated() {
    assertThatThrownBy(() -> new CsvDataSpec("a.csv", "b.csv", null, null, null, null, null, null, List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classes must list at least 2 distinct, non-blank class names, got [a]");
    assertThatThrownBy(() -> new CsvDataSpec("a.csv", "b.csv", null, null, null, null, null, null,
        List.of("a", "a"))).hasMessage("classes must list at least 2 distinct, non-blank class names, got [a, a]");
  }
}
