package dev.topiary.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataSpecYamlTest {

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  private DataSpec read(String text) throws Exception {
    return yaml.readValue(text, DataSpec.class);
  }

  @Test
  void sample() throws Exception {
    assertThat(read("{source: fashion-mnist-sample, validationFraction: 0.2}"))
        .isEqualTo(new FashionMnistSampleDataSpec(0.2, null, null));
    assertThat(read("source: fashion-mnist-sample\ntrainLimit: 2000\ntestLimit: 500\n"))
        .isEqualTo(new FashionMnistSampleDataSpec(0.1, 2000, 500));
  }

  @Test
  void installedFashionMnist() throws Exception {
    FashionMnistDataSpec spec = (FashionMnistDataSpec) read("{source: fashion-mnist}");
    assertThat(spec.dir()).isEqualTo("/usr/share/datasets/fashion-mnist");
    assertThat(spec.validationFraction()).isEqualTo(0.1);
    assertThat(read("{source: fashion-mnist, dir: /data/fm, validationFraction: 0}"))
        .isEqualTo(new FashionMnistDataSpec("/data/fm", 0.0, null, null));
  }

  @Test
  void idx() throws Exception {
    assertThat(read("{source: idx, trainImages: a.gz, trainLabels: b.gz, testImages: c.gz, testLabels: d.gz}"))
        .isEqualTo(new IdxDataSpec("a.gz", "b.gz", "c.gz", "d.gz"));
    IdxDataSpec named = (IdxDataSpec) read("""
        source: idx
        trainImages: a
        trainLabels: b
        testImages: c
        testLabels: d
        classNames: [zero, one]
        trainLimit: 10
        """);
    assertThat(named.classNames()).containsExactly("zero", "one");
    assertThat(named.trainLimit()).isEqualTo(10);
  }

  @Test
  void csv() throws Exception {
    assertThat(read("{source: csv, train: train.csv, test: test.csv, labelColumn: species, header: true, "
        + "scaling: standardize}"))
        .isEqualTo(new CsvDataSpec("train.csv", "test.csv", "species", true, Scaling.STANDARDIZE, null, null, null));
    CsvDataSpec byIndex =
        (CsvDataSpec) read("{source: csv, train: a.csv, test: b.csv, labelColumn: 4, scaling: minmax}");
    assertThat(byIndex.labelColumn()).isEqualTo("4");
    assertThat(byIndex.header()).isNull();
    assertThat(byIndex.scaling()).isEqualTo(Scaling.MINMAX);
    assertThat(((CsvDataSpec) read("{source: csv, train: a.csv, test: b.csv, scaling: none}")).scaling())
        .isEqualTo(Scaling.NONE);
  }

  @Test
  void everySpecRoundTrips() throws Exception {
    List<DataSpec> specs = List.of(
        new FashionMnistSampleDataSpec(0.25, 100, null),
        new FashionMnistDataSpec("fm", null, null, 50),
        new IdxDataSpec("a", "b", "c", "d", List.of("x", "y"), 0.0, null, null),
        new CsvDataSpec("t.csv", "v.csv", "2", false, Scaling.MINMAX, 0.3, 7, 8));
    // a writer for recipes must turn off YAML's native type tags to write the `source` key
    ObjectMapper writer = new ObjectMapper(
        YAMLFactory.builder().disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID).build());
    for (DataSpec spec : specs) {
      assertThat(read(writer.writerFor(DataSpec.class).writeValueAsString(spec))).isEqualTo(spec);
      assertThat(read(yaml.writerFor(DataSpec.class).writeValueAsString(spec))).isEqualTo(spec);
    }
    assertThat(writer.writerFor(DataSpec.class).writeValueAsString(new FashionMnistSampleDataSpec()))
        .isEqualTo("---\nsource: \"fashion-mnist-sample\"\nvalidationFraction: 0.1\n");
    assertThat(yaml.writerFor(DataSpec.class).writeValueAsString(new FashionMnistSampleDataSpec()))
        .isEqualTo("--- !<fashion-mnist-sample>\nvalidationFraction: 0.1\n");
  }

  @Test
  void unknownSourceListsTheKnownOnes() {
    assertThatThrownBy(() -> read("{source: mnist}"))
        .isInstanceOf(InvalidTypeIdException.class)
        .hasMessageContaining("known type ids = [csv, fashion-mnist, fashion-mnist-sample, idx]");
  }

  @Test
  void unknownKeyIsAnError() {
    assertThatThrownBy(() -> read("{source: fashion-mnist-sample, validationFration: 0.2}"))
        .isInstanceOf(UnrecognizedPropertyException.class)
        .hasMessageContaining("validationFration");
  }

  @Test
  void invalidValuesFailWithTheRecordsMessage() {
    assertThatThrownBy(() -> read("{source: fashion-mnist-sample, validationFraction: 1.5}"))
        .isInstanceOf(ValueInstantiationException.class)
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .rootCause().hasMessage("validationFraction must be in [0, 1), got 1.5");
    assertThatThrownBy(() -> read("{source: idx, trainImages: a, trainLabels: b, testImages: c}"))
        .rootCause().hasMessage("testLabels must name a file, got nothing");
    assertThatThrownBy(() -> read("{source: csv, train: a.csv, test: b.csv, scaling: zscore}"))
        .hasMessageContaining("[none, minmax, standardize]");
  }

  @Test
  void idxClassNamesAreValidated() {
    assertThatThrownBy(() -> new IdxDataSpec("a", "b", "c", "d", List.of("x"), null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classNames must name at least 2 classes, got [x]");
    assertThatThrownBy(() -> new IdxDataSpec("a", "b", "c", "d", List.of("x", "x"), null, null, null))
        .hasMessage("classNames must be distinct, got [x, x]");
    assertThatThrownBy(() -> new FashionMnistDataSpec("", null, null, null))
        .hasMessage("dir must name a folder, got ''");
  }
}
