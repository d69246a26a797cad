package dev.topiary.pipeline;

import dev.topiary.core.BadInputException;
import dev.topiary.core.PlainMessage;
import dev.topiary.core.data.CsvDataSpec;
import dev.topiary.core.data.DataException;
import dev.topiary.core.data.DataSpec;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.IdxDataSpec;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.source.ModelSpec;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.recipe.Recipe;
import dev.topiary.core.recipe.RecipeException;
import dev.topiary.core.recipe.RecipeLocations;
import dev.topiary.core.recipe.RecipeProblem;
import dev.topiary.core.recipe.RecipeReader;
import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pipeline.run.BaselineBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pre-flight check {@code topiary run} and {@code topiary validate} make after the recipe
 * compiled and before any training: every file the recipe names exists, is readable and starts
 * like what it should be (IDX header bytes); the data is read (CSV headers, column counts and
 * labels, IDX shapes) and its split sizes counted; the baseline's architecture is built without
 * training (or its model file loaded) and checked against the data; and every stage whose factory
 * is a {@link PreflightCheck} checks its parameters against that network and those sizes (layer
 * names and indices, N:M divisibility, schedule steps). Every problem is reported at once, like the
 * recipe's own, with the file, line and field.
 */
public final class Preflight {

  private final Map<String, StageFactory<?>> registry;
  private final TopiaryJson json;
  private final BaselineBuilder baselines;

  /**
   * A check for the stage types of {@code registry}.
   *
   * @param json the mappers the recipe is re-read with to find its lines
   * @param baselines builds the baseline's architecture (see {@link BaselineBuilder#architecture});
   *     one that cannot leaves the model and the stage checks out
   */
  public Preflight(Map<String, StageFactory<?>> registry, TopiaryJson json, BaselineBuilder baselines) {
    if (registry == null || json == null || baselines == null) {
      throw new IllegalArgumentException("registry, json and baselines must not be null");
    }
    this.registry = Map.copyOf(registry);
    this.json = json;
    this.baselines = baselines;
  }

  /**
   * Checks {@code compiled}, read from {@code recipeFile}.
   *
   * @param recipeFile the recipe's file, for lines in messages; null for a recipe built in code
   * @throws RecipeException listing every problem found
   */
  public void check(Path recipeFile, CompiledRecipe compiled) throws RecipeException {
    List<RecipeProblem> problems = problems(recipeFile, compiled);
    if (!problems.isEmpty()) {
      throw new RecipeException(problems);
    }
  }

  /** The problems of {@code compiled} (see {@link #check}), in file order; empty if there is none. */
  public List<RecipeProblem> problems(Path recipeFile, CompiledRecipe compiled) {
    RecipeLocations locations = recipeFile == null ? RecipeLocations.none()
        : new RecipeReader(json).parse(recipeFile).locations();
    Recipe recipe = compiled.recipe();
    Path base = compiled.baseDirectory();
    List<RecipeProblem> problems = new ArrayList<>();
    for (Map.Entry<String, String> file : dataFiles(recipe.data()).entrySet()) {
      String problem = fileProblem(base, file.getValue(), recipe.data() instanceof IdxDataSpec);
      if (problem != null) {
        problems.add(locations.problem(file.getKey(), problem));
      }
    }
    DataSplits data = null;
    if (problems.isEmpty()) {
      try {
        data = recipe.data().load(base, recipe.seed());
      } catch (DataException | IllegalArgumentException e) {
        problems.add(locations.problem("data", PlainMessage.of(e)));
      }
      if (data != null && data.train().rows() == 0) {
        problems.add(locations.problem("data", "the training split is empty; the baseline and the stages train on it"));
      }
      if (data != null && data.test().rows() == 0) {
        problems.add(locations.problem("data", "the test split is empty; the meter measures accuracy on it"));
      }
    }
    NetworkModel network = null;
    try {
      network = baselines.architecture(recipe.model(), data, base, recipe.seed());
    } catch (BadInputException e) {
      String field = recipe.model().file() != null ? "model.file" : "model.train";
      problems.add(new RecipeProblem(locations.file(), locations.lineOf(field), "", PlainMessage.of(e)));
    }
    try {
      if (network != null && data != null) {
        PreflightContext context = new PreflightContext(network.network(), data.train().rows(),
            data.validation().rows(), data.test().rows());
        stageProblems(compiled.stages(), "stages", context, locations, problems);
        for (Map.Entry<String, List<BoundStage>> branch : compiled.branches().entrySet()) {
          stageProblems(branch.getValue(), "branches." + branch.getKey(), context, locations, problems);
        }
      }
    } finally {
      if (network != null) {
        network.close();
      }
    }
    problems.sort(RecipeReader.inFileOrder());
    return problems;
  }

