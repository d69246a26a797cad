package dev.topiary.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelFileException;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ModelSpecTest {

  private static final DataSplits DATA = splits(TinyNetworks.blobs(1, 60, 4, 3));

  @TempDir
  Path dir;

  private static DataSplits splits(Dataset data) {
    return new DataSplits(data, Dataset.emptyLike(data), data);
  }

  @Test
  void readsBothFormsFromYaml() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    ModelSpec trained = yaml.readValue("train: {architecture: mlp, hidden: [300, 150], activation: relu, "
        + "epochs: 10, batchSize: 64, learningRate: 0.001, updater: adam, l2: 0.0, seed: 7}", ModelSpec.class);
    assertThat(trained).isEqualTo(ModelSpec.trained(
        new TrainSpec("mlp", List.of(300, 150), "relu", 10, 64, 0.001, "adam", 0.0, 7L)));
    assertThat(yaml.readValue("file: models/baseline.zip", ModelSpec.class))
        .isEqualTo(ModelSpec.fromFile("models/baseline.zip"));
    // written and read again, a spec is equal to itself
    assertThat(yaml.readValue(yaml.writeValueAsString(trained), ModelSpec.class)).isEqualTo(trained);
  }

  @Test
  void exactlyOneOfTrainOrFile() {
    TrainSpec train = new TrainSpec("mlp", List.of(4), null, 1, null, null, null, null, null);
    assertThatThrownBy(() -> new ModelSpec(train, "m.zip")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: give either train or file, not both");
    assertThatThrownBy(() -> new ModelSpec(null, null))
        .hasMessage("model: give one of train (an architecture to train) or file (a DL4J model zip to load)");
    assertThatThrownBy(() -> ModelSpec.fromFile(" ")).hasMessage("model.file: must not be blank");
  }

  @Test
  void trainsWithTheBuildSeedWhenTheSpecHasNone() throws Exception {
    ModelSpec spec = ModelSpec.trained(new TrainSpec("mlp", List.of(5), null, 1, 16, null, null, null, null));
    try (NetworkModel a = spec.build(DATA, dir, 3, ProgressReporter.NONE);
        NetworkModel b = spec.build(DATA, dir, 3, ProgressReporter.NONE);
        NetworkModel c = spec.build(DATA, dir, 4, ProgressReporter.NONE)) {
      assertThat(a.network().params()).isEqualTo(b.network().params());
      assertThat(a.network().params()).isNotEqualTo(c.network().params());
    }
  }

  @Test
  void architectureThatDoesNotFitTheDataIsAModelError() {
    ModelSpec spec = ModelSpec.trained(new TrainSpec("cnn-small", null, null, 1, null, null, null, null, null));
    assertThatThrownBy(() -> spec.build(DATA, dir, 3, ProgressReporter.NONE))
        .isInstanceOf(ModelFileException.class)
        .hasMessage("model.train.architecture: cnn-small needs image data (channels×height×width), but the data "
            + "has plain rows of 4 features");
  }

  @Test
  void loadsASavedModelRelativeToTheBaseDirectory() throws Exception {
    Files.createDirectories(dir.resolve("models"));
    try (NetworkModel saved = TinyNetworks.mlp(7, 4, 6, 3)) {
      saved.save(dir.resolve("models/baseline.zip"));
      try (NetworkModel loaded = ModelSpec.fromFile("models/baseline.zip").build(DATA, dir, 1, ProgressReporter.NONE)) {
        assertThat(loaded.network().params()).isEqualTo(saved.network().params());
        assertThat(loaded.describe()).isEqualTo(saved.describe());
      }
    }
  }

  @Test
  void missingFileNamesThePath() {
    assertThatThrownBy(() -> ModelSpec.fromFile("models/missing.zip").build(DATA, dir, 1, ProgressReporter.NONE))
        .isInstanceOf(ModelFileException.class)
        .hasMessage("model file models/missing.zip does not exist (looked for "
            + dir.resolve("models/missing.zip").toAbsolutePath() + ")");
    assertThatThrownBy(() -> ModelSpec.fromFile(".").build(DATA, dir, 1, ProgressReporter.NONE))
        .hasMessage("model file . is not a file");
  }

  @Test
  void fileThatIsNotADl4jZip() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "not a model");
    assertThatThrownBy(() -> ModelSpec.fromFile("notes.txt").build(DATA, dir, 1, ProgressReporter.NONE))
        .isInstanceOf(ModelFileException.class)
        .hasMessage("model file notes.txt is not a DL4J model zip (not a zip archive)");
    try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(dir.resolve("other.zip")))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
      zip.write(1);
    }
    assertThatThrownBy(() -> ModelSpec.fromFile("other.zip").build(DATA, dir, 1, ProgressReporter.NONE))
        .hasMessage("model file other.zip is not a DL4J model zip (it has no configuration.json and "
            + "coefficients.bin)");
  }

  @Test
  void computationGraphIsRejected() throws Exception {
    ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
        .addInputs("in")
        .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
            .activation(Activation.SOFTMAX).build(), "in")
        .setOutputs("out")
        .build();
    ComputationGraph graph = new ComputationGraph(conf);
    graph.init();
    ModelSerializer.writeModel(graph, dir.resolve("graph.zip").toFile(), false);
    graph.close();
    assertThatThrownBy(() -> ModelSpec.fromFile("graph.zip").build(DATA, dir, 1, ProgressReporter.NONE))
        .isInstanceOf(ModelFileException.class)
        .hasMessage("model file graph.zip holds a DL4J ComputationGraph; Topiary needs a MultiLayerNetwork");
  }

  @Test
  void modelThatDoesNotFitTheDataNamesBothNumbers() throws Exception {
    try (NetworkModel wide = TinyNetworks.mlp(7, 784, 4, 10); NetworkModel fourClasses = TinyNetworks.mlp(7, 4, 4, 4)) {
      wide.save(dir.resolve("x.zip"));
      fourClasses.save(dir.resolve("y.zip"));
    }
    assertThatThrownBy(() -> ModelSpec.fromFile("x.zip").build(DATA, dir, 1, ProgressReporter.NONE))
        .isInstanceOf(ModelFileException.class)
        .hasMessage("model file x.zip takes 784 features per example, but the data has 4");
    assertThatThrownBy(() -> ModelSpec.fromFile("y.zip").build(DATA, dir, 1, ProgressReporter.NONE))
        .hasMessage("model file y.zip predicts 4 classes, but the data has 3");
  }

  @Test
  void truncatedCoefficientsAreReportedWithoutJavaClassNames() throws Exception {
    Path saved = dir.resolve("full.zip");
    try (NetworkModel model = TinyNetworks.mlp(7, 4, 6, 3)) {
      model.save(saved);
    }
    Path truncated = dir.resolve("truncated.zip");
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(saved.toFile());
        java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(truncated))) {
      for (java.util.zip.ZipEntry entry : java.util.Collections.list(zip.entries())) {
        byte[] bytes = zip.getInputStream(entry).readAllBytes();
        out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
        out.write(entry.getName().equals("coefficients.bin") ? java.util.Arrays.copyOf(bytes, 12) : bytes);
        out.closeEntry();
      }
    }

    Throwable error = org.assertj.core.api.Assertions.catchThrowable(
        () -> ModelSpec.fromFile("truncated.zip").build(DATA, dir, 1, dev.topiary.core.train.ProgressReporter.NONE));

    assertThat(error).isInstanceOf(ModelFileException.class);
    assertThat(error.getMessage()).startsWith("model file truncated.zip is not a DL4J MultiLayerNetwork: ")
        .doesNotContain("Exception").doesNotContain("java.");
  }
}
