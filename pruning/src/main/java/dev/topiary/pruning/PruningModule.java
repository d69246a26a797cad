package dev.topiary.pruning;

import com.google.inject.AbstractModule;
import dev.topiary.core.stage.StageBindings;
import dev.topiary.pruning.lottery.LotteryTicketFactory;
import dev.topiary.pruning.lottery.LotteryTicketSpec;
import dev.topiary.pruning.schedule.GradualPruningFactory;
import dev.topiary.pruning.schedule.GradualPruningSpec;
import dev.topiary.pruning.sensitivity.SensitivityFactory;
import dev.topiary.pruning.sensitivity.SensitivitySpec;
import dev.topiary.pruning.stages.MaskCriterion;
import dev.topiary.pruning.stages.MaskPruningFactory;
import dev.topiary.pruning.stages.StripMasksSpec;
import dev.topiary.pruning.structured.StructuredPruningFactory;
import dev.topiary.pruning.structured.StructuredPruningSpec;

/**
 * Registers the pruning stage types: one mask-pruning type per {@link MaskCriterion}
 * ({@code prune.magnitude}, {@code prune.random}, {@code prune.threshold}, {@code prune.obd},
 * {@code prune.taylor}, {@code prune.snip}, {@code prune.synflow}), and {@code prune.strip},
 * {@code prune.structured}, {@code prune.gradual}, {@code prune.lottery}, {@code prune.sensitivity}.
 */
public final class PruningModule extends AbstractModule {

  /** Creates the module; it only declares bindings. */
  public PruningModule() {}

  @Override
  protected void configure() {
    for (MaskCriterion criterion : MaskCriterion.values()) {
      StageBindings.add(binder(), criterion.type(), new MaskPruningFactory(criterion));
    }
    StageBindings.add(binder(), StripMasksSpec.TYPE, StripMasksSpec.class, spec -> new StripMasksStage());
    StageBindings.add(binder(), StructuredPruningSpec.TYPE, StructuredPruningFactory.class);
    StageBindings.add(binder(), GradualPruningSpec.TYPE, GradualPruningFactory.class);
    StageBindings.add(binder(), LotteryTicketSpec.TYPE, LotteryTicketFactory.class);
    StageBindings.add(binder(), SensitivitySpec.TYPE, SensitivityFactory.class);
  }
}
