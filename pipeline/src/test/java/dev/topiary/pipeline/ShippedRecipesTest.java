package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.topiary.core.recipe.TopiaryJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every recipe shipped in {@code examples/} and {@code benchmarks/} compiles with the real stage types. */
class ShippedRecipesTest {

  private static final RecipeCompiler COMPILER = new RecipeCompiler(
      TopiaryModules.stageRegistry(TopiaryModules.injector()), TopiaryJson.create());

  static List<Path> recipes() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    try (Stream<Path> examples = Files.list(root.resolve("examples"));
        Stream<Path> benchmarks = Files.list(root.resolve("benchmarks"))) {
      List<Path> all = Stream.concat(examples, benchmarks)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json")).sorted().toList();
      assertThat(all).isNotEmpty();
      return all;
    }
  }

  @ParameterizedTest
  @MethodSource("recipes")
  void compiles(Path recipe) {
    assertThatCode(() -> COMPILER.compile(recipe)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @MethodSource("recipes")
  void branchRecipesHaveTheirBranches(Path recipe) throws Exception {
    CompiledRecipe compiled = COMPILER.compile(recipe);
    if (recipe.getFileName().toString().equals("compare-mlp.yaml")) {
      assertThat(compiled.branches().keySet()).containsExactly("magnitude-90", "obd-70-finetune",
          "structured-half", "distill-64");
    }
    if (recipe.getFileName().toString().equals("mlp-oneshot.yaml")) {
      assertThat(compiled.branches()).hasSize(6);
    }
  }
}
