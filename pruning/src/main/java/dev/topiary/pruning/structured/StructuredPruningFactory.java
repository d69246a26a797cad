package dev.topiary.pruning.structured;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import java.util.List;

/**
 * Creates {@code prune.structured} stages; registered with
 * {@code StageBindings.add(binder(), StructuredPruningSpec.TYPE, StructuredPruningFactory.class)}.
 */
public final class StructuredPruningFactory implements StageFactory<StructuredPruningSpec>,
    PreflightCheck<StructuredPruningSpec> {

  /** A factory; it holds no state. */
  public StructuredPruningFactory() {}

  @Override
  public Class<StructuredPruningSpec> specType() {
    return StructuredPruningSpec.class;
  }

  @Override
  public Stage create(StructuredPruningSpec spec) {
    return new StructuredPruningStage(spec);
  }

  /**
   * Resolves the layer selectors and overrides against the baseline's network and removes the
   * units from a copy of it (untrained, so it takes no time), which finds every layer that cannot
   * be pruned; the copy is closed at once.
   */
  @Override
  public List<PreflightProblem> preflight(StructuredPruningSpec spec, PreflightContext context) {
    try {
      StructuredPruningPlan plan = StructuredPruningPlan.resolve(spec, context.network());
      // the wrapper borrows the context's network: it is not closed here, only the pruned copy is
      StructuredPruningResult result = StructuredPruner.prune(NetworkModel.borrow(context.network()), plan);
      result.model().close();
      return List.of();
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? "cannot be applied to the baseline's network" : e.getMessage();
      for (String field : new String[] {"layers", "overrides"}) {
        if (message.startsWith(field + ": ")) {
          return List.of(new PreflightProblem(field, message.substring(field.length() + 2)));
        }
      }
      // the pruner's own words about a selected layer ("layer 1 is the output layer: …") concern layers
      return List.of(new PreflightProblem(message.startsWith("layer ") ? "layers" : "", message));
    }
  }
}
