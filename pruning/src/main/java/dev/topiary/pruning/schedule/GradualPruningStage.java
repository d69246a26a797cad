package dev.topiary.pruning.schedule;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.TrainingHistory;
import dev.topiary.core.train.TrainingOptions;
import dev.topiary.pruning.PruningReport;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a copy of its input on the training split with {@link NetworkTrainer} (seeded with the
 * stage's seed), a {@link GradualPruningListener} with magnitude scores attached; the returned
 * model keeps its masks, so a later {@code finetune} keeps the pruned weights at zero and a later
 * {@code prune.strip} drops the masks.
 *
 * <p>Diagnostics: the {@link dev.topiary.pruning.PruningReport} of the last pruning step (overall
 * and per-layer sparsity and thresholds), then {@code schedule}, {@code beginStep}, the resolved
 * {@code endStep} (-1: no end), {@code trainingSteps}, {@code pruningSteps} (the steps pruned at),
 * {@code epochLoss}, {@code summariesFile} (the CSV written into the work directory) and
 * {@code summaries} (its rows).
 */
final class GradualPruningStage implements Stage {

  private static final Logger LOG = LoggerFactory.getLogger(GradualPruningStage.class);

  /** The file the summaries go to, in the stage's work directory. */
  static final String SUMMARIES_FILE = "pruning-summaries.csv";

  private final GradualPruningSpec spec;

  GradualPruningStage(GradualPruningSpec spec) {
    this.spec = spec;
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel network = requireNetwork(input, context);
    Dataset train = context.data().train();
    if (train.rows() == 0) {
      throw new StageException(context.stageName(), "the training data is empty");
    }
    long batchesPerEpoch = (train.rows() + spec.batchSize() - 1) / spec.batchSize();
    PruningSchedule schedule;
    long endStep;
    try {
      endStep = spec.resolveEndStep(batchesPerEpoch);
      schedule = spec.toSchedule(batchesPerEpoch);
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), e.getMessage(), e);
    }
    NetworkModel copy = network.copy();
    try {
      GradualPruningListener listener = new GradualPruningListener(copy, spec.selection(), spec.scope(),
          new MagnitudeCriterion(), schedule);
      TrainingHistory history = NetworkTrainer.fit(copy, train,
          new TrainingOptions(spec.epochs(), spec.batchSize(), context.seed(), spec.learningRate()),
          context.progress(), List.of(listener));
      listener.writeCsv(context.workDirectory().resolve(SUMMARIES_FILE));
      Map<String, Object> diagnostics = new LinkedHashMap<>();
      PruningReport last = listener.latestReport().orElseThrow(() -> new IllegalStateException(
          "the schedule pruned at no step of the training"));
      diagnostics.putAll(last.diagnostics());
      last.warnings().forEach(warning -> LOG.warn("{}: {}", context.stageName(), warning));
      diagnostics.put("schedule", spec.schedule());
      diagnostics.put("beginStep", spec.beginStep());
      diagnostics.put("endStep", endStep);
      diagnostics.put("trainingSteps", history.iterations());
      diagnostics.put("pruningSteps", listener.summaries().stream().map(PruningSummary::step).distinct().toList());
      diagnostics.put("epochLoss", history.epochLoss());
      diagnostics.put("summariesFile", SUMMARIES_FILE);
      diagnostics.put("summaries", listener.summaries());
      return new StageResult(copy, diagnostics);
    } catch (IllegalArgumentException e) {
      copy.close();
      throw new StageException(context.stageName(), e.getMessage(), e);
    } catch (IOException e) {
      copy.close();
      throw new StageException(context.stageName(), "cannot write " + SUMMARIES_FILE + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
  }
}
