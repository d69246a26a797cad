package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.BadInputException;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.source.ModelSpec;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pipeline.cli.CommandEnvironment;
import dev.topiary.pipeline.cli.TopiaryCommand;
import dev.topiary.pipeline.run.BaselineBuilder;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The pre-flight check through the command line with the real stage types: mistakes only the
 * network or the data reveal are reported with their lines before the baseline is trained.
 */
class PreflightTest {

  private static final String RECIPE = """
      data: {source: fashion-mnist-sample, trainLimit: 200, testLimit: 50}
      model:
        train: {architecture: mlp, hidden: [8], epochs: 1, batchSize: 32}
      stages:
        - type: prune.magnitude
          sparsity: 0.5
          layers: [0, dense9]
        - type: prune.gradual
          finalSparsity: 0.5
          epochs: 1
          batchSize: 30
          endStep: 1000
        - {type: prune.magnitude, layers: [7], sparsity: 0.2}
      """;

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  /** Counts the baselines built (trained or loaded); the architecture alone is not counted. */
  private final AtomicInteger trained = new AtomicInteger();

  private int execute(String... args) {
    BaselineBuilder spy = new BaselineBuilder() {
      @Override
      public ModelHandle build(ModelSpec spec, DataSplits data, Path base, long seed, ProgressReporter progress)
          throws BadInputException {
        trained.incrementAndGet();
        return BaselineBuilder.FROM_SPEC.build(spec, data, base, seed, progress);
      }

      @Override
      public NetworkModel architecture(ModelSpec spec, DataSplits data, Path base, long seed)
          throws BadInputException {
        return BaselineBuilder.FROM_SPEC.architecture(spec, data, base, seed);
      }
    };
    TopiaryJson json = TopiaryJson.create();
    json.registerSubtypes(new com.fasterxml.jackson.databind.jsontype.NamedType(NoTestRows.class, "no-test-rows"));
    CommandEnvironment environment = new CommandEnvironment(TopiaryModules.stageRegistry(TopiaryModules.injector()),
        json, spy, TestEnvironment.METER, ProgressReporter.NONE, TestEnvironment.CLOCK);
    CommandLine commandLine = TopiaryCommand.commandLine(environment);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    return commandLine.execute(args);
  }

  private Path recipe(String yaml) throws IOException {
    return Files.writeString(dir.resolve("recipe.yaml"), yaml);
  }

  @Test
  void wrongLayerNameAndUnreachableEndStepAreFoundBeforeTheBaselineIsTrained() throws IOException {
    Path file = recipe(RECIPE);
    Path target = dir.resolve("out");

    int code = execute("run", file.toString(), "--out", target.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: recipe has 3 problems:\n"
        + "  " + file + ":7: stages[0].layers[1]: no layer named 'dense9'; layer names: [layer0, layer1]; layer types: [dense, conv, output]\n"
        + "  " + file + ":12: stages[1].endStep: endStep (1000) must be less than the 6 training steps (1 epochs"
        + " × 6 batches), or the final sparsity is never reached\n"
        + "  " + file + ":13: stages[2].layers[0]: no layer 7; the network has layers 0..1\n");
    assertThat(trained).hasValue(0);
    assertThat(target).doesNotExist();
  }

  @Test
  void validateReportsTheSameProblems() throws IOException {
    Path file = recipe(RECIPE);

    int code = execute("validate", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("error: recipe has 3 problems:\n")
        .contains(file + ":7: stages[0].layers[1]: no layer named 'dense9'");
    assertThat(trained).hasValue(0);
  }

  @Test
  void missingDataAndModelFilesAreReportedTogether() throws IOException {
    Path file = recipe("""
        data: {source: csv, train: data/train.csv, test: data/test.csv}
        model: {file: models/base.zip}
        stages:
          - {type: prune.magnitude, sparsity: 0.5}
        """);
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("test.csv"), "x,label\n1,0\n2,1\n");

    int code = execute("validate", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: recipe has 2 problems:\n"
        + "  " + file + ":1: data.train: file data/train.csv does not exist (looked for "
        + dir.resolve("data/train.csv").toAbsolutePath() + ")\n"
        + "  " + file + ":2: model file models/base.zip does not exist (looked for "
        + dir.resolve("models/base.zip").toAbsolutePath() + ")\n");
  }

  @Test
  void idxFileWithoutItsHeaderIsRefused() throws IOException {
    Path file = recipe("""
        data:
          source: idx
          trainImages: train-images
          trainLabels: train-labels
          testImages: test-images
          testLabels: test-labels
        model: {train: {architecture: mlp, hidden: [4], epochs: 1}}
        """);
    for (String name : new String[] {"train-images", "train-labels", "test-images", "test-labels"}) {
      Files.write(dir.resolve(name), name.endsWith("labels") ? new byte[] {0, 0, 8, 1, 0, 0, 0, 0}
          : new byte[] {0, 0, 8, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1});
    }
    Files.writeString(dir.resolve("train-labels"), "label\n0\n1\n");

    int code = execute("validate", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: recipe has 1 problem:\n  " + file + ":4: data.trainLabels: file"
        + " train-labels is not an IDX file of unsigned bytes (it does not start with the IDX header 00 00 08 01"
        + " for labels or 00 00 08 03 for images)\n");
  }

