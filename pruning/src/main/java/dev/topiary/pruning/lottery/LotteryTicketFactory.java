package dev.topiary.pruning.lottery;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.PruningPreflight;
import java.util.List;

/** Creates {@value LotteryTicketSpec#TYPE} stages; the pruning module registers it. */
public final class LotteryTicketFactory implements StageFactory<LotteryTicketSpec>,
    PreflightCheck<LotteryTicketSpec> {

  /** A factory; it holds no state. */
  public LotteryTicketFactory() {}

  /** {@link LotteryTicketSpec}. */
  @Override
  public Class<LotteryTicketSpec> specType() {
    return LotteryTicketSpec.class;
  }

  /** A stage that searches a lottery ticket with {@code spec}. */
  @Override
  public Stage create(LotteryTicketSpec spec) {
    return new LotteryTicketStage(spec);
  }

  /** Checks the layer selection against the baseline's network. */
  @Override
  public List<PreflightProblem> preflight(LotteryTicketSpec spec, PreflightContext context) {
    return PruningPreflight.check(spec.toOptions(0).selection(), context.network());
  }
}
