package dev.topiary.pipeline.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topiary.core.PlainMessage;
import dev.topiary.core.recipe.ParsedRecipe;
import dev.topiary.core.recipe.Recipe;
import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeProblem;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.recipe.StageEntry;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.RecipeCompiler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles a recipe with a {@code sweep:} section: the recipe's {@code stages:} are checked as
 * written, the sweep's parameters are checked against them (a stage that does not exist, a
 * parameter the stage does not have, with the stage's parameters, an empty list, a range with a
 * step of 0 or less), the sweep is expanded ({@link SweepSpec}) and every expanded branch is bound
 * and checked like a branch of {@code branches:} before any work. Every problem is reported at once.
 */
public final class SweepCompiler {

  private final RecipeCompiler compiler;
  private final Map<String, StageFactory<?>> registry;
  private final TopiaryJson json;

  /** A compiler for the stage types of {@code registry}. */
  public SweepCompiler(Map<String, StageFactory<?>> registry, TopiaryJson json) {
    this.compiler = new RecipeCompiler(registry, json);
    this.registry = Map.copyOf(registry);
    this.json = json;
  }

  /** True if {@code file} is a readable recipe whose top level holds {@code sweep:}. */
  public static boolean declaresSweep(Path file, TopiaryJson json) {
    try {
      return declaresSweep(Files.readString(file, StandardCharsets.UTF_8), file.toString(), json);
    } catch (IOException e) {
      return false;
    }
  }

