package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.topiary.core.recipe.ParsedRecipe;
import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeProblem;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.recipe.RecipeWriter;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.pipeline.cli.CommandEnvironment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code prune.*} mask types share one parameter record with the criterion implied by the type
 * name: a recipe still writes only the type's own parameters, the resolved recipe shows only those
 * (never the criterion), and the criterion or another criterion's parameter is an unknown key.
 */
class MaskPruningRecipeTest {

  private static final String HEAD = """
      name: masks
      data: {source: fashion-mnist-sample}
      model:
        train: {architecture: mlp, hidden: [16], epochs: 1}
      stages:
      """;

  private final TopiaryJson json = TopiaryJson.create();
  private final RecipeCompiler compiler = CommandEnvironment.standard().compiler();

  private ParsedRecipe parse(String stages) {
    return new RecipeReader(json).parse(HEAD + stages, "recipe.yaml");
  }

  @Test
  void theResolvedRecipeShowsEachCriterionsOwnParametersAndDefaults() throws Exception {
    CompiledRecipe compiled = compiler.compile(parse("""
          - {type: prune.snip, sparsity: 0.5}
          - {type: prune.random, sparsity: 0.5}
          - {type: prune.threshold, threshold: 0.01}
        """), Path.of("."));
    String resolved = new RecipeWriter(json).toYaml(compiled.recipe());
    assertThat(resolved).contains("""
          - type: prune.snip
            name: prune.snip
            sparsity: 0.5
            scope: global
            layers: []
            includeBias: false
            skipFirst: false
            skipLast: false
            granularity: unstructured
            overrides: {}
            batches: 1
            batchSize: 128
          - type: prune.random
            name: prune.random
            sparsity: 0.5
            layers: []
            includeBias: false
            skipFirst: false
            skipLast: false
            granularity: unstructured
            overrides: {}
          - type: prune.threshold
            name: prune.threshold
            threshold: 0.01
            layers: []
            includeBias: false
            skipFirst: false
            skipLast: false
        """).doesNotContain("criterion");
    // the resolved recipe compiles again to the same stages
    CompiledRecipe again = compiler.compile(new RecipeReader(json).parse(resolved, "resolved.yaml"), Path.of("."));
    assertThat(again.recipe()).isEqualTo(compiled.recipe());
  }

  @Test
  void theCriterionAndAnotherCriterionsParametersAreUnknownKeys() {
    ParsedRecipe parsed = parse("""
          - type: prune.magnitude
            sparsity: 0.5
            criterion: obd
            curvature: gauss-newton
            iteration: 3
        """);
    RecipeException e = catchThrowableOfType(() -> compiler.compile(parsed, Path.of(".")), RecipeException.class);
    List<String> problems = e.problems().stream().map(RecipeProblem::toString).toList();
    String valid = "valid: [count, granularity, includeBias, layers, name, overrides, scope, skipFirst, skipLast, "
        + "sparsity, type]";
    assertThat(problems).containsExactly(
        "recipe.yaml:8: stages[0].criterion: unknown key 'criterion' for stage type prune.magnitude; " + valid,
        "recipe.yaml:9: stages[0].curvature: unknown key 'curvature' for stage type prune.magnitude; " + valid,
        "recipe.yaml:10: stages[0].iteration: unknown key 'iteration' for stage type prune.magnitude; " + valid);
  }
}
