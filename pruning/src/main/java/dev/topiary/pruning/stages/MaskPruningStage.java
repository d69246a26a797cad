package dev.topiary.pruning.stages;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.pruning.ImportanceCriterion;
import dev.topiary.pruning.Pruner;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.PruningResult;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage behind every {@code prune.*} type but {@code prune.strip}: prunes a copy of its input
 * by a plan with the criterion made for the run's context.
 */
final class MaskPruningStage implements Stage {

  private static final Logger LOG = LoggerFactory.getLogger(MaskPruningStage.class);

  private final PruningPlan plan;
  private final Function<StageContext, ImportanceCriterion> criterion;

  MaskPruningStage(PruningPlan plan, Function<StageContext, ImportanceCriterion> criterion) {
    this.plan = plan;
    this.criterion = criterion;
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel network = requireNetwork(input, context);
    try {
      PruningResult result = Pruner.prune(network, plan, criterion.apply(context), context.progress());
      result.report().warnings().forEach(warning -> LOG.warn("{}: {}", context.stageName(), warning));
      return new StageResult(result.model(), result.report().diagnostics());
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), e.getMessage(), e);
    }
  }

  /**
   * A seeded sample of {@code rows} training examples (all of them if there are fewer), drawn
   * with the stage's seed.
   */
  static Dataset calibrationSample(StageContext context, int rows) {
    Dataset train = context.data().train();
    int[] order = Dataset.permutation(train.rows(), new Random(context.seed()));
    return train.subset(Arrays.copyOf(order, Math.min(rows, train.rows())));
  }
}
