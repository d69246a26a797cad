package dev.topiary.pruning.stages;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.stage.StageTypeDescriptor;
import dev.topiary.pruning.PruningPreflight;
import java.util.List;
import java.util.Map;

/**
 * Creates the stages of one mask-pruning stage type, {@link MaskCriterion#type()}: registered once
 * per criterion ({@code StageBindings.add(binder(), criterion.type(), new MaskPruningFactory(criterion))}),
 * it documents the criterion's own parameters, tells the compiler that the type name implies the
 * criterion, and checks the layer selection against the baseline before any work.
 */
public final class MaskPruningFactory implements StageFactory<MaskPruningSpec>, PreflightCheck<MaskPruningSpec> {

  private final MaskCriterion criterion;

  /** The factory of {@code criterion}'s stage type. */
  public MaskPruningFactory(MaskCriterion criterion) {
    if (criterion == null) {
      throw new IllegalArgumentException("criterion must not be null");
    }
    this.criterion = criterion;
  }

  /** The criterion this factory's stage type stands for. */
  public MaskCriterion criterion() {
    return criterion;
  }

  @Override
  public Class<MaskPruningSpec> specType() {
    return MaskPruningSpec.class;
  }

  /** The criterion's own parameters and defaults ({@link MaskCriterion#describe()}). */
  @Override
  public StageTypeDescriptor describe(String type) {
    if (!type.equals(criterion.type())) {
      throw new IllegalArgumentException("the factory of " + criterion.type() + " cannot describe " + type);
    }
    return criterion.describe();
  }

  /** {@code criterion: <this criterion>}: a recipe's type name gives it. */
  @Override
  public Map<String, String> impliedParameters() {
    return Map.of("criterion", criterion.recipeName());
  }

  /**
   * The stage for {@code spec}.
   *
   * @throws IllegalArgumentException if {@code spec} is for another criterion
   */
  @Override
  public Stage create(MaskPruningSpec spec) {
    if (spec.criterion() != criterion) {
      throw new IllegalArgumentException(criterion.type() + " needs criterion " + criterion.recipeName()
          + ", got " + spec.criterion().recipeName());
    }
    return new MaskPruningStage(spec);
  }

  /** Checks the layer selection, overrides and granularity against the baseline's network. */
  @Override
  public List<PreflightProblem> preflight(MaskPruningSpec spec, PreflightContext context) {
    return PruningPreflight.check(spec.toPlan(), context.network());
  }

  @Override
  public String toString() {
    return "MaskPruningFactory(" + criterion.type() + ")";
  }
}
