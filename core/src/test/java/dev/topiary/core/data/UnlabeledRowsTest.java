package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnlabeledRowsTest {

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** A csv source of two named features and a label, loaded without a validation split. */
  private DataSplits named(Scaling scaling, double validationFraction) throws Exception {
    write("train.csv", "width,height,kind\n600,0.9,large\n400,0.1,small\n620,0.85,large\n390,0.2,small\n");
    write("test.csv", "width,height,kind\n610,0.8,large\n");
    return new CsvDataSpec("train.csv", "test.csv", "kind", null, scaling, validationFraction, null, null)
        .load(dir, 7);
  }

  /** A csv source of two unnamed features (no header) and a label. */
  private DataSplits unnamed() throws Exception {
    write("plain-train.csv", "600,0.9,1\n400,0.1,0\n");
    write("plain-test.csv", "610,0.8,1\n");
    return new CsvDataSpec("plain-train.csv", "plain-test.csv", null, null, Scaling.NONE, 0.0, null, null)
        .load(dir, 7);
  }

  private static int[] bits(float[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Float.floatToIntBits(values[i]);
    }
    return out;
  }

  @Test
  void aHeaderIsDetectedOrGivenAndTheValuesAreReadInOrder() throws Exception {
    DataSplits splits = named(Scaling.NONE, 0.0);

    UnlabeledRows detected = UnlabeledRows.read(write("a.csv", "width,height\n1,2\n\n\"3\",4.5e1\n"), null, splits);
    assertThat(detected.count()).isEqualTo(2);
    assertThat(detected.featureCount()).isEqualTo(2);
    assertThat(detected.features()).containsExactly(1f, 2f, 3f, 45f);

    UnlabeledRows plain = UnlabeledRows.read(write("b.csv", "1,2\n3,45\n"), null, splits);
    assertThat(plain.features()).containsExactly(1f, 2f, 3f, 45f);

    // an explicit header skips a numeric first line (checked as names); header false reads a text line as data
    UnlabeledRows skipped = UnlabeledRows.read(write("c.csv", "9,9\n1,2\n"), true, unnamed());
    assertThat(skipped.features()).containsExactly(1f, 2f);
    Path numericNames = write("e.csv", "9,9\n1,2\n");
    assertThatThrownBy(() -> UnlabeledRows.read(numericNames, true, splits))
        .hasMessage(numericNames + ":1: column 0: expected the training feature 'width', got '9'; the columns must "
            + "be the training features in order: [width, height]");
    Path text = write("d.csv", "width,height\n1,2\n");
    assertThatThrownBy(() -> UnlabeledRows.read(text, false, splits))
        .isInstanceOf(DataException.class)
        .hasMessage(text + ":1: column 0: not a number: 'width'");
  }

  @Test
  void theColumnCountMustBeTheTrainingSplitsFeatureCount() throws Exception {
    DataSplits splits = named(Scaling.NONE, 0.0);
    Path one = write("one.csv", "1\n2\n");
    assertThatThrownBy(() -> UnlabeledRows.read(one, null, splits))
        .isInstanceOf(DataException.class)
        .hasMessage(one + ":1: has 1 column, but the training split has 2 features");
    Path withLabel = write("labelled.csv", "width,height,kind\n1,2,large\n");
    assertThatThrownBy(() -> UnlabeledRows.read(withLabel, null, splits))
        .hasMessage(withLabel + ":1: has 3 columns, but the training split has 2 features (a file of features only "
            + "has no label column)");
    Path ragged = write("ragged.csv", "1,2\n3,4,5\n");
    assertThatThrownBy(() -> UnlabeledRows.read(ragged, null, splits))
        .hasMessage(ragged + ":2: expected 2 columns (as in line 1), got 3");
  }

  @Test
  void badNumbersAndEmptyFilesNameTheFileLineAndColumn() throws Exception {
    DataSplits splits = named(Scaling.NONE, 0.0);
    Path named = write("bad.csv", "width,height\n1,2\n\n3,x\n");
    assertThatThrownBy(() -> UnlabeledRows.read(named, null, splits))
        .isInstanceOf(DataException.class)
        .hasMessage(named + ":4: column 1 ('height'): not a number: 'x'");
    Path unnamed = write("bad2.csv", "1,2\n1e99,2\n");
    assertThatThrownBy(() -> UnlabeledRows.read(unnamed, null, splits))
        .hasMessage(unnamed + ":2: column 0: out of the float range: '1e99'");
    Path empty = write("empty.csv", "\n\n");
    assertThatThrownBy(() -> UnlabeledRows.read(empty, null, splits)).hasMessage(empty + ": empty file");
    Path headerOnly = write("header.csv", "width,height\n");
    assertThatThrownBy(() -> UnlabeledRows.read(headerOnly, null, splits))
        .hasMessage(headerOnly + ": no data rows after the header line");
    Path missing = dir.resolve("none.csv");
    assertThatThrownBy(() -> UnlabeledRows.read(missing, null, splits)).hasMessage(missing + ": not found");
  }

  @Test
  void aHeaderMustNameTheTrainingFeaturesInOrder() throws Exception {
    DataSplits splits = named(Scaling.NONE, 0.0);
    Path swapped = write("swapped.csv", "\nheight,width\n0.5,500\n");
    assertThatThrownBy(() -> UnlabeledRows.read(swapped, null, splits))
        .isInstanceOf(DataException.class)
        .hasMessage(swapped + ":2: column 0: expected the training feature 'width', got 'height'; the columns must "
            + "be the training features in order: [width, height]");
    Path misspelt = write("misspelt.csv", "width,heigth\n500,0.5\n");
    assertThatThrownBy(() -> UnlabeledRows.read(misspelt, null, splits))
        .hasMessage(misspelt + ":1: column 1: expected the training feature 'height', got 'heigth'; the columns "
            + "must be the training features in order: [width, height]");

    // a training file without a header has no names to check: only the count matters
    assertThat(UnlabeledRows.read(swapped, null, unnamed()).features()).containsExactly(0.5f, 500f);
  }

  @Test
  void theTrainingFilesRowsGiveBitIdenticalFeaturesToTheTrainingSplit() throws Exception {
    Random random = new Random(3);
    StringBuilder train = new StringBuilder("a,b,c,label\n");
    StringBuilder trainFeatures = new StringBuilder("a,b,c\n");
    StringBuilder test = new StringBuilder("a,b,c,label\n");
    StringBuilder testFeatures = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      String row = String.format(Locale.ROOT, "%.4f,%.3f,%.6f", 500 + 90 * random.nextGaussian(),
          random.nextGaussian(), 0.001 * random.nextDouble());
      train.append(row).append(',').append(i % 3).append('\n');
      trainFeatures.append(row).append('\n');
      if (i % 4 == 0) {
        String testRow = String.format(Locale.ROOT, "%.2f,%.5f,%.7f", 480 + 100 * random.nextGaussian(),
            2 * random.nextGaussian(), 0.002 * random.nextDouble());
        test.append(testRow).append(',').append(i % 3).append('\n');
        testFeatures.append(testRow).append('\n');
      }
    }
    write("train.csv", train.toString());
    write("test.csv", test.toString());
    Path sameAsTrain = write("transfer-train.csv", trainFeatures.toString());
    Path sameAsTest = write("transfer-test.csv", testFeatures.toString());

    boolean floatScalingWouldDiffer = false;
    for (Scaling scaling : Scaling.values()) {
      // no validation split: the training split is the training file's rows in order
      DataSplits whole = new CsvDataSpec("train.csv", "test.csv", "label", null, scaling, 0.0, null, null)
          .load(dir, 5);
      UnlabeledRows rows = UnlabeledRows.read(sameAsTrain, null, whole);
      assertThat(rows.count()).isEqualTo(40);
      assertThat(bits(rows.features())).as(scaling.toString()).containsExactly(bits(whole.train().features()));

      // with a validation split the statistics come from 30 of the rows; the test split is every test row
      DataSplits carved = new CsvDataSpec("train.csv", "test.csv", "label", null, scaling, 0.25, null, null)
          .load(dir, 5);
      assertThat(carved.train().rows()).isEqualTo(30);
      assertThat(bits(UnlabeledRows.read(sameAsTest, null, carved).features())).as(scaling.toString())
          .containsExactly(bits(carved.test().features()));

      if (carved.inputScaling() != null) {
        float[] offset = carved.inputScaling().offset();
        float[] divisor = carved.inputScaling().divisor();
        float[] raw = UnlabeledRows.read(sameAsTest, null, new DataSplits(
            new Dataset(new float[0], new int[0], 3, 3, null, List.of()), Dataset.emptyLike(carved.test()),
            Dataset.emptyLike(carved.test()))).features();
        for (int i = 0; i < raw.length; i++) {
          float single = (raw[i] - offset[i % 3]) / divisor[i % 3];
          floatScalingWouldDiffer |= Float.floatToIntBits(single) != Float.floatToIntBits(carved.test().features()[i]);
        }
      }
    }
    // the data tell the exact (double) statistics from their float roundings, so the test can fail
    assertThat(floatScalingWouldDiffer).isTrue();
  }

  @Test
  void imageSourcesScalingAppliesWhenTheSplitsCarryNoCsvInputs() throws Exception {
    float[] pixels = {0 / 255f, 17 / 255f, 128 / 255f, 255 / 255f};
    Dataset train = new Dataset(pixels, new int[] {0, 1}, 2, 2, null, List.of());
    DataSplits images = new DataSplits(train, Dataset.emptyLike(train), train).withInputScaling(InputScaling.pixels(2));
    Path raw = write("pixels.csv", "0,17\n128,255\n");
    assertThat(bits(UnlabeledRows.read(raw, null, images).features())).containsExactly(bits(pixels));
    // splits that record no scaling take the values as read
    assertThat(UnlabeledRows.read(raw, null, new DataSplits(train, train, train)).features())
        .containsExactly(0f, 17f, 128f, 255f);
  }

  @Test
  void sizesMustAgree() {
    assertThatThrownBy(() -> new UnlabeledRows(new float[5], 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2 rows of 2 features need 4 values, got 5");
  }
}
