package dev.topiary.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.recipe.ParsedRecipe;
import dev.topiary.core.recipe.Recipe;
import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeLocations;
import dev.topiary.core.recipe.RecipeProblem;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.recipe.SpellingSuggestion;
import dev.topiary.core.recipe.StageEntry;
import dev.topiary.core.recipe.StageEntryBinder;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.stage.StageTypeDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks a whole recipe before any work is done and binds it to the registered stage types.
 *
 * <p>It reports every problem at once, in file order, each with file, line and field path: YAML
 * or JSON syntax, unknown keys, the {@code data}, {@code model} and {@code measure} sections,
 * and for each stage an unknown type, unknown or missing parameters, values of the wrong type,
 * the parameter record's own validation, duplicate names, and a model kind the stage cannot take
 * (a trainable-network stage after one that produces a compiled runtime model), and every model
 * reference of a stage ({@code @baseline}, {@code @input}, {@code @<model>}, {@code @<stage>}):
 * unknown names, references to the stage itself or a later one, and models of a kind that cannot
 * serve (see {@link ModelReferenceCheck}).
 */
public final class RecipeCompiler {

  private final SortedMap<String, StageFactory<?>> registry;
  private final TopiaryJson json;
  private final StageEntryBinder binder;

  /**
   * A compiler for the stage types of {@code registry}.
   *
   * @param registry stage type name to factory, as the Guice map binder of
   *     {@link dev.topiary.core.stage.StageBindings} holds it
   * @param json the mappers recipes are read with
   */
  public RecipeCompiler(Map<String, StageFactory<?>> registry, TopiaryJson json) {
    this.registry = Collections.unmodifiableSortedMap(new TreeMap<>(registry));
    this.json = json;
    this.binder = new StageEntryBinder(json);
  }

  /** The documentation of every registered stage type, by name. */
  public SortedMap<String, StageTypeDescriptor> stageTypes() {
    SortedMap<String, StageTypeDescriptor> types = new TreeMap<>();
    registry.forEach((type, factory) -> types.put(type, factory.describe(type)));
    return types;
  }

  /**
   * Reads, checks and binds a recipe file.
   *
   * @throws RecipeException listing every problem of the recipe
   */
  public CompiledRecipe compile(Path recipeFile) throws RecipeException {
    return compile(recipeFile, null);
  }

  /**
   * Reads, checks and binds a recipe file, replacing its seed by {@code seedOverride} unless that
   * is null (the resolved recipe and the report record the seed used).
   *
   * @throws RecipeException listing every problem of the recipe
   */
  public CompiledRecipe compile(Path recipeFile, Long seedOverride) throws RecipeException {
    return compile(recipeFile, seedOverride, false);
  }

  /**
   * As {@link #compile(Path, Long)}; a sweep may expand into up to
   * {@code SweepSpec.MAX_BRANCHES_ALLOWED_LARGE} branches if {@code allowLarge}
   * ({@code --allow-large}), else up to {@code SweepSpec.MAX_BRANCHES}.
   *
   * @throws RecipeException listing every problem of the recipe
   */
  public CompiledRecipe compile(Path recipeFile, Long seedOverride, boolean allowLarge) throws RecipeException {
    if (dev.topiary.pipeline.sweep.SweepCompiler.declaresSweep(recipeFile, json)) {
      // a sweep: its parameters expand into branches, each bound and checked here
      return new dev.topiary.pipeline.sweep.SweepCompiler(registry, json).compile(recipeFile, seedOverride,
          allowLarge).compiled();
    }
    ParsedRecipe parsed = new RecipeReader(json).parse(recipeFile);
    if (seedOverride != null && parsed.recipe() != null) {
      parsed = new ParsedRecipe(parsed.recipe().withSeed(seedOverride), parsed.stages(), parsed.locations(),
          parsed.problems(), parsed.branches());
    }
    Path folder = recipeFile.toAbsolutePath().getParent();
    return compile(parsed, folder);
  }

