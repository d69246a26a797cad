package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelInputsTest {

  @TempDir
  Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private DataSplits load(Scaling scaling) throws Exception {
    write("train.csv", "a,b,label\n1,10,dog\n3,30,cat\n5,50,dog\n7,70,cat\n");
    write("test.csv", "a,b,label\n2,20,cat\n");
    return new CsvDataSpec("train.csv", "test.csv", "label", null, scaling, 0.0, null, null).load(dir, 1);
  }

  @Test
  void everyCsvSplitCarriesTheFittedScalingAndTheClassNames() throws Exception {
    DataSplits splits = load(Scaling.STANDARDIZE);
    ModelInputs inputs = splits.train().inputs().orElseThrow();
    assertThat(splits.test().inputs()).contains(inputs);
    assertThat(splits.validation().inputs()).contains(inputs);
    assertThat(inputs.featureNames()).containsExactly("a", "b");
    assertThat(inputs.classNames()).containsExactly("cat", "dog");
    assertThat(inputs.scaling()).isEqualTo(Scaling.STANDARDIZE);
    assertThat(inputs.offsets().get(0)).isCloseTo(4.0, within(1e-9));
    assertThat(inputs.divisors().get(0)).isCloseTo(Math.sqrt(5.0), within(1e-6));
    // scaling a raw row gives exactly the row the model saw
    assertThat(inputs.scale(new float[] {2, 20})).containsExactly(splits.test().features());
    assertThat(inputs.className(1)).isEqualTo("dog");
  }

  @Test
  void unscaledSourcesCarryIdentityInputs() throws Exception {
    ModelInputs inputs = load(Scaling.NONE).train().inputs().orElseThrow();
    assertThat(inputs.offsets()).containsExactly(0.0, 0.0);
    assertThat(inputs.divisors()).containsExactly(1.0, 1.0);
    assertThat(inputs.scale(new float[] {2, 20})).containsExactly(2, 20);
  }

  @Test
  void roundTripsThroughItsFile() throws Exception {
    ModelInputs inputs = load(Scaling.MINMAX).train().inputs().orElseThrow();
    Path file = dir.resolve(ModelInputs.FILE);
    inputs.write(file);
    assertThat(ModelInputs.read(file)).isEqualTo(inputs);
    assertThatThrownBy(() -> ModelInputs.read(write("bad.json", "{\"offsets\": [1]}")))
        .isInstanceOf(DataException.class).hasMessageStartingWith(dir.resolve("bad.json") + ": not a model-inputs.json file");
    assertThatThrownBy(() -> ModelInputs.read(dir.resolve("none.json")))
        .hasMessage(dir.resolve("none.json") + ": not found");
  }

  @Test
  void newRowsAreReadByColumnNameInAnyOrderIgnoringOtherColumns() throws Exception {
    ModelInputs inputs = new ModelInputs(List.of("a", "b"), Scaling.NONE, List.of(0.0, 0.0), List.of(1.0, 1.0),
        List.of("cat", "dog"));
    assertThat(inputs.readCsv(write("new.csv", "id,b,a\nx,20,2\ny,40,4\n"))).containsExactly(2, 20, 4, 40);
    Path missing = write("missing.csv", "a,c\n1,2\n");
    assertThatThrownBy(() -> inputs.readCsv(missing)).isInstanceOf(DataException.class)
        .hasMessage(missing + ": no column 'b'; the model needs the feature columns [a, b], the header has [a, c]");
    Path text = write("text.csv", "a,b\n1,two\n");
    assertThatThrownBy(() -> inputs.readCsv(text)).hasMessage(text + ":2: column 'b': expected a number, got 'two'");
    ModelInputs unnamed = new ModelInputs(List.of(), Scaling.NONE, List.of(0.0, 0.0), List.of(1.0, 1.0), List.of());
    assertThat(unnamed.readCsv(write("plain.csv", "1,2\n3,4\n"))).containsExactly(1, 2, 3, 4);
    Path wide = write("wide.csv", "1,2,3\n");
    assertThatThrownBy(() -> unnamed.readCsv(wide)).hasMessage(wide + ":1: has 3 values, the model takes 2 features");
    assertThat(unnamed.className(1)).isEqualTo("1");
  }

  @Test
  void badValuesAreRejected() {
    assertThatThrownBy(() -> new ModelInputs(List.of(), Scaling.NONE, List.of(0.0), List.of(0.0), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("feature 0: offset and divisor must be finite and the divisor positive, got 0.0 and 0.0");
    assertThatThrownBy(() -> new ModelInputs(List.of("a"), Scaling.NONE, List.of(0.0, 1.0), List.of(1.0, 1.0), List.of()))
        .hasMessage("1 feature names for 2 features");
  }
}
