package dev.topiary.pipeline;

import dev.topiary.core.finetune.CoreModule;
import dev.topiary.deploy.DeployModule;
import dev.topiary.core.train.ConsoleProgressReporter;
import dev.topiary.pruning.PruningModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import dev.topiary.core.stage.StageBindings;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.distillation.DistillationModule;
import dev.topiary.quantization.QuantizationModule;
import java.util.List;
import java.util.Map;

/**
 * The one list of Guice modules the {@code topiary} command installs, and the one place that
 * picks the console progress display. A new technique module is added here and nowhere else.
 */
public final class TopiaryModules {

  private TopiaryModules() {}

  /** Every module whose stage types the command line offers. */
  public static List<Module> modules() {
    return List.of(
        new CoreModule(),
        new DeployModule(),
        new PruningModule(),
        new QuantizationModule(),
        new DistillationModule());
  }

  /** An injector of {@link #modules()}. */
  public static Injector injector() {
    return Guice.createInjector(modules());
  }

  /** The stage registry of {@code injector}: stage type name to factory. */
  public static Map<String, StageFactory<?>> stageRegistry(Injector injector) {
    return injector.getInstance(Key.get(StageBindings.REGISTRY_TYPE));
  }

  /** Where the command line shows the progress of long work (training, calibration). */
  public static ProgressReporter consoleProgress() {
    return new ConsoleProgressReporter();
  }
}
