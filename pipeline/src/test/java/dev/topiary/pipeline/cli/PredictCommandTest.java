package dev.topiary.pipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.data.ModelInputs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CSV model round trip: a run on CSV data with named labels and standardized features saves
 * {@value ModelInputs#FILE} beside {@code model.zip}; {@code topiary predict} reads new raw rows
 * (columns by name, in another order, with an extra column) and names their classes.
 */
class PredictCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String... args) {
    CommandLine commandLine = TopiaryCommand.commandLine(CommandEnvironment.standard());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  /** Two well separated blobs with features in the hundreds, so that only scaled inputs classify well. */
  private Path csv(String name, int rows, long seed) throws IOException {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder("width,height,kind\n");
    for (int i = 0; i < rows; i++) {
      boolean big = i % 2 == 0;
      text.append(String.format(Locale.ROOT, "%.2f,%.2f,%s%n", (big ? 600 : 400) + 20 * random.nextGaussian(),
          (big ? 0.9 : 0.1) + 0.05 * random.nextGaussian(), big ? "large" : "small"));
    }
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void aCsvModelClassifiesNewRowsWithItsScalingAndClassNames() throws Exception {
    csv("train.csv", 200, 1);
    csv("test.csv", 60, 2);
    Path recipe = Files.writeString(dir.resolve("recipe.yaml"), """
        seed: 3
        data: {source: csv, train: train.csv, test: test.csv, labelColumn: kind, scaling: standardize}
        model: {train: {architecture: mlp, hidden: [8], epochs: 5, batchSize: 16}}
        measure: {batchSizes: [1], warmup: 1, warmupMillis: 0, iterations: 3}
        stages:
          - {type: prune.magnitude, sparsity: 0.2}
        """);
    Path run = dir.resolve("run");
    assertThat(execute("run", recipe.toString(), "--out", run.toString())).as(err.toString()).isZero();
    assertThat(run.resolve("model.zip")).exists();
    ModelInputs saved = ModelInputs.read(run.resolve(ModelInputs.FILE));
    assertThat(saved.featureNames()).containsExactly("width", "height");
    assertThat(saved.classNames()).containsExactly("large", "small");
    assertThat(saved.offsets().get(0)).isBetween(450.0, 550.0);   // the training mean of width

    Path rows = Files.writeString(dir.resolve("new.csv"), "id,height,width\na,0.92,610\nb,0.08,395\nc,0.88,590\n");
    out.getBuffer().setLength(0);
    assertThat(execute("predict", run.resolve("model.zip").toString(), rows.toString())).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).isEqualTo("row,class,probability");
    assertThat(lines.subList(1, 4)).extracting(line -> line.split(",")[1]).containsExactly("large", "small", "large");
    assertThat(lines.subList(1, 4)).extracting(line -> line.substring(0, 2)).containsExactly("1,", "2,", "3,");
  }

  @Test
  void missingInputsAndBadRowsAreBadInput() throws Exception {
    Path model = Files.writeString(dir.resolve("model.zip"), "not a zip");
    Path rows = Files.writeString(dir.resolve("new.csv"), "1,2\n");
    assertThat(execute("predict", model.toString(), rows.toString())).isEqualTo(TopiaryCommand.BAD_INPUT);
    assertThat(err.toString()).contains(dir.resolve(ModelInputs.FILE) + ": not found; a run writes it beside"
        + " model.zip when its data is a CSV source (give another with --inputs)");
    new ModelInputs(List.of("a", "b"), null, List.of(0.0, 0.0), List.of(1.0, 1.0), List.of()).write(
        dir.resolve(ModelInputs.FILE));
    err.getBuffer().setLength(0);
    Path named = Files.writeString(dir.resolve("named.csv"), "a,c\n1,2\n");
    assertThat(execute("predict", model.toString(), named.toString())).isEqualTo(TopiaryCommand.BAD_INPUT);
    assertThat(err.toString()).contains("no column 'b'");
    err.getBuffer().setLength(0);
    Path good = Files.writeString(dir.resolve("good.csv"), "a,b\n1,2\n");
    assertThat(execute("predict", model.toString(), good.toString())).isEqualTo(TopiaryCommand.BAD_INPUT);
    assertThat(err.toString()).contains("model file " + model + " is not a DL4J model zip");
  }

  @Test
  void aCompiledRuntimeModelPredictsRawRowsLikeTheNetworkAndABrokenOneIsBadInput() throws Exception {
    csv("train.csv", 200, 1);
    csv("test.csv", 60, 2);
    Path recipe = Files.writeString(dir.resolve("recipe.yaml"), """
        seed: 3
        data: {source: csv, train: train.csv, test: test.csv, labelColumn: kind, scaling: standardize}
        model: {train: {architecture: mlp, hidden: [8], epochs: 5, batchSize: 16}}
        measure: {batchSizes: [1], warmup: 1, warmupMillis: 0, iterations: 3}
        stages:
          - {type: runtime.compile, kernels: dense}
        """);
    Path run = dir.resolve("run");
    assertThat(execute("run", recipe.toString(), "--out", run.toString())).as(err.toString()).isZero();
    assertThat(run.resolve("model.tpm")).exists();
    assertThat(run.resolve("model.zip")).exists();
    Path rows = Files.writeString(dir.resolve("new.csv"), "id,height,width\na,0.92,610\nb,0.08,395\nc,0.88,590\n");

    out.getBuffer().setLength(0);
    assertThat(execute("predict", run.resolve("model.zip").toString(), rows.toString())).as(err.toString()).isZero();
    List<String> fromNetwork = out.toString().lines().toList();
    out.getBuffer().setLength(0);
    assertThat(execute("predict", run.resolve("model.tpm").toString(), rows.toString())).as(err.toString()).isZero();
    List<String> fromRuntime = out.toString().lines().toList();
    assertThat(fromRuntime).hasSize(4);
    assertThat(fromRuntime.subList(1, 4)).extracting(line -> line.split(",")[1]).containsExactly("large", "small", "large");
    for (int i = 1; i < 4; i++) {
      assertThat(Double.parseDouble(fromRuntime.get(i).split(",")[2]))
          .isCloseTo(Double.parseDouble(fromNetwork.get(i).split(",")[2]), org.assertj.core.api.Assertions.within(1e-5));
    }

    byte[] bytes = Files.readAllBytes(run.resolve("model.tpm"));
    Path truncated = Files.write(run.resolve("truncated.tpm"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    err.getBuffer().setLength(0);
    assertThat(execute("predict", truncated.toString(), rows.toString(), "--inputs",
        run.resolve(ModelInputs.FILE).toString())).isEqualTo(TopiaryCommand.BAD_INPUT);
    assertThat(err.toString()).contains("model file " + truncated + " is not a valid Topiary runtime file: ")
        .doesNotContain("Exception");
  }
}
