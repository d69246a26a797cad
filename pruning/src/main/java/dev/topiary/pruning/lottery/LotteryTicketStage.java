package dev.topiary.pruning.lottery;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@value LotteryTicketSpec#TYPE} stage. It retrains from scratch: θ0 is
 * {@link LotteryTicketSearch#reinitialized} from the input's configuration with the stage's seed;
 * the input's trained weights are not used, its masks are kept (they count toward every round's
 * sparsity). The control, if asked for, is initialised with the stage's seed + 1. Returns the
 * trained final ticket; the input is only read.
 */
final class LotteryTicketStage implements Stage {

  static final String NOTE = "retrained from scratch: the rounds start from a fresh initialisation of the input's "
      + "configuration (seed %d), not from the input's trained weights";

  private final LotteryTicketSpec spec;

  LotteryTicketStage(LotteryTicketSpec spec) {
    this.spec = spec;
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel network = requireNetwork(input, context);
    long seed = context.seed();
    LotteryTicketOptions options = spec.toOptions(seed);
    DataSplits data = context.data();
    LotteryTicket ticket;
    try (NetworkModel initial = LotteryTicketSearch.reinitialized(network, seed)) {
      ticket = LotteryTicketSearch.search(network, initial.network().params(), data.train(), data.validation(),
          options, context.progress());
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), e.getMessage(), e);
    }
    try {
      Map<String, Object> diagnostics = new LinkedHashMap<>();
      diagnostics.put("note", String.format(NOTE, seed));
      diagnostics.putAll(ticket.diagnostics());
      if (spec.control()) {
        try (LotteryControl control = LotteryTicketSearch.trainControl(ticket.model(), seed + 1, data.train(),
            data.validation(), options, context.progress())) {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("seed", control.seed());
          entry.put("validationAccuracy", control.validationAccuracy());
          entry.put("validationLoss", control.validationLoss());
          entry.put("trainLoss", control.trainLoss());
          diagnostics.put("control", entry);
        }
      }
      return new StageResult(ticket.model(), diagnostics);
    } catch (IllegalArgumentException e) {
      ticket.close();
      throw new StageException(context.stageName(), e.getMessage(), e);
    } catch (RuntimeException e) {
      ticket.close();
      throw e;
    }
  }
}