  @Test
  void aGoodRecipeStillValidates() throws IOException {
    Path file = recipe(RECIPE.replace("[0, dense9]", "[0, layer1]").replace("endStep: 1000", "endStep: 5")
        .replace("layers: [7]", "layers: [dense]"));

    int code = execute("validate", file.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith(file + ": ok, recipe 'recipe', seed 42, 3 stages\n");
    assertThat(trained).hasValue(0);
  }

  @Test
  void structuredPruningTargetsAreResolvedAgainstTheNetwork() throws IOException {
    Path file = recipe("""
        data: {source: fashion-mnist-sample, trainLimit: 200, testLimit: 50}
        model:
          train: {architecture: mlp, hidden: [8], epochs: 1}
        stages:
          - {type: prune.structured, fraction: 0.5, layers: [hidden9]}
          - {type: prune.structured, fraction: 0.5, layers: [1]}
        """);

    int code = execute("validate", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: recipe has 2 problems:\n"
        + "  " + file + ":5: stages[0].layers: no layer named 'hidden9'; layer names: [layer0, layer1]; layer"
        + " types: [dense, conv, output]\n"
        + "  " + file + ":6: stages[1].layers: layer 1 is the output layer: its 10 units are the classes and cannot be"
        + " removed\n");
    assertThat(trained).hasValue(0);
  }

  @Test
  void csvLabelProblemsAreFoundByValidate() throws IOException {
    Path file = recipe("""
        data: {source: csv, train: train.csv, test: test.csv}
        model: {train: {architecture: mlp, hidden: [4], epochs: 1}}
        """);
    Files.writeString(dir.resolve("train.csv"), "x,label\n1,0\n2,1\n3,0\n");
    Files.writeString(dir.resolve("test.csv"), "x,label\n1,0\n2,7\n");

    int code = execute("validate", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: recipe has 1 problem:\n  " + file + ":1: data: "
        + dir.resolve("test.csv") + ":3: label 7 does not occur in the training file " + dir.resolve("train.csv")
        + " (its classes are 0..1)\n");
  }

  /** A data source whose test split is empty ({@code source: no-test-rows}). */
  public record NoTestRows(Integer rows) implements dev.topiary.core.data.DataSpec {
    @Override
    public DataSplits load(Path baseDirectory, long seed) {
      dev.topiary.core.data.Dataset train = new dev.topiary.core.data.Dataset(new float[] {0, 1, 1, 0}, new int[] {0, 1},
          2, 2, null, java.util.List.of());
      return new DataSplits(train, dev.topiary.core.data.Dataset.emptyLike(train),
          dev.topiary.core.data.Dataset.emptyLike(train));
    }
  }

  @Test
  void anEmptyTestSplitIsFoundBeforeTheBaselineIsTrained() throws IOException {
    Path file = recipe("""
        data: {source: no-test-rows, rows: 2}
        model: {train: {architecture: mlp, hidden: [4], epochs: 1}}
        """);

    int code = execute("run", file.toString(), "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: recipe has 1 problem:\n  " + file
        + ":1: data: the test split is empty; the meter measures accuracy on it\n");
    assertThat(trained).hasValue(0);
  }

  @Test
  void quantizeStageProblemsAreFoundBeforeTheBaselineIsTrained() throws IOException {
    Path file = recipe("""
        data: {source: fashion-mnist-sample, trainLimit: 200, testLimit: 50, validationFraction: 0}
        model:
          train: {architecture: mlp, hidden: [8], epochs: 1}
        stages:
          - type: quantize.int8
            calibrationExamples: 600
            maxAccuracyDrop: 0.001
            keepFloat: [layer1, fc9]
        """);
    Path target = dir.resolve("out");

    int code = execute("run", file.toString(), "--out", target.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: recipe has 3 problems:\n"
        + "  " + file + ":6: stages[0].calibrationExamples: calibrationExamples is 600, but the training split has"
        + " only 200 rows; set calibrationExamples to at most 200\n"
        + "  " + file + ":7: stages[0].maxAccuracyDrop: maxAccuracyDrop needs a validation split to measure the drop"
        + " on, but the validation split is empty; set data.validationFraction above 0 or remove maxAccuracyDrop\n"
        + "  " + file + ":8: stages[0].keepFloat[1]: keepFloat names unknown layer 'fc9'; known: [layer0, layer1,"
        + " dense_0, dense_1]\n");
    assertThat(trained).hasValue(0);
    assertThat(target).doesNotExist();
  }

  @Test
  void aLayerTheRuntimeCannotCompileIsFoundBeforeTheBaselineIsTrained() throws IOException {
    Path file = recipe("""
        data: {source: fashion-mnist-sample, trainLimit: 200, testLimit: 50}
        model:
          train: {architecture: mlp, hidden: [8], activation: selu, epochs: 1}
        branches:
          dynamic:
            - {type: quantize.dynamic}
        """);

    int code = execute("run", file.toString(), "--out", dir.resolve("out").toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("error: recipe has 1 problem:\n  " + file + ":6: branches.dynamic[0]: the"
        + " runtime compiler cannot compile the network, so it cannot be quantized: layer 0 (DenseLayer): activation"
        + " selu is not supported; supported: DenseLayer, OutputLayer, ConvolutionLayer (NCHW, no dilation,"
        + " Same/Truncate/Strict mode), SubsamplingLayer (max, avg), BatchNormalization (after a dense or convolution"
        + " layer with identity activation), ActivationLayer, DropoutLayer (inference: identity); activations"
        + " identity, relu, leakyrelu, elu, tanh, sigmoid, softmax\n");
    assertThat(trained).hasValue(0);
  }
}
