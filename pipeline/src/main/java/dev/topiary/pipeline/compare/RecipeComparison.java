package dev.topiary.pipeline.compare;

import dev.topiary.core.recipe.Recipe;
import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeProblem;
import dev.topiary.core.recipe.RecipeWriter;
import dev.topiary.core.recipe.StageEntry;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.pipeline.BoundStage;
import dev.topiary.pipeline.CompiledRecipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Joins several compiled recipes that share data, model, declared models, measure settings,
 * seed and gates ({@code assert:}) into one recipe whose branches are the recipes' stages (a
 * recipe without branches becomes
 * the branch named after it; a recipe with branches gives {@code <recipe>.<branch>} for each), so
 * that {@code topiary compare} builds and measures their baseline once. Recipes that differ in one
 * of those fields are refused, naming the field and both values.
 */
public final class RecipeComparison {

  private RecipeComparison() {}

  /**
   * One recipe with every recipe's stages as branches.
   *
   * @param files how the user named each recipe, in the same order, for the messages
   * @throws RecipeException if the recipes differ in a shared field, a recipe has no stages, or two
   *     branches would have the same name
   */
  public static CompiledRecipe join(List<CompiledRecipe> recipes, List<String> files, TopiaryJson json)
      throws RecipeException {
    if (recipes.isEmpty()) {
      throw new IllegalArgumentException("compare needs at least one recipe");
    }
    List<RecipeProblem> problems = new ArrayList<>();
    CompiledRecipe first = recipes.get(0);
    RecipeWriter writer = new RecipeWriter(json);
    Map<String, Function<Recipe, Object>> shared = new LinkedHashMap<>();
    shared.put("data", r -> writer.toTree(r).get("data"));
    shared.put("model", Recipe::model);
    shared.put("models", Recipe::models);
    shared.put("measure", Recipe::measure);
    shared.put("seed", Recipe::seed);
    shared.put("assert", Recipe::gates);
    Map<String, List<BoundStage>> branches = new LinkedHashMap<>();
    Map<String, List<StageEntry>> entries = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    for (int i = 0; i < recipes.size(); i++) {
      Recipe recipe = recipes.get(i).recipe();
      String file = files.get(i);
      for (Map.Entry<String, Function<Recipe, Object>> field : shared.entrySet()) {
        Object mine = field.getValue().apply(recipe);
        Object theirs = field.getValue().apply(first.recipe());
        if (!Objects.equals(mine, theirs)) {
          problems.add(new RecipeProblem(file, 0, field.getKey(), "differs from " + files.get(0) + " ("
              + describe(writer, recipe, field.getKey()) + " here, " + describe(writer, first.recipe(), field.getKey())
              + " there); compare needs recipes with the same data, model, models, measure, seed and assert"));
        }
      }
      if (!recipes.get(i).baseDirectory().equals(first.baseDirectory())) {
        problems.add(new RecipeProblem(file, 0, "", "is in another folder than " + files.get(0) + "; relative paths "
            + "would name other files: compare needs recipes from one folder"));
      }
      Map<String, List<BoundStage>> own = recipes.get(i).hasBranches() ? recipes.get(i).branches()
          : Map.of(recipe.name(), recipes.get(i).stages());
      Map<String, List<StageEntry>> ownEntries = recipe.hasBranches() ? recipe.branches()
          : Map.of(recipe.name(), recipe.stages());
      for (Map.Entry<String, List<BoundStage>> branch : own.entrySet()) {
        String name = recipes.get(i).hasBranches() ? recipe.name() + "." + branch.getKey() : branch.getKey();
        if (branch.getValue().isEmpty()) {
          problems.add(new RecipeProblem(file, 0, "stages", "has no stages; compare measures the baseline once "
              + "for every recipe anyway"));
          continue;
        }
        String before = origin.putIfAbsent(name, file);
        if (before != null) {
          problems.add(new RecipeProblem(file, 0, "name", "'" + name + "' is also the name of a branch from "
              + before + "; give the recipes different names"));
          continue;
        }
        branches.put(name, branch.getValue());
        entries.put(name, ownEntries.get(branch.getKey()));
      }
    }
    if (!problems.isEmpty()) {
      throw new RecipeException(problems);
    }
    Recipe base = first.recipe();
    String name = String.join("_vs_", recipes.stream().map(r -> r.recipe().name()).toList());
    name = name.length() > StageEntry.MAX_NAME_LENGTH ? "comparison" : name;
    Recipe joined = new Recipe(name, base.seed(), base.data(), base.model(), base.models(), base.measure(), List.of(),
        entries, base.gates());
    return new CompiledRecipe(joined, first.baseDirectory(), List.of(), branches);
  }

  private static String describe(RecipeWriter writer, Recipe recipe, String field) {
    if (field.equals("seed")) {
      return String.valueOf(recipe.seed());
    }
    var node = writer.toTree(recipe).get(field);
    return node == null ? "none" : node.toString();
  }
}
