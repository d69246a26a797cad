package dev.topiary.pruning.lottery;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;

/** Creates {@value LotteryTicketSpec#TYPE} stages; the pruning module registers it. */
public final class LotteryTicketFactory implements StageFactory<LotteryTicketSpec> {

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
}