  private void stageProblems(List<BoundStage> stages, String list, PreflightContext context,
      RecipeLocations locations, List<RecipeProblem> problems) {
    ModelKind kind = ModelKind.DL4J_NETWORK;
    for (BoundStage stage : stages) {
      if (kind != ModelKind.DL4J_NETWORK) {
        return; // later stages work on a compiled model: the network says nothing about them
      }
      if (registry.get(stage.type()) instanceof PreflightCheck<?> check) {
        for (PreflightProblem problem : preflight(check, stage.spec(), context)) {
          String path = list + "[" + stage.index() + "]" + (problem.field().isEmpty() ? "" : "." + problem.field());
          problems.add(locations.problem(path, problem.message()));
        }
      }
      kind = stage.stage().producedKind(kind);
    }
  }

  @SuppressWarnings("unchecked")
  private static <S extends Record> List<PreflightProblem> preflight(PreflightCheck<S> check, Record spec,
      PreflightContext context) {
    return check.preflight((S) spec, context);
  }

  /** Field path to file, for the data sources that name files. */
  private static Map<String, String> dataFiles(DataSpec data) {
    Map<String, String> files = new LinkedHashMap<>();
    if (data instanceof CsvDataSpec csv) {
      files.put("data.train", csv.train());
      files.put("data.test", csv.test());
    } else if (data instanceof IdxDataSpec idx) {
      files.put("data.trainImages", idx.trainImages());
      files.put("data.trainLabels", idx.trainLabels());
      files.put("data.testImages", idx.testImages());
      files.put("data.testLabels", idx.testLabels());
    }
    return files;
  }

  /** Why the file {@code name} cannot be used, or null; {@code idx}: it must start with an IDX header. */
  private static String fileProblem(Path base, String name, boolean idx) {
    Path path = base.resolve(name);
    if (!Files.exists(path)) {
      return "file " + name + " does not exist (looked for " + path.toAbsolutePath() + ")";
    }
    if (!Files.isRegularFile(path)) {
      return name + " is a folder, not a file";
    }
    if (!Files.isReadable(path)) {
      return "file " + name + " is not readable";
    }
    return idx ? idxHeaderProblem(path, name) : null;
  }

  /** An IDX file starts with two zero bytes, the type 0x08 (unsigned byte) and 1 or 3 dimensions. */
  private static String idxHeaderProblem(Path path, String name) {
    byte[] head = new byte[4];
    int read;
    try (InputStream in = Files.newInputStream(path)) {
      read = in.readNBytes(head, 0, 4);
    } catch (IOException e) {
      return "file " + name + " cannot be read: " + PlainMessage.of(e);
    }
    if (read >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return null; // gzipped: the reader checks the header inside
    }
    if (read < 4 || head[0] != 0 || head[1] != 0 || head[2] != 0x08 || (head[3] != 1 && head[3] != 3)) {
      return "file " + name + " is not an IDX file of unsigned bytes (it does not start with the IDX header"
          + " 00 00 08 01 for labels or 00 00 08 03 for images)";
    }
    return null;
  }
}