  /**
   * Checks and binds a recipe built in code; problems carry no file or line.
   *
   * @param baseDirectory the folder relative paths in the recipe are resolved against
   * @throws RecipeException listing every problem of the recipe
   */
  public CompiledRecipe compile(Recipe recipe, Path baseDirectory) throws RecipeException {
    List<ParsedRecipe.IndexedStage> stages = new ArrayList<>();
    for (int i = 0; i < recipe.stages().size(); i++) {
      stages.add(new ParsedRecipe.IndexedStage(i, recipe.stages().get(i)));
    }
    Map<String, List<ParsedRecipe.IndexedStage>> branches = new java.util.LinkedHashMap<>();
    recipe.branches().forEach((branch, list) -> {
      List<ParsedRecipe.IndexedStage> indexed = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        indexed.add(new ParsedRecipe.IndexedStage(i, list.get(i), "branches." + branch));
      }
      branches.put(branch, indexed);
    });
    return compile(new ParsedRecipe(recipe, stages, RecipeLocations.none(), List.of(), branches), baseDirectory);
  }

  /**
   * Checks and binds the stages of a parsed recipe, and reports them together with the problems
   * the reader already found.
   *
   * @throws RecipeException listing every problem of the recipe
   */
  public CompiledRecipe compile(ParsedRecipe parsed, Path baseDirectory) throws RecipeException {
    List<RecipeProblem> problems = new ArrayList<>(parsed.problems());
    RecipeLocations locations = parsed.locations();
    long seed = parsed.recipe() == null ? Recipe.DEFAULT_SEED : parsed.recipe().seed();
    java.util.Set<String> declared = parsed.recipe() == null ? null : parsed.recipe().models().keySet();
    List<BoundStage> bound = bindList(parsed.stages(), declared, seed, locations, problems);
    Map<String, List<BoundStage>> branches = new java.util.LinkedHashMap<>();
    // every branch is checked on its own (names and references resolve within it) before any work
    parsed.branches().forEach((branch, list) -> branches.put(branch, bindList(list, declared, seed, locations,
        problems)));
    if (!problems.isEmpty()) {
      problems.sort(RecipeReader.inFileOrder());
      throw new RecipeException(problems);
    }
    Recipe recipe = parsed.recipe();
    Map<String, List<StageEntry>> resolvedBranches = new java.util.LinkedHashMap<>();
    branches.forEach((branch, list) -> resolvedBranches.put(branch, entries(list)));
    Recipe resolvedRecipe = new Recipe(recipe.name(), recipe.seed(), recipe.data(), recipe.model(),
        recipe.models(), recipe.measure(), entries(bound), resolvedBranches, recipe.gates());
    return new CompiledRecipe(resolvedRecipe, baseDirectory, bound, branches);
  }

  /** Binds one list of stages ({@code stages:} or one branch), following kinds and references through it. */
  private List<BoundStage> bindList(List<ParsedRecipe.IndexedStage> list, Set<String> declared, long seed,
      RecipeLocations locations, List<RecipeProblem> problems) {
    List<BoundStage> bound = new ArrayList<>();
    KindTracker kinds = new KindTracker();
    ModelReferenceCheck references = new ModelReferenceCheck(declared, list);
    for (ParsedRecipe.IndexedStage indexed : list) {
      BoundStage stage = bind(indexed, seed, locations, problems);
      if (stage != null) {
        bound.add(stage);
        references.check(indexed, stage.stage(), kinds.current, locations, problems);
        kinds.check(indexed, stage.stage(), locations, problems);
        references.produced(indexed.entry().name(), kinds.current);
      }
    }
    return bound;
  }

  private List<StageEntry> entries(List<BoundStage> bound) {
    return bound.stream().map(this::resolvedEntry).toList();
  }

  /** The stage as the resolved recipe writes it: every default filled in, the parameters its type name implies left out. */
  private StageEntry resolvedEntry(BoundStage stage) {
    ObjectNode params = json.json().valueToTree(stage.spec());
    registry.get(stage.type()).impliedParameters().keySet().forEach(params::remove);
    return new StageEntry(stage.type(), stage.name(), params);
  }

  private BoundStage bind(ParsedRecipe.IndexedStage indexed, long recipeSeed, RecipeLocations locations,
      List<RecipeProblem> problems) {
    StageEntry entry = indexed.entry();
    String path = indexed.path();
    StageFactory<?> factory = registry.get(entry.type());
    if (factory == null) {
      problems.add(locations.problem(path + ".type",
          "unknown stage type '" + entry.type() + "'; " + SpellingSuggestion.hint(entry.type(), registry.keySet())
              + "known: " + new TreeSet<>(registry.keySet())));
      return null;
    }
    Record spec = binder.bind(entry, path, factory, locations, problems);
    if (spec == null) {
      return null;
    }
    Stage stage;
    try {
      stage = create(factory, spec);
    } catch (IllegalArgumentException e) {
      problems.add(locations.problem(path, e.getMessage()));
      return null;
    }
    return new BoundStage(indexed.index(), entry.name(), entry.type(), spec, stage,
        StageSeeds.derive(recipeSeed, indexed.index()));
  }

  private static <S extends Record> Stage create(StageFactory<S> factory, Record spec) {
    return factory.create(factory.specType().cast(spec));
  }

  /** Follows the model kind from the baseline (a trainable network) through the stages. */
  private static final class KindTracker {
    private ModelKind current = ModelKind.DL4J_NETWORK;
    private String producer = null;

    void check(ParsedRecipe.IndexedStage indexed, Stage stage, RecipeLocations locations,
        List<RecipeProblem> problems) {
      Set<ModelKind> accepted = stage.acceptedKinds();
      if (!accepted.contains(current)) {
        String needs = accepted.stream().sorted().map(ModelKind::description).collect(Collectors.joining(" or "));
        String origin = producer == null ? "the baseline is " : producer + " produces ";
        // the path names the stage too: "stages[3] (prune-2): needs …"
        problems.add(new RecipeProblem(locations.file(), locations.lineOf(indexed.path()),
            indexed.path() + " (" + indexed.entry().name() + ")",
            "needs " + needs + ", but " + origin + current.description()));
        return; // the model is still what it was: later stages are checked against it
      }
      ModelKind output = stage.producedKind(current);
      if (output != current) {
        producer = "stage " + indexed.index() + " (" + indexed.entry().name() + ")";
      }
      current = output;
    }
  }
}
