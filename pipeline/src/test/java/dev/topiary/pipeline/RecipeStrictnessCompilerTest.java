package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.topiary.core.recipe.ParsedRecipe;
import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeProblem;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.pipeline.testing.TestEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stage parameters: a null or non-finite value is reported at the parameter's own line. */
class RecipeStrictnessCompilerTest {

  private static final String HEAD = """
      data:
        source: fake
        rows: 4
      model:
        file: base.zip
      stages:
      """;

  private final TopiaryJson json = TestEnvironment.json();
  private final RecipeCompiler compiler = new RecipeCompiler(TestEnvironment.registry(), json);

  private List<String> problems(String yaml) {
    ParsedRecipe parsed = new RecipeReader(json).parse(yaml, "recipe.yaml");
    RecipeException e = catchThrowableOfType(() -> compiler.compile(parsed, Path.of(".")), RecipeException.class);
    assertThat(e).as("a RecipeException").isNotNull();
    return e.problems().stream().map(RecipeProblem::toString).toList();
  }

  @Test
  void nullRequiredParameterIsReportedAtItsLine() {
    assertThat(problems(HEAD + """
          - type: fake.scale
            mode: half-size
            factor: null
          - type: fake.scale
            factor: ~
        """)).containsExactly("recipe.yaml:9: stages[0].factor: required (number) for stage type fake.scale,"
        + " got null", "recipe.yaml:11: stages[1].factor: required (number) for stage type fake.scale, got null");
  }

  @Test
  void missingRequiredParameterIsStillReportedAtTheStage() {
    assertThat(problems(HEAD + """
          - type: fake.scale
            mode: half-size
        """)).containsExactly("recipe.yaml:7: stages[0]: missing required parameter 'factor' (number) for stage"
        + " type fake.scale");
  }

  @Test
  void nanAndInfinityAreOutOfRangeValuesOfTheirParameter() {
    assertThat(problems(HEAD + """
          - type: fake.scale
            factor: .nan
          - {type: fake.scale, factor: -.inf}
        """)).containsExactly("recipe.yaml:8: stages[0].factor: must be a finite number, got .nan",
        "recipe.yaml:9: stages[1].factor: must be a finite number, got -.inf");
  }

  @Test
  void aTagOnAStageParameterIsRefused() {
    assertThat(problems(HEAD + """
          - type: fake.scale
            factor: !!float 0.5
        """)).containsExactly("recipe.yaml:8: stages[0].factor: YAML tags are not allowed in a recipe, got"
        + " !!float; write the plain value");
  }
}
