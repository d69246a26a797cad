package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeProblem;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The quantization stages in recipes: kind checks and parameter errors, before any work. */
class QuantizationRecipeTest {

  private static final String HEAD = """
      data:
        source: fake
        rows: 4
      model:
        file: base.zip
      stages:
      """;

  private final TopiaryJson json = TestEnvironment.json();

  private List<String> problems(String yaml) {
    RecipeCompiler real = new RecipeCompiler(TopiaryModules.stageRegistry(TopiaryModules.injector()), json);
    RecipeException e = catchThrowableOfType(() -> real.compile(new RecipeReader(json).parse(yaml, "recipe.yaml"),
        Path.of(".")), RecipeException.class);
    assertThat(e).as("a RecipeException").isNotNull();
    return e.problems().stream().map(RecipeProblem::toString).toList();
  }

  @Test
  void anInt8ModelCannotBeQuantizedAgainOrFineTuned() {
    assertThat(problems(HEAD + """
          - {type: quantize.int8, calibrationExamples: 2}
          - {type: quantize.dynamic}
          - {type: finetune, epochs: 1}
        """)).containsExactly(
        "recipe.yaml:8: stages[1] (quantize.dynamic): needs a trainable DL4J network,"
            + " but stage 0 (quantize.int8) produces a compiled runtime model",
        "recipe.yaml:9: stages[2] (finetune): needs a trainable DL4J network,"
            + " but stage 0 (quantize.int8) produces a compiled runtime model");
  }

  @Test
  void badQuantizationParametersAreReportedWithTheirPlace() {
    List<String> problems = problems(HEAD + """
          - {type: quantize.int8, percentile: 40}
          - {type: quantize.int8, calibrationExamples: 0}
          - {type: quantize.int8, calibration: kl}
        """);
    assertThat(problems).containsExactly(
        "recipe.yaml:7: stages[0].percentile: must be in (50, 100], got 40.0",
        "recipe.yaml:8: stages[1].calibrationExamples: must be positive, got 0",
        "recipe.yaml:9: stages[2].calibration: expected one of [minmax, percentile, entropy, mse], got 'kl'");
  }
}
