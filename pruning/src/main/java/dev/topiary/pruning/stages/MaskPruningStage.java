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
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import dev.topiary.pruning.criteria.OptimalBrainDamageCriterion;
import dev.topiary.pruning.criteria.RandomCriterion;
import dev.topiary.pruning.criteria.SnipCriterion;
import dev.topiary.pruning.criteria.SynFlowCriterion;
import dev.topiary.pruning.criteria.TaylorCriterion;
import java.util.Arrays;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage behind every mask-pruning type ({@link MaskCriterion}): prunes a copy of its input by
 * the spec's plan with the spec's criterion, made for the run's context (its seed and data).
 */
final class MaskPruningStage implements Stage {

  private static final Logger LOG = LoggerFactory.getLogger(MaskPruningStage.class);

  private final MaskPruningSpec spec;
  private final PruningPlan plan;

  MaskPruningStage(MaskPruningSpec spec) {
    this.spec = spec;
    this.plan = spec.toPlan();
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel network = requireNetwork(input, context);
    try {
      PruningResult result = Pruner.prune(network, plan, criterion(context), context.progress());
      result.report().warnings().forEach(warning -> LOG.warn("{}: {}", context.stageName(), warning));
      return new StageResult(result.model(), result.report().diagnostics());
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), e.getMessage(), e);
    }
  }

  /** The spec's criterion, with the samples and seed of {@code context} where it needs them. */
  private ImportanceCriterion criterion(StageContext context) {
    return switch (spec.criterion()) {
      case MAGNITUDE, THRESHOLD -> new MagnitudeCriterion();
      case RANDOM -> new RandomCriterion(context.seed());
      case OBD -> new OptimalBrainDamageCriterion(calibrationSample(context, spec.calibrationExamples()),
          spec.curvature());
      case TAYLOR -> new TaylorCriterion(calibrationSample(context, spec.batches() * spec.batchSize()),
          spec.batchSize());
      case SNIP -> new SnipCriterion(calibrationSample(context, spec.batches() * spec.batchSize()), spec.batchSize());
      case SYNFLOW -> new SynFlowCriterion();
    };
  }

  /**
   * A seeded sample of {@code rows} training examples (all of them if there are fewer), drawn
   * with the stage's seed.
   */
  private static Dataset calibrationSample(StageContext context, int rows) {
    Dataset train = context.data().train();
    int[] order = Dataset.permutation(train.rows(), new Random(context.seed()));
    return train.subset(Arrays.copyOf(order, Math.min(rows, train.rows())));
  }
}
