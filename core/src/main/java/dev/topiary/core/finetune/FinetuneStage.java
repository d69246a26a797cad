package dev.topiary.core.finetune;

import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.TrainingHistory;
import dev.topiary.core.train.TrainingOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/** Trains a copy of the input network on the training split; masks hold through the training loop. */
final class FinetuneStage implements Stage {

  private final FinetuneSpec spec;

  FinetuneStage(FinetuneSpec spec) {
    this.spec = spec;
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel network = requireNetwork(input, context);
    NetworkModel copy = network.copy();
    try {
      TrainingHistory history = NetworkTrainer.fit(copy, context.data().train(),
          new TrainingOptions(spec.epochs(), spec.batchSize(), context.seed(), spec.learningRate()),
          context.progress());
      Map<String, Object> diagnostics = new LinkedHashMap<>();
      diagnostics.put("epochLoss", history.epochLoss());
      diagnostics.put("iterations", history.iterations());
      return new StageResult(copy, diagnostics);
    } catch (IllegalArgumentException e) {
      copy.close();
      throw new StageException(context.stageName(), e.getMessage(), e);
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
  }
}