  /** True if {@code content} parses and its top level holds {@code sweep:}. */
  public static boolean declaresSweep(String content, String fileName, TopiaryJson json) {
    ObjectMapper mapper = mapperOf(fileName, json);
    if (mapper == null) {
      return false;
    }
    try {
      JsonNode root = mapper.readTree(content);
      return root != null && root.isObject() && root.has("sweep");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads, checks and expands a recipe file with {@code sweep:}.
   *
   * @param seedOverride replaces the recipe's seed unless null
   * @throws RecipeException listing every problem of the recipe and its sweep
   */
  public CompiledSweep compile(Path file, Long seedOverride) throws RecipeException {
    return compile(file, seedOverride, false);
  }

  /**
   * Reads, checks and expands a recipe file with {@code sweep:}.
   *
   * @param seedOverride replaces the recipe's seed unless null
   * @param allowLarge allows up to {@link SweepSpec#MAX_BRANCHES_ALLOWED_LARGE} branches
   *     ({@code --allow-large}) instead of {@link SweepSpec#MAX_BRANCHES}
   * @throws RecipeException listing every problem of the recipe and its sweep
   */
  public CompiledSweep compile(Path file, Long seedOverride, boolean allowLarge) throws RecipeException {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RecipeException(List.of(new RecipeProblem(file.toString(), 0, "", "cannot read the file: "
          + PlainMessage.of(e))));
    }
    return compile(content, file.toString(), file.toAbsolutePath().getParent(), seedOverride, allowLarge);
  }

  /**
   * Checks and expands the recipe {@code content} ({@code fileName} names its format and the file
   * in messages; relative paths resolve against {@code baseDirectory}).
   *
   * @throws RecipeException listing every problem of the recipe and its sweep
   */
  public CompiledSweep compile(String content, String fileName, Path baseDirectory, Long seedOverride)
      throws RecipeException {
    return compile(content, fileName, baseDirectory, seedOverride, false);
  }

  /**
   * Checks and expands the recipe {@code content}, as {@link #compile(String, String, Path, Long)},
   * allowing up to {@link SweepSpec#MAX_BRANCHES_ALLOWED_LARGE} branches if {@code allowLarge}.
   *
   * @throws RecipeException listing every problem of the recipe and its sweep
   */
  public CompiledSweep compile(String content, String fileName, Path baseDirectory, Long seedOverride,
      boolean allowLarge) throws RecipeException {
    ParsedRecipe parsed = new RecipeReader(json).parse(content, fileName);
    if (seedOverride != null && parsed.recipe() != null) {
      parsed = new ParsedRecipe(parsed.recipe().withSeed(seedOverride), parsed.stages(), parsed.locations(),
          parsed.problems(), parsed.branches());
    }
    List<RecipeProblem> problems = new ArrayList<>();
    JsonNode sweep = sweepNode(content, fileName);
    if (sweep == null) {
      problems.add(parsed.locations().problem("sweep", "missing; this recipe has no sweep: section"));
    }
    if (!parsed.branches().isEmpty()) {
      problems.add(parsed.locations().problem("sweep", "give stages: to sweep over, not branches: (the sweep "
          + "makes the branches)"));
    }
    List<StageEntry> stages = parsed.stages().stream().map(ParsedRecipe.IndexedStage::entry).toList();
    List<RecipeProblem> sweepProblems = new ArrayList<>();
    SweepExpansion expansion = new SweepExpansion(parsed.locations(), sweepProblems);
    long seed = parsed.recipe() == null ? Recipe.DEFAULT_SEED : parsed.recipe().seed();
    SweepSpec spec = sweep == null ? null : expansion.read(sweep, seed, stages, registry);
    // The stages as written are checked as one pipeline, except the switched ones: alternatives
    // (fp32 or int8) need not follow one another; every expanded branch is checked in full below.
    java.util.Set<String> switched = spec == null ? java.util.Set.of()
        : SweepExpansion.switchedStages(spec.grids(), Map.of()).keySet();
    ParsedRecipe unswitched = switched.isEmpty() ? parsed : new ParsedRecipe(parsed.recipe(),
        parsed.stages().stream().filter(s -> !switched.contains(s.entry().name())).toList(), parsed.locations(),
        parsed.problems(), parsed.branches());
    try {
      compiler.compile(unswitched, baseDirectory);
    } catch (RecipeException e) {
      problems.addAll(0, e.problems());
    }
    if (parsed.recipe() != null && stages.isEmpty() && parsed.branches().isEmpty()) {
      problems.add(parsed.locations().problem("stages", "missing; a sweep varies the parameters of stages:"));
    }
    problems.addAll(sweepProblems);
    if (spec != null) {
      checkEnabled(spec, parsed, problems);
    }
    if (!problems.isEmpty()) {
      throw new RecipeException(sorted(problems));
    }
    List<SweepExpansion.Branch> branches = expansion.expand(spec, stages, allowLarge);
    if (branches == null) {
      throw new RecipeException(sorted(sweepProblems));
    }
    Recipe base = parsed.recipe();
    Map<String, List<StageEntry>> entries = new LinkedHashMap<>();
    Map<String, Map<String, JsonNode>> values = new LinkedHashMap<>();
    for (SweepExpansion.Branch branch : branches) {
      entries.put(branch.name(), branch.stages());
      values.put(branch.name(), branch.values());
    }
    Recipe expanded = new Recipe(base.name(), base.seed(), base.data(), base.model(), base.models(),
        base.measure(), List.of(), entries);
    CompiledRecipe compiled;
    try {
      compiled = compiler.compile(expanded, baseDirectory);
    } catch (RecipeException e) {
      List<RecipeProblem> located = new ArrayList<>();
      for (RecipeProblem problem : e.problems()) {
        located.add(new RecipeProblem(fileName, problem.line(), problem.path(), problem.message()
            + " (in the branch the sweep expands to)"));
      }
      throw new RecipeException(located);
    }
    return new CompiledSweep(compiled, spec, values);
  }

  private static void checkEnabled(SweepSpec spec, ParsedRecipe parsed, List<RecipeProblem> problems) {
    for (int i = 0; i < spec.grids().size(); i++) {
      String at = spec.grids().size() == 1 ? "sweep.parameters." : "sweep.parameters[" + i + "].";
      spec.grids().get(i).forEach((key, list) -> {
        if (key.endsWith("." + SweepExpansion.ENABLED)) {
          for (JsonNode value : list) {
            if (!value.isBoolean()) {
              problems.add(parsed.locations().problem(at + key, "expected true or false, got "
                  + RecipeProblem.describe(value)));
              return;
            }
          }
        }
      });
    }
  }

  private static List<RecipeProblem> sorted(List<RecipeProblem> problems) {
    List<RecipeProblem> sorted = new ArrayList<>(problems);
    sorted.sort(RecipeReader.inFileOrder());
    return sorted;
  }

  private JsonNode sweepNode(String content, String fileName) {
    ObjectMapper mapper = mapperOf(fileName, json);
    if (mapper == null) {
      return null;
    }
    try {
      JsonNode root = mapper.readTree(content);
      return root != null && root.isObject() ? root.get("sweep") : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static ObjectMapper mapperOf(String fileName, TopiaryJson json) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return json.yaml();
    }
    return lower.endsWith(".json") ? json.json() : null;
  }
}
