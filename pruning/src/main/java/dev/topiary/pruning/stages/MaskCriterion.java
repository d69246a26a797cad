package dev.topiary.pruning.stages;

import dev.topiary.core.recipe.TopiaryJson;
import dev.topiary.core.stage.ParameterDescriptor;
import dev.topiary.core.stage.StageTypeDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The importance criterion of a mask-pruning stage, and the stage type that names it: every
 * {@code prune.*} mask type ({@code prune.magnitude}, {@code prune.obd}, …) reads the one
 * {@link MaskPruningSpec} with its criterion fixed by the type name, and takes the shared
 * parameters plus the criterion's own. This enum is the one place that says which parameters each
 * criterion takes and what its own defaults are; {@code topiary stages} prints it.
 */
public enum MaskCriterion {

  /** {@code prune.magnitude}: the smallest {@code |w|} (Han et al. 2015). */
  MAGNITUDE("prune.magnitude", "Masks the weights of smallest absolute value, per layer or globally.",
      Parameters.RANKED, Map.of()),
  /** {@code prune.random}: weights drawn at random with the stage seed, per layer; a baseline. */
  RANDOM("prune.random", "Masks weights chosen at random (seeded by the stage seed): a baseline.",
      Parameters.RANKED.stream().filter(name -> !name.equals(Parameters.SCOPE)).toList(), Map.of()),
  /** {@code prune.threshold}: every weight with {@code |w| ≤ threshold}. */
  THRESHOLD("prune.threshold", "Masks every selected weight whose absolute value is at most a fixed threshold.",
      Parameters.join(List.of(Parameters.THRESHOLD), Parameters.SELECTION), Map.of()),
  /** {@code prune.obd}: Optimal Brain Damage saliency {@code ½·h·w²} (LeCun et al. 1989). */
  OBD("prune.obd", "Masks the weights of smallest Optimal Brain Damage saliency ½·h·w², the Hessian diagonal "
      + "estimated on training examples (Gauss-Newton by default).",
      Parameters.join(Parameters.RANKED, List.of("calibrationExamples", "curvature")), Map.of()),
  /** {@code prune.taylor}: first-order Taylor importance {@code |w·dL/dw|} (Molchanov et al. 2019). */
  TAYLOR("prune.taylor", "Masks the weights of smallest first-order Taylor importance |w·dL/dw| on training batches.",
      Parameters.join(Parameters.RANKED, Parameters.CALIBRATION), Map.of("batches", "8", "batchSize", "32")),
  /** {@code prune.snip}: SNIP connection sensitivity {@code |w·g|} (Lee et al. 2019). */
  SNIP("prune.snip", "Masks the weights of smallest SNIP connection sensitivity |w·g|, one-shot, meant before training.",
      Parameters.join(Parameters.RANKED, Parameters.CALIBRATION), Map.of("batches", "1", "batchSize", "128")),
  /** {@code prune.synflow}: iterative, data-free SynFlow saliency (Tanaka et al. 2020). */
  SYNFLOW("prune.synflow", "Masks weights by iterative, data-free SynFlow synaptic saliency, which avoids layer collapse.",
      Parameters.join(Parameters.RANKED, List.of("iterations")), Map.of());

  private final String type;
  private final String description;
  private final List<String> parameters;
  private final Map<String, String> defaults;

  MaskCriterion(String type, String description, List<String> parameters, Map<String, String> defaults) {
    this.type = type;
    this.description = description;
    this.parameters = List.copyOf(parameters);
    this.defaults = Map.copyOf(defaults);
  }

  /** The stage type name, the registry key: {@code prune.magnitude}, {@code prune.obd}, …. */
  public String type() {
    return type;
  }

  /** The name a recipe would write: {@code magnitude}, {@code obd}, …. */
  public String recipeName() {
    return TopiaryJson.enumName(this);
  }

  /**
   * The criterion of the stage type {@code type}, e.g. {@link #OBD} for {@code prune.obd}.
   *
   * @throws IllegalArgumentException naming the mask-pruning stage types if {@code type} is none of them
   */
  public static MaskCriterion ofType(String type) {
    for (MaskCriterion criterion : values()) {
      if (criterion.type.equals(type)) {
        return criterion;
      }
    }
    throw new IllegalArgumentException("no mask-pruning stage type '" + type + "'; known: "
        + Arrays.stream(values()).map(MaskCriterion::type).toList());
  }

  /** The names of the parameters a recipe may give this criterion's stage type, in record order. */
  public List<String> parameters() {
    return parameters;
  }

  /** True if this criterion takes the parameter {@code name}. */
  public boolean takes(String name) {
    return parameters.contains(name);
  }

  /**
   * The documentation of this criterion's stage type: {@link MaskPruningSpec}'s documented
   * components that this criterion takes, with this criterion's own defaults.
   */
  public StageTypeDescriptor describe() {
    List<ParameterDescriptor> own = new ArrayList<>();
    for (ParameterDescriptor parameter : StageTypeDescriptor.of(type, MaskPruningSpec.class).parameters()) {
      if (!takes(parameter.name())) {
        continue;
      }
      String fallback = defaults.getOrDefault(parameter.name(), parameter.defaultValue());
      boolean required = this == THRESHOLD && parameter.name().equals(Parameters.THRESHOLD);
      own.add(new ParameterDescriptor(parameter.name(), parameter.type(), required ? "" : fallback, required,
          parameter.description()));
    }
    return new StageTypeDescriptor(type, description, own);
  }

  /** This criterion's default for an integer parameter whose default differs between criteria. */
  int defaultInt(String parameter) {
    String value = defaults.get(parameter);
    if (value == null) {
      throw new IllegalStateException(this + " has no own default for " + parameter);
    }
    return Integer.parseInt(value);
  }

  /**
   * Throws unless every parameter given a value is one this criterion takes.
   *
   * @param given parameter name to value (null when not given), in record order
   */
  void rejectForeign(Map<String, Object> given) {
    for (Map.Entry<String, Object> parameter : given.entrySet()) {
      if (parameter.getValue() != null && !takes(parameter.getKey())) {
        throw new IllegalArgumentException(parameter.getKey() + " is not a parameter of " + type
            + "; its parameters: " + parameters);
      }
    }
  }

  /** The parameter names several criteria share, by group. */
  private static final class Parameters {
    static final String THRESHOLD = "threshold";
    static final String SCOPE = "scope";
    static final List<String> SELECTION = List.of("layers", "includeBias", "skipFirst", "skipLast");
    static final List<String> RANKED = List.of("sparsity", "count", SCOPE, "layers", "includeBias", "skipFirst",
        "skipLast", "granularity", "overrides");
    static final List<String> CALIBRATION = List.of("batches", "batchSize");

    private Parameters() {}

    static List<String> join(List<String> first, List<String> second) {
      return Stream.concat(first.stream(), second.stream()).toList();
    }
  }
}
