package dev.topiary.core.recipe;

import dev.topiary.core.PlainMessage;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.data.DataSpec;
import dev.topiary.core.measure.MeterSettings;
import dev.topiary.core.source.ModelSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a recipe from a {@code .yaml}, {@code .yml} or {@code .json} file, checking its structure
 * and binding its {@code data}, {@code model} and {@code measure} sections. Every problem found is
 * reported at once, each with the file, line and field path.
 *
 * <p>Stage parameters are not bound here: that needs the stage registry, which the pipeline's
 * recipe compiler has. {@link #parse} returns the stage entries even when other parts of the
 * recipe are wrong, so the compiler can report their problems in the same run.
 */
public final class RecipeReader {

  private static final Set<String> STAGE_RESERVED = Set.of("type", "name");

  private final TopiaryJson json;
  private final ValueBinder binder;

  /** A reader using Topiary's mappers, including any subtypes registered on them. */
  public RecipeReader(TopiaryJson json) {
    this.json = json;
    this.binder = new ValueBinder(json.json());
  }

  /**
   * Reads a recipe file.
   *
   * @throws RecipeException listing every problem, if there is any
   */
  public Recipe read(Path file) throws RecipeException {
    ParsedRecipe parsed = parse(file);
    if (parsed.recipe() == null) {
      throw new RecipeException(parsed.problems());
    }
    return parsed.recipe();
  }

  /** Reads a recipe file, collecting problems instead of throwing. */
  public ParsedRecipe parse(Path file) {
    String label = file.toString();
    if (formatOf(label) == null) {
      return failed(label, "unsupported recipe file type; use .yaml, .yml or .json");
    }
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return failed(label, "no such file");
    } catch (IOException e) {
      return failed(label, "cannot read the file: " + PlainMessage.of(e));
    }
    return parse(content, label);
  }

  /**
   * Reads a recipe from {@code content}; {@code fileName} decides the format (by its extension),
   * the default recipe name and how problems name the file.
   */
  public ParsedRecipe parse(String content, String fileName) {
    ObjectMapper mapper = formatOf(fileName);
    if (mapper == null) {
      return failed(fileName, "unsupported recipe file type; use .yaml, .yml or .json");
    }
    LocatedTree tree;
    try (JsonParser parser = mapper.getFactory().createParser(content)) {
      tree = LocatedTree.read(parser);
    } catch (JsonProcessingException e) {
      int line = SyntaxErrors.line(e);
      String syntax = mapper == json.yaml() ? "YAML" : "JSON";
      RecipeProblem problem = new RecipeProblem(fileName, Math.max(line, 0), "",
          syntax + " syntax error: " + SyntaxErrors.describe(e));
      return new ParsedRecipe(null, List.of(), new RecipeLocations(fileName, Map.of()), List.of(problem));
    } catch (IOException e) {
      return failed(fileName, "cannot read the file: " + PlainMessage.of(e));
    }
    RecipeLocations locations = new RecipeLocations(fileName, tree.lines());
    List<RecipeProblem> strictness = DocumentRules.problems(tree, content, mapper == json.yaml(), locations);
    ParsedRecipe parsed = new Binding(locations, defaultName(fileName)).bind(tree);
    if (strictness.isEmpty()) {
      return parsed;
    }
    List<RecipeProblem> all = new ArrayList<>(strictness);
    all.addAll(parsed.problems());
    all.sort(inFileOrder());
    return new ParsedRecipe(null, parsed.stages(), parsed.locations(), all, parsed.branches());
  }

  private ObjectMapper formatOf(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return json.yaml();
    }
    if (lower.endsWith(".json")) {
      return json.json();
    }
    return null;
  }

  private static ParsedRecipe failed(String file, String message) {
    return new ParsedRecipe(null, List.of(), new RecipeLocations(file, Map.of()),
        List.of(new RecipeProblem(file, 0, "", message)));
  }

  /** The file name without folder and extension, with characters a name may not hold made '-'. */
  static String defaultName(String fileName) {
    String base = Path.of(fileName).getFileName().toString();
    int dot = base.lastIndexOf('.');
    String stem = dot > 0 ? base.substring(0, dot) : base;
    String clean = stem.replaceAll("[^A-Za-z0-9._-]", "-").replaceFirst("^[._-]+", "");
    clean = clean.length() > StageEntry.MAX_NAME_LENGTH ? clean.substring(0, StageEntry.MAX_NAME_LENGTH) : clean;
    return clean.isEmpty() ? "recipe" : clean;
  }

  /** One recipe's binding: collects problems as it goes. */
  private final class Binding {
    private final RecipeLocations locations;
    private final String defaultName;
    private final List<RecipeProblem> problems = new ArrayList<>();
    private final Map<String, List<ParsedRecipe.IndexedStage>> branches = new java.util.LinkedHashMap<>();

    Binding(RecipeLocations locations, String defaultName) {
      this.locations = locations;
      this.defaultName = defaultName;
    }

    ParsedRecipe bind(LocatedTree tree) {
      JsonNode root = tree.root();
      if (root == null) {
        problems.add(locations.problem("", "the file is empty; a recipe needs at least data: and model:"));
        return result(null, List.of());
      }
      if (!root.isObject()) {
        problems.add(locations.problem("", "a recipe must be a map with the keys " + Recipe.KEYS
            + ", got " + RecipeProblem.describe(root)));
        return result(null, List.of());
      }
      for (String[] duplicate : tree.duplicates()) {
        problems.add(new RecipeProblem(locations.file(), Integer.parseInt(duplicate[2]), duplicate[0],
            "given twice (first at line " + duplicate[1] + ")"));
      }
      Set<String> valid = new TreeSet<>(Recipe.KEYS);
      for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!valid.contains(key)) {
          problems.add(locations.problem(key, "unknown key '" + key + "'; " + SpellingSuggestion.hint(key, valid) + "valid: " + valid));
        }
      }
      String name = name(root.get("name"));
      long seed = seed(root.get("seed"));
      DataSpec data = required(root, "data", DataSpec.class);
      ModelSpec model = required(root, "model", ModelSpec.class);
      Map<String, ModelSpec> models = models(root.get("models"));
      MeterSettings measure = root.hasNonNull("measure")
          ? binder.bind(root.get("measure"), MeterSettings.class, "measure", locations, problems)
          : null;
      Gates gates = gates(root.get("assert"));
      List<ParsedRecipe.IndexedStage> stages = stages(root.get("stages"), "stages");
      branches(root.get("branches"));
      if (root.hasNonNull("stages") && root.hasNonNull("branches")) {
        problems.add(locations.problem("branches", "give stages: or branches:, not both (a branch is a list of "
            + "stages applied to its own copy of the baseline)"));
      }
      if (!problems.isEmpty()) {
        return result(null, stages);
      }
      try {
        Map<String, List<StageEntry>> branchEntries = new java.util.LinkedHashMap<>();
        branches.forEach((branch, list) ->
            branchEntries.put(branch, list.stream().map(ParsedRecipe.IndexedStage::entry).toList()));
        Recipe recipe = new Recipe(name, seed, data, model, models, measure,
            stages.stream().map(ParsedRecipe.IndexedStage::entry).toList(), branchEntries, gates);
        return result(recipe, stages);
      } catch (IllegalArgumentException e) {
        problems.add(locations.problem("", e.getMessage()));
        return result(null, stages);
      }
    }

    private ParsedRecipe result(Recipe recipe, List<ParsedRecipe.IndexedStage> stages) {
      List<RecipeProblem> sorted = new ArrayList<>(problems);
      sorted.sort(inFileOrder());
      return new ParsedRecipe(recipe, stages, locations, sorted, branches);
    }

    /** The {@code assert:} section: unknown gate names are reported with the known ones, then the values. */
    private Gates gates(JsonNode node) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (node.isObject()) {
        Set<String> known = new TreeSet<>(Gates.NAMES);
        boolean unknown = false;
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
          String key = keys.next();
          if (!known.contains(key)) {
            problems.add(locations.problem("assert", "unknown key '" + key + "'; "
                + SpellingSuggestion.hint(key, known) + "valid: " + known));
            unknown = true;
          }
        }
        if (unknown) {
          return null;
        }
      }
      return binder.bind(node, Gates.class, "assert", locations, problems);
    }

    /** The {@code branches:} map: name to a list of stages like {@code stages:}. */
    private void branches(JsonNode node) {
      if (node == null || node.isNull()) {
        return;
      }
      if (!node.isObject() || node.isEmpty()) {
        problems.add(locations.problem("branches", "expected a map of branch names to lists of stages, got "
            + RecipeProblem.describe(node)));
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        String path = "branches." + field.getKey();
        try {
          Recipe.checkBranchName(field.getKey());
        } catch (IllegalArgumentException e) {
          problems.add(locations.problem(path, e.getMessage().substring(path.length() + 2)));
          continue;
        }
        JsonNode list = field.getValue();
        if (list == null || list.isNull() || (list.isArray() && list.isEmpty())) {
          problems.add(locations.problem(path, "a branch needs at least one stage"));
          continue;
        }
        branches.put(field.getKey(), stages(list, path));
      }
    }

    private String name(JsonNode node) {
      if (node == null || node.isNull()) {
        return defaultName;
      }
      if (!node.isTextual()) {
        problems.add(locations.problem("name", "expected a string, got " + RecipeProblem.describe(node)));
        return defaultName;
      }
      return checkedName("name", node.textValue());
    }

    private String checkedName(String path, String name) {
      try {
        StageEntry.checkName("name", name);
        return name;
      } catch (IllegalArgumentException e) {
        problems.add(locations.problem(path, e.getMessage().substring("name ".length())));
        return null;
      }
    }

    private long seed(JsonNode node) {
      if (node == null || node.isNull()) {
        return Recipe.DEFAULT_SEED;
      }
      if (!node.isIntegralNumber() || !node.canConvertToLong()) {
        problems.add(locations.problem("seed", "expected an integer, got " + RecipeProblem.describe(node)));
        return Recipe.DEFAULT_SEED;
      }
      return node.longValue();
    }

    private <T> T required(JsonNode root, String key, Class<T> type) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        problems.add(locations.problem(key, "missing; every recipe needs data: and model:"));
        return null;
      }
      return binder.bind(node, type, key, locations, problems);
    }

    /** The {@code models:} map: name to a model section like {@code model:}. */
    private Map<String, ModelSpec> models(JsonNode node) {
      Map<String, ModelSpec> models = new java.util.LinkedHashMap<>();
      if (node == null || node.isNull()) {
        return models;
      }
      if (!node.isObject()) {
        problems.add(locations.problem("models", "expected a map of model names to model sections (each like "
            + "model:), got " + RecipeProblem.describe(node)));
        return models;
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        String path = "models." + field.getKey();
        try {
          Recipe.checkModelName(field.getKey());
        } catch (IllegalArgumentException e) {
          problems.add(locations.problem(path, e.getMessage().substring(path.length() + 2)));
          continue;
        }
        if (field.getValue() == null || field.getValue().isNull()) {
          problems.add(locations.problem(path, "missing; give train (an architecture to train) or file (a DL4J "
              + "model zip to load)"));
          continue;
        }
        int before = problems.size();
        ModelSpec spec = binder.bind(field.getValue(), ModelSpec.class, path, locations, problems);
        for (int i = before; i < problems.size(); i++) {
          problems.set(i, underModels(problems.get(i), path));
        }
        if (spec != null) {
          models.put(field.getKey(), spec);
        }
      }
      return models;
    }

    /** ModelSpec names its fields from {@code model}: "model.train.hidden: …" becomes models.NAME.train.hidden. */
    private RecipeProblem underModels(RecipeProblem problem, String modelPath) {
      String message = problem.message();
      int colon = message.indexOf(": ");
      if (colon > 0 && message.substring(0, colon).matches("model(\\.[A-Za-z0-9_.\\[\\]]+)?")) {
        return locations.problem(modelPath + message.substring("model".length(), colon), message.substring(colon + 2));
      }
      return problem;
    }

    private List<ParsedRecipe.IndexedStage> stages(JsonNode node, String list) {
      if (node == null || node.isNull()) {
        return List.of();
      }
      if (!node.isArray()) {
        problems.add(locations.problem(list, "expected a list of stages, got " + RecipeProblem.describe(node)));
        return List.of();
      }
      record Raw(int index, String type, String name, ObjectNode params) {}
      List<Raw> raws = new ArrayList<>();
      Map<String, Integer> explicit = new HashMap<>();
      for (int i = 0; i < node.size(); i++) {
        String path = list + "[" + i + "]";
        JsonNode stage = node.get(i);
        if (!stage.isObject()) {
          problems.add(locations.problem(path, "expected a map with a type, got " + RecipeProblem.describe(stage)));
          continue;
        }
        String type = text(stage, path, "type");
        if (type == null && !stage.has("type")) {
          problems.add(locations.problem(path + ".type", "missing; every stage needs a type (see `topiary stages`)"));
        }
        String name = text(stage, path, "name");
        if (name != null) {
          name = checkedName(path + ".name", name);
        }
        if (name != null) {
          Integer first = explicit.putIfAbsent(name, i);
          if (first != null) {
            problems.add(locations.problem(path + ".name",
                "duplicate stage name '" + name + "' (also " + list + "[" + first + "])"));
            name = null;
          }
        }
        ObjectNode params = ((ObjectNode) stage).deepCopy();
        params.remove(STAGE_RESERVED);
        if (type != null) {
          raws.add(new Raw(i, type, stage.has("name") ? name : null, params));
        }
      }
      Set<String> taken = new HashSet<>(explicit.keySet());
      List<ParsedRecipe.IndexedStage> stages = new ArrayList<>();
      for (Raw raw : raws) {
        String name = raw.name();
        if (name == null) {
          name = raw.type();
          for (int k = 2; taken.contains(name); k++) {
            name = raw.type() + "-" + k;
          }
          taken.add(name);
        }
        try {
          stages.add(new ParsedRecipe.IndexedStage(raw.index(), new StageEntry(raw.type(), name, raw.params()), list));
        } catch (IllegalArgumentException e) {
          problems.add(locations.problem(list + "[" + raw.index() + "]", e.getMessage()));
        }
      }
      return stages;
    }

    private String text(JsonNode stage, String path, String key) {
      JsonNode value = stage.get(key);
      if (value == null) {
        return null;
      }
      if (!value.isTextual() || value.textValue().isBlank()) {
        problems.add(locations.problem(path + "." + key, "expected a string, got " + RecipeProblem.describe(value)));
        return null;
      }
      return value.textValue();
    }
  }

  /** Problems by line; those without a line (0) last; otherwise in the order found. */
  public static Comparator<RecipeProblem> inFileOrder() {
    return Comparator.comparingInt(problem -> problem.line() == 0 ? Integer.MAX_VALUE : problem.line());
  }
}
