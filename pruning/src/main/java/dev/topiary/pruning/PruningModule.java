package dev.topiary.pruning;

import com.google.inject.AbstractModule;
import dev.topiary.core.stage.StageBindings;
import dev.topiary.pruning.lottery.LotteryTicketFactory;
import dev.topiary.pruning.lottery.LotteryTicketSpec;
import dev.topiary.pruning.sensitivity.SensitivityFactory;
import dev.topiary.pruning.sensitivity.SensitivitySpec;
import dev.topiary.pruning.structured.StructuredPruningFactory;
import dev.topiary.pruning.structured.StructuredPruningSpec;
import dev.topiary.pruning.schedule.GradualPruningFactory;
import dev.topiary.pruning.schedule.GradualPruningSpec;
import dev.topiary.pruning.stages.MagnitudePruningFactory;
import dev.topiary.pruning.stages.MagnitudePruningSpec;
import dev.topiary.pruning.stages.ObdPruningFactory;
import dev.topiary.pruning.stages.ObdPruningSpec;
import dev.topiary.pruning.stages.RandomPruningFactory;
import dev.topiary.pruning.stages.RandomPruningSpec;
import dev.topiary.pruning.stages.SnipPruningFactory;
import dev.topiary.pruning.stages.SnipPruningSpec;
import dev.topiary.pruning.stages.StripMasksFactory;
import dev.topiary.pruning.stages.StripMasksSpec;
import dev.topiary.pruning.stages.SynFlowPruningFactory;
import dev.topiary.pruning.stages.SynFlowPruningSpec;
import dev.topiary.pruning.stages.TaylorPruningFactory;
import dev.topiary.pruning.stages.TaylorPruningSpec;
import dev.topiary.pruning.stages.ThresholdPruningFactory;
import dev.topiary.pruning.stages.ThresholdPruningSpec;

/** Registers the pruning stage types: {@code prune.magnitude}, {@code prune.random}, … {@code prune.strip}. */
public final class PruningModule extends AbstractModule {

  /** Creates the module; it only declares bindings. */
  public PruningModule() {}

  @Override
  protected void configure() {
    StageBindings.add(binder(), MagnitudePruningSpec.TYPE, MagnitudePruningFactory.class);
    StageBindings.add(binder(), RandomPruningSpec.TYPE, RandomPruningFactory.class);
    StageBindings.add(binder(), ThresholdPruningSpec.TYPE, ThresholdPruningFactory.class);
    StageBindings.add(binder(), ObdPruningSpec.TYPE, ObdPruningFactory.class);
    StageBindings.add(binder(), TaylorPruningSpec.TYPE, TaylorPruningFactory.class);
    StageBindings.add(binder(), SnipPruningSpec.TYPE, SnipPruningFactory.class);
    StageBindings.add(binder(), SynFlowPruningSpec.TYPE, SynFlowPruningFactory.class);
    StageBindings.add(binder(), StripMasksSpec.TYPE, StripMasksFactory.class);
    StageBindings.add(binder(), StructuredPruningSpec.TYPE, StructuredPruningFactory.class);
    StageBindings.add(binder(), GradualPruningSpec.TYPE, GradualPruningFactory.class);
    StageBindings.add(binder(), LotteryTicketSpec.TYPE, LotteryTicketFactory.class);
    StageBindings.add(binder(), SensitivitySpec.TYPE, SensitivityFactory.class);
  }
}
