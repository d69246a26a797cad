package dev.topiary.pipeline.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.recipe.RecipeLocations;
import dev.topiary.core.recipe.RecipeProblem;
import dev.topiary.core.recipe.StageEntry;
import dev.topiary.core.stage.StageFactory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a {@code sweep:} section into a {@link SweepSpec} and expands it over a recipe's stages
 * into named branches, collecting every problem with its path. Deterministic: the same section and
 * stages always give the same branches in the same order.
 */
final class SweepExpansion {

  static final Set<String> KEYS = Set.of("mode", "trials", "seed", "parameters", "budget", "objective");
  static final String ENABLED = "enabled";
  static final String NONE = "none";

  private final RecipeLocations locations;
  private final List<RecipeProblem> problems;

  SweepExpansion(RecipeLocations locations, List<RecipeProblem> problems) {
    this.locations = locations;
    this.problems = problems;
  }

  /** The section, or null after adding its problems. */
  SweepSpec read(JsonNode node, long recipeSeed, List<StageEntry> stages, Map<String, StageFactory<?>> registry) {
    if (!node.isObject()) {
      problem("sweep", "expected a map with parameters: (and mode, trials, seed, budget, objective), got "
          + RecipeProblem.describe(node));
      return null;
    }
    int before = problems.size();
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!KEYS.contains(key)) {
        problem("sweep." + key, "unknown key '" + key + "'; valid: " + new TreeSet<>(KEYS));
      }
    }
    SweepSpec.Mode mode = SweepSpec.Mode.GRID;
    JsonNode modeNode = node.get("mode");
    if (modeNode != null && !modeNode.isNull()) {
      String text = modeNode.isTextual() ? modeNode.textValue() : null;
      if ("grid".equals(text)) {
        mode = SweepSpec.Mode.GRID;
      } else if ("random".equals(text)) {
        mode = SweepSpec.Mode.RANDOM;
      } else {
        problem("sweep.mode", "expected grid or random, got " + RecipeProblem.describe(modeNode));
      }
    }
    int trials = 0;
    JsonNode trialsNode = node.get("trials");
    if (mode == SweepSpec.Mode.RANDOM) {
      if (trialsNode == null || trialsNode.isNull()) {
        problem("sweep.trials", "missing; mode random draws trials: N combinations of the grid");
      } else if (!trialsNode.isIntegralNumber() || !trialsNode.canConvertToInt() || trialsNode.intValue() < 1) {
        problem("sweep.trials", "expected an integer of at least 1, got " + RecipeProblem.describe(trialsNode));
      } else {
        trials = trialsNode.intValue();
      }
    } else if (trialsNode != null) {
      problem("sweep.trials", "only for mode: random (a grid runs every combination)");
    }
    long seed = recipeSeed;
    JsonNode seedNode = node.get("seed");
    if (seedNode != null && !seedNode.isNull()) {
      if (!seedNode.isIntegralNumber() || !seedNode.canConvertToLong()) {
        problem("sweep.seed", "expected an integer, got " + RecipeProblem.describe(seedNode));
      } else {
        seed = seedNode.longValue();
      }
    }
    List<Map<String, List<JsonNode>>> grids = grids(node.get("parameters"), stages, registry);
    Double maxDrop = null;
    Long maxWall = null;
    JsonNode budget = node.get("budget");
    if (budget != null && !budget.isNull()) {
      if (!budget.isObject()) {
        problem("sweep.budget", "expected a map with maxAccuracyDrop (points) and/or maxWallSeconds, got "
            + RecipeProblem.describe(budget));
      } else {
        for (Iterator<String> keys = budget.fieldNames(); keys.hasNext(); ) {
          String key = keys.next();
          if (!key.equals("maxAccuracyDrop") && !key.equals("maxWallSeconds")) {
            problem("sweep.budget." + key, "unknown key '" + key + "'; valid: [maxAccuracyDrop, maxWallSeconds]");
          }
        }
        JsonNode drop = budget.get("maxAccuracyDrop");
        if (drop != null) {
          if (!drop.isNumber() || !(drop.doubleValue() >= 0 && drop.doubleValue() <= 100)) {
            problem("sweep.budget.maxAccuracyDrop", "expected points in [0, 100], got " + RecipeProblem.describe(drop));
          } else {
            maxDrop = drop.doubleValue();
          }
        }
        JsonNode wall = budget.get("maxWallSeconds");
        if (wall != null) {
          if (!wall.isIntegralNumber() || !wall.canConvertToLong() || wall.longValue() < 1) {
            problem("sweep.budget.maxWallSeconds", "expected an integer of at least 1, got "
                + RecipeProblem.describe(wall));
          } else {
            maxWall = wall.longValue();
          }
        }
      }
    }
    SweepSpec.Objective objective = SweepSpec.Objective.PARETO_SIZE;
    JsonNode objectiveNode = node.get("objective");
    if (objectiveNode != null && !objectiveNode.isNull()) {
      objective = Arrays.stream(SweepSpec.Objective.values())
          .filter(o -> objectiveNode.isTextual() && o.key().equals(objectiveNode.textValue())).findFirst()
          .orElse(null);
      if (objective == null) {
        problem("sweep.objective", "expected one of [pareto-size, pareto-latency, smallest-within-budget], got "
            + RecipeProblem.describe(objectiveNode));
      } else if (objective == SweepSpec.Objective.SMALLEST_WITHIN_BUDGET && maxDrop == null
          && problems.size() == before) {
        problem("sweep.objective", "smallest-within-budget needs budget.maxAccuracyDrop");
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new SweepSpec(mode, trials, seed, grids, maxDrop, maxWall, objective);
  }

  private List<Map<String, List<JsonNode>>> grids(JsonNode node, List<StageEntry> stages,
      Map<String, StageFactory<?>> registry) {
    List<Map<String, List<JsonNode>>> grids = new ArrayList<>();
    if (node == null || node.isNull()) {
      problem("sweep.parameters", "missing; give <stage>.<parameter>: [values…] for at least one parameter");
      return grids;
    }
    Map<String, StageEntry> byName = new LinkedHashMap<>();
    stages.forEach(stage -> byName.put(stage.name(), stage));
    if ((node.isArray() || node.isObject()) && node.isEmpty()) {
      problem("sweep.parameters", "an empty " + (node.isArray() ? "list" : "map") + " expands to no branches; give "
          + "<stage>.<parameter>: [values…] for at least one parameter");
      return grids;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        grids.add(parameters(node.get(i), "sweep.parameters[" + i + "]", byName, registry));
      }
    } else {
      grids.add(parameters(node, "sweep.parameters", byName, registry));
    }
    checkSwitches(grids, byName);
    return grids;
  }

  private Map<String, List<JsonNode>> parameters(JsonNode node, String at, Map<String, StageEntry> byName,
      Map<String, StageFactory<?>> registry) {
    Map<String, List<JsonNode>> parameters = new LinkedHashMap<>();
    if (!node.isObject() || node.isEmpty()) {
      problem(at, "expected a map of <stage>.<parameter> to a list of values or {from, to, step} (or a list "
          + "of such maps, one grid each), got " + RecipeProblem.describe(node));
      return parameters;
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey();
      String path = at + "." + key;
      boolean isSwitch = isSwitch(key, byName);
      if (!isSwitch && !checkKey(key, path, byName, registry)) {
        continue;
      }
      List<JsonNode> values = values(field.getValue(), path);
      if (values != null && (!isSwitch || checkSwitchValues(values, path, byName))) {
        parameters.put(key, values);
      }
    }
    return parameters;
  }

  /** A key without a dot that does not start with a stage's name: a switch among stages. */
  static boolean isSwitch(String key, Map<String, StageEntry> byName) {
    return !key.contains(".") && !key.isEmpty();
  }

  private boolean checkSwitchValues(List<JsonNode> values, String path, Map<String, StageEntry> byName) {
    Set<String> seen = new java.util.HashSet<>();
    for (JsonNode value : values) {
      String name = value.isTextual() ? value.textValue() : null;
      if (name == null || !(name.equals(NONE) || byName.containsKey(name))) {
        problem(path, "a switch (a key without a dot) takes names of stages or " + NONE + ", got "
            + RecipeProblem.describe(value) + "; stages: " + byName.keySet());
        return false;
      }
      if (!seen.add(name)) {
        problem(path, "names '" + name + "' twice");
        return false;
      }
    }
    return true;
  }

  /** A stage is switched by one switch only, and a switched stage's {@code enabled} is not swept. */
  private void checkSwitches(List<Map<String, List<JsonNode>>> grids, Map<String, StageEntry> byName) {
    Map<String, String> switchOf = switchedStages(grids, byName);
    Map<String, String> owner = new LinkedHashMap<>();
    for (int i = 0; i < grids.size(); i++) {
      String at = grids.size() == 1 ? "sweep.parameters" : "sweep.parameters[" + i + "]";
      for (Map.Entry<String, List<JsonNode>> entry : grids.get(i).entrySet()) {
        String key = entry.getKey();
        if (isSwitch(key, byName)) {
          for (JsonNode value : entry.getValue()) {
            String stage = value.textValue();
            if (!stage.equals(NONE) && owner.containsKey(stage) && !owner.get(stage).equals(key)) {
              problem(at + "." + key, "stage '" + stage + "' is already switched by '" + owner.get(stage)
                  + "'; a stage belongs to one switch");
            }
            owner.putIfAbsent(stage, key);
          }
        } else if (key.endsWith("." + ENABLED)) {
          String stage = key.substring(0, key.length() - ENABLED.length() - 1);
          if (switchOf.containsKey(stage)) {
            problem(at + "." + key, "stage '" + stage + "' is switched by '" + switchOf.get(stage)
                + "' (it runs where that switch names it); do not sweep " + key + " as well");
          }
        }
      }
    }
  }

  /** Stage name to the switch naming it, over every grid. */
  static Map<String, String> switchedStages(List<Map<String, List<JsonNode>>> grids, Map<String, StageEntry> byName) {
    Map<String, String> switchOf = new LinkedHashMap<>();
    for (Map<String, List<JsonNode>> grid : grids) {
      grid.forEach((key, values) -> {
        if (isSwitch(key, byName)) {
          for (JsonNode value : values) {
            if (value.isTextual() && !value.textValue().equals(NONE)) {
              switchOf.putIfAbsent(value.textValue(), key);
            }
          }
        }
      });
    }
    return switchOf;
  }

  private boolean checkKey(String key, String path, Map<String, StageEntry> byName,
      Map<String, StageFactory<?>> registry) {
    int dot = indexOfStageDot(key, byName);
    if (dot <= 0 || dot == key.length() - 1) {
      problem(path, "expected <stage name>.<parameter>, e.g. prune.sparsity, or a switch name; stages: "
          + byName.keySet());
      return false;
    }
    String stage = key.substring(0, dot);
    String parameter = key.substring(dot + 1);
    StageEntry entry = byName.get(stage);
    if (entry == null) {
      problem(path, "no stage named '" + stage + "' in stages:; stages: " + byName.keySet());
      return false;
    }
    StageFactory<?> factory = registry.get(entry.type());
    if (factory == null) {
      return false; // the stage's own unknown type is reported by the compiler
    }
    String top = parameter.contains(".") ? parameter.substring(0, parameter.indexOf('.')) : parameter;
    Set<String> names = new TreeSet<>(factory.describe(entry.type()).parameterNames());
    if (!top.equals(ENABLED) && !names.contains(top)) {
      names.add(ENABLED);
      problem(path, "stage '" + stage + "' (" + entry.type() + ") has no parameter '" + top + "'; its parameters: "
          + names);
      return false;
    }
    return true;
  }

  /** The dot after the longest stage name the key starts with (stage names may hold dots), else the first. */
  private static int indexOfStageDot(String key, Map<String, StageEntry> byName) {
    int best = -1;
    for (String name : byName.keySet()) {
      if (key.startsWith(name + ".") && name.length() > best) {
        best = name.length();
      }
    }
    return best > 0 ? best : key.indexOf('.');
  }

  private List<JsonNode> values(JsonNode node, String path) {
    if (node.isArray()) {
      if (node.isEmpty()) {
        problem(path, "an empty list expands to no branches; give at least one value");
        return null;
      }
      List<JsonNode> values = new ArrayList<>();
      node.forEach(values::add);
      return values;
    }
    if (node.isObject() && node.has("from")) {
      return range((ObjectNode) node, path);
    }
    problem(path, "expected a list of values or a range {from, to, step}, got " + RecipeProblem.describe(node));
    return null;
  }

  private List<JsonNode> range(ObjectNode node, String path) {
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!Set.of("from", "to", "step").contains(key)) {
        problem(path + "." + key, "unknown key '" + key + "'; a range has from, to and step");
        return null;
      }
    }
    BigDecimal from = number(node.get("from"), path + ".from");
    BigDecimal to = number(node.get("to"), path + ".to");
    BigDecimal step = number(node.get("step"), path + ".step");
    if (from == null || to == null || step == null) {
      return null;
    }
    if (step.signum() <= 0) {
      problem(path + ".step", "must be greater than 0, got " + step.toPlainString());
      return null;
    }
    if (to.compareTo(from) < 0) {
      problem(path, "to (" + to.toPlainString() + ") is below from (" + from.toPlainString() + ")");
      return null;
    }
    BigDecimal count = to.subtract(from).divide(step, 0, java.math.RoundingMode.FLOOR);
    if (count.compareTo(BigDecimal.valueOf(SweepSpec.MAX_BRANCHES)) >= 0) {
      problem(path, "expands to more than " + SweepSpec.MAX_BRANCHES + " values");
      return null;
    }
    boolean integral = node.get("from").isIntegralNumber() && node.get("step").isIntegralNumber();
    List<JsonNode> values = new ArrayList<>();
    for (int i = 0; i <= count.intValue(); i++) {
      BigDecimal value = from.add(step.multiply(BigDecimal.valueOf(i)));
      values.add(integral ? JsonNodeFactory.instance.numberNode(value.longValueExact())
          : JsonNodeFactory.instance.numberNode(value.doubleValue()));
    }
    return values;
  }

  private BigDecimal number(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      problem(path, "missing; a range needs from, to and step");
      return null;
    }
    if (!node.isNumber()) {
      problem(path, "expected a number, got " + RecipeProblem.describe(node));
      return null;
    }
    return node.decimalValue();
  }

  /** One expanded branch: its name, the values it sets, and its stages. */
  record Branch(String name, Map<String, JsonNode> values, List<StageEntry> stages) {}

  /**
   * The branches of {@code spec} over {@code stages}, or null after adding a problem (too many
   * branches, or a combination leaving no stage). Grids follow one another; within a grid the last
   * key varies fastest.
   *
   * @param allowLarge allows up to {@link SweepSpec#MAX_BRANCHES_ALLOWED_LARGE} branches instead of
   *     {@link SweepSpec#MAX_BRANCHES}
   */
  List<Branch> expand(SweepSpec spec, List<StageEntry> stages, boolean allowLarge) {
    int maximum = allowLarge ? SweepSpec.MAX_BRANCHES_ALLOWED_LARGE : SweepSpec.MAX_BRANCHES;
    String hint = allowLarge ? "" : " (--allow-large allows up to " + SweepSpec.MAX_BRANCHES_ALLOWED_LARGE + ")";
    List<Long> sizes = new ArrayList<>();
    long total = 0;
    for (Map<String, List<JsonNode>> grid : spec.grids()) {
      long size = 1;
      for (List<JsonNode> values : grid.values()) {
        size = Math.min(size * values.size(), 1_000_001);
      }
      sizes.add(size);
      total = Math.min(total + size, 1_000_001);
    }
    List<Long> chosen = new ArrayList<>();
    if (spec.mode() == SweepSpec.Mode.GRID) {
      if (total > maximum) {
        problem("sweep.parameters", "expands to " + (total > 1_000_000 ? "over 1000000" : total) + " branches, more "
            + "than the maximum of " + maximum + hint + "; use mode: random with trials: N");
        return null;
      }
      for (long i = 0; i < total; i++) {
        chosen.add(i);
      }
    } else {
      if (spec.trials() > maximum) {
        problem("sweep.trials", spec.trials() + " is more than the maximum of " + maximum + " branches" + hint);
        return null;
      }
      chosen = draw(total, spec.trials(), spec.seed());
    }
    Map<String, StageEntry> byName = new LinkedHashMap<>();
    stages.forEach(stage -> byName.put(stage.name(), stage));
    Map<String, String> switchOf = switchedStages(spec.grids(), byName);
    List<Branch> branches = new ArrayList<>();
    int width = String.valueOf(chosen.size()).length();
    for (int n = 0; n < chosen.size(); n++) {
      long rest = chosen.get(n);
      int g = 0;
      while (rest >= sizes.get(g)) {
        rest -= sizes.get(g);
        g++;
      }
      Map<String, List<JsonNode>> grid = spec.grids().get(g);
      List<String> keys = new ArrayList<>(grid.keySet());
      Map<String, JsonNode> values = new LinkedHashMap<>();
      for (int k = keys.size() - 1; k >= 0; k--) {
        List<JsonNode> options = grid.get(keys.get(k));
        values.put(keys.get(k), options.get((int) (rest % options.size())));
        rest /= options.size();
      }
      Map<String, JsonNode> ordered = new LinkedHashMap<>();
      keys.forEach(key -> ordered.put(key, values.get(key)));
      String name = name(n + 1, width, ordered);
      List<StageEntry> applied = apply(stages, ordered, switchOf);
      if (applied.isEmpty()) {
        problem("sweep.parameters", "branch " + name + " leaves out every stage (enabled: false or switched off "
            + "everywhere)");
        return null;
      }
      branches.add(new Branch(name, ordered, applied));
    }
    return branches;
  }

  /** {@code trials} distinct indices below {@code total}, drawn with {@code seed}, ascending. */
  static List<Long> draw(long total, int trials, long seed) {
    Random random = new Random(seed);
    java.util.TreeSet<Long> picked = new java.util.TreeSet<>();
    if (trials >= total) {
      for (long i = 0; i < total; i++) {
        picked.add(i);
      }
      return new ArrayList<>(picked);
    }
    while (picked.size() < trials) {
      picked.add(Math.floorMod(random.nextLong(), total));
    }
    return new ArrayList<>(picked);
  }

  /** {@code s<NN>_<stage>.<param>-<value>_…}, characters a name may not hold as '-', at most 200 long. */
  static String name(int number, int width, Map<String, JsonNode> values) {
    StringBuilder name = new StringBuilder(String.format(Locale.ROOT, "s%0" + width + "d", number));
    values.forEach((key, value) -> name.append('_').append(key).append('-').append(text(value)));
    String clean = name.toString().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+$", "");
    return clean.length() > StageEntry.MAX_NAME_LENGTH ? clean.substring(0, StageEntry.MAX_NAME_LENGTH) : clean;
  }

  /** A value in a branch name: text as it is, a list of scalars joined by x ({@code 300x150}). */
  private static String text(JsonNode value) {
    if (value.isTextual()) {
      return value.textValue();
    }
    if (value.isArray() && !value.isEmpty()) {
      StringBuilder joined = new StringBuilder();
      for (JsonNode element : value) {
        if (element.isContainerNode()) {
          return value.toString();
        }
        joined.append(joined.length() == 0 ? "" : "x").append(element.isTextual() ? element.textValue()
            : element.toString());
      }
      return joined.toString();
    }
    return value.toString();
  }

  private static List<StageEntry> apply(List<StageEntry> stages, Map<String, JsonNode> values,
      Map<String, String> switchOf) {
    List<StageEntry> applied = new ArrayList<>();
    for (StageEntry stage : stages) {
      ObjectNode params = stage.params();
      boolean enabled = true;
      String switchKey = switchOf.get(stage.name());
      if (switchKey != null) {
        // a switched stage runs only in the branches whose value of its switch names it
        JsonNode chosen = values.get(switchKey);
        enabled = chosen != null && chosen.isTextual() && chosen.textValue().equals(stage.name());
      }
      for (Map.Entry<String, JsonNode> value : values.entrySet()) {
        if (!value.getKey().startsWith(stage.name() + ".")) {
          continue;
        }
        String parameter = value.getKey().substring(stage.name().length() + 1);
        if (parameter.equals(ENABLED)) {
          enabled = !value.getValue().isBoolean() || value.getValue().booleanValue();
          continue;
        }
        set(params, parameter, value.getValue());
      }
      if (enabled) {
        applied.add(new StageEntry(stage.type(), stage.name(), params));
      }
    }
    return applied;
  }

  /** Sets a dotted path ({@code student.hidden}) in {@code params}, creating maps on the way. */
  private static void set(ObjectNode params, String parameter, JsonNode value) {
    String[] parts = parameter.split("\\.");
    ObjectNode node = params;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], value.deepCopy());
  }

  private void problem(String path, String message) {
    problems.add(locations.problem(path, message));
  }
}
