package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.recipe.RecipeWriter;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.pipeline.cli.CommandEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every recipe shipped in {@code examples/} and {@code benchmarks/} validates with the real stage
 * types, and its resolved form (every default filled in) equals its golden file under
 * {@code src/test/resources/shipped/}: a changed default or a renamed key shows up here. Run with
 * {@code -Dtopiary.writeGoldens=true} to (re)write the golden files after a documented change.
 */
class ShippedRecipesTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path GOLDEN = Path.of("src/test/resources/shipped");

  static List<Path> recipes() throws IOException {
    try (Stream<Path> examples = Files.list(ROOT.resolve("examples"));
        Stream<Path> benchmarks = Files.list(ROOT.resolve("benchmarks"))) {
      return Stream.concat(examples, benchmarks).filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("recipes")
  void validatesAndResolvesAsItsGolden(Path recipe) throws Exception {
    CompiledRecipe compiled = CommandEnvironment.standard().compiler().compile(recipe);
    String resolved = new RecipeWriter(TopiaryJson.create()).toYaml(compiled.recipe());
    Path golden = GOLDEN.resolve(recipe.getParent().getFileName() + "-" + recipe.getFileName());
    if (Boolean.getBoolean("topiary.writeGoldens")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, resolved);
    }
    assertThat(golden).as("golden file of " + recipe).exists();
    assertThat(resolved).as(recipe.toString()).isEqualTo(Files.readString(golden));
  }

  @ParameterizedTest
  @MethodSource("recipes")
  void branchRecipesHaveTheirBranches(Path recipe) throws Exception {
    CompiledRecipe compiled = CommandEnvironment.standard().compiler().compile(recipe);
    if (recipe.getFileName().toString().equals("compare-mlp.yaml")) {
      assertThat(compiled.branches().keySet()).containsExactly("magnitude-90", "obd-70-finetune",
          "structured-half", "distill-64");
    }
    if (recipe.getFileName().toString().equals("mlp-oneshot.yaml")) {
      assertThat(compiled.branches()).hasSize(6);
    }
  }
}
