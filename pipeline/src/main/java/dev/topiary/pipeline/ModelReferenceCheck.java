package dev.topiary.pipeline;

import dev.topiary.core.model.ModelKind;
import dev.topiary.core.recipe.ParsedRecipe;
import dev.topiary.core.recipe.RecipeLocations;
import dev.topiary.core.recipe.RecipeProblem;
import dev.topiary.core.recipe.SpellingSuggestion;
import dev.topiary.core.stage.ModelReference;
import dev.topiary.core.stage.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks every model reference of a recipe's stages before any work: the name must be known
 * ({@code @baseline}, {@code @input}, a declared model, an earlier stage), must not be this stage
 * or a later one, and the model must be of a kind that can serve in the role.
 */
final class ModelReferenceCheck {

  private final Map<String, ModelKind> known = new LinkedHashMap<>();
  private final Map<String, ParsedRecipe.IndexedStage> allStages = new HashMap<>();
  private final boolean modelsKnown;

  /**
   * @param declaredModels the names under {@code models:}, or null if the recipe could not be read
   *     (then references to declared names cannot be checked and are let through)
   * @param stages every stage entry of the recipe, for "runs after this stage"
   */
  ModelReferenceCheck(Set<String> declaredModels, List<ParsedRecipe.IndexedStage> stages) {
    known.put("baseline", ModelKind.DL4J_NETWORK);
    known.put("input", null);
    modelsKnown = declaredModels != null;
    if (declaredModels != null) {
      // models: are built by ModelSpec, which makes trainable DL4J networks
      declaredModels.forEach(name -> known.put(name, ModelKind.DL4J_NETWORK));
    }
    for (ParsedRecipe.IndexedStage stage : stages) {
      allStages.put(stage.entry().name(), stage);
    }
  }

  /** Checks the references of {@code stage}, whose input is of kind {@code input}. */
  void check(ParsedRecipe.IndexedStage indexed, Stage stage, ModelKind input, RecipeLocations locations,
      List<RecipeProblem> problems) {
    for (ModelReference reference : stage.modelReferences()) {
      String path = indexed.path() + "." + reference.field();
      String name = reference.name();
      ModelKind kind;
      if (name.equals("input")) {
        kind = input;
      } else if (known.containsKey(name)) {
        kind = known.get(name);
      } else if (allStages.containsKey(name)) {
        ParsedRecipe.IndexedStage target = allStages.get(name);
        String when = target.index() == indexed.index() ? "this stage itself" : "stage " + target.path() + " ("
            + name + "), which runs after this one";
        problems.add(locations.problem(path, "'" + reference.reference() + "' refers to " + when
            + "; a stage can use only the output of an earlier stage"));
        continue;
      } else if (!modelsKnown) {
        continue;
      } else {
        List<String> names = known.keySet().stream().map(n -> "@" + n).toList();
        problems.add(locations.problem(path, "unknown model reference '" + reference.reference() + "'; "
            + SpellingSuggestion.hint(reference.reference(), names) + "known: " + names));
        continue;
      }
      if (kind != null && !reference.acceptedKinds().contains(kind)) {
        String needs = reference.acceptedKinds().stream().sorted().map(ModelKind::description)
            .collect(Collectors.joining(" or "));
        problems.add(locations.problem(path, "'" + reference.reference() + "' is " + kind.description() + ", but "
            + reference.field() + " needs " + needs));
      }
    }
  }

  /** Records that stage {@code name} has run and produces a model of {@code kind}. */
  void produced(String name, ModelKind kind) {
    known.put(name, kind);
  }

  /** Every reference name known at this point, in order (for tests). */
  List<String> knownNames() {
    return new ArrayList<>(known.keySet());
  }
}
