package dev.topiary.pipeline.cli;

import dev.topiary.core.BadInputException;
import dev.topiary.core.stage.StageException;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.run.RunOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code topiary run RECIPE [--out DIR] [--force] [--seed N]}: checks the recipe, then runs it. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Check a recipe, then run it: baseline, every stage, report.")
final class RunCommand implements Callable<Integer> {

  @ParentCommand
  private TopiaryCommand parent;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RECIPE", description = "The recipe file (.yaml, .yml or .json).")
  private Path recipe;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output folder (default: runs/<recipe name>-<yyyyMMdd-HHmmss>).")
  private Path out;

  @Option(names = "--force", description = "Replace the output folder if it exists.")
  private boolean force;

  @Option(names = "--seed", paramLabel = "N",
      description = "Use this seed instead of the recipe's (for repeating a benchmark over several seeds).")
  private Long seed;

  @Option(names = "--no-cache", description = "Train the baseline and declared models afresh; store nothing in "
      + "the baseline cache.")
  private boolean noCache;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "The baseline cache folder (default: "
      + "$TOPIARY_CACHE, else $XDG_CACHE_HOME/topiary, else ~/.cache/topiary).")
  private Path cacheDir;

  @Option(names = "--allow-large", description = "Allow a sweep of more than "
      + dev.topiary.pipeline.sweep.SweepSpec.MAX_BRANCHES + " branches (up to "
      + dev.topiary.pipeline.sweep.SweepSpec.MAX_BRANCHES_ALLOWED_LARGE + ").")
  private boolean allowLarge;

  @Override
  public Integer call() throws BadInputException, StageException, IOException {
    CommandEnvironment environment = parent.environment();
    long started = System.currentTimeMillis();
    dev.topiary.pipeline.sweep.CompiledSweep sweep = dev.topiary.pipeline.sweep.SweepCompiler.declaresSweep(recipe,
        environment.json()) ? new dev.topiary.pipeline.sweep.SweepCompiler(environment.stageRegistry(),
        environment.json()).compile(recipe, seed, allowLarge) : null;
    CompiledRecipe compiled = sweep != null ? sweep.compiled() : environment.compiler().compile(recipe, seed);
    environment.preflight().check(recipe, compiled);
    // a sweep in-process: a failing branch is reported and the next one runs; none starts after maxWallSeconds
    RunOptions options = sweep == null ? new RunOptions(out, force) : RunOptions.tolerantUntil(out, force,
        sweep.spec().maxWallSeconds() == null ? Long.MAX_VALUE : started + 1000L * sweep.spec().maxWallSeconds());
    dev.topiary.pipeline.run.RunResult result = environment.runner(spec.commandLine().getOut(),
            cache(environment, noCache, cacheDir, spec.commandLine().getErr()))
        .run(compiled, options);
    if (sweep != null) {
      spec.commandLine().getOut().println(dev.topiary.pipeline.sweep.SweepSummary.writeInProcess(result, sweep,
          System.currentTimeMillis() - started, environment.json()));
      if (result.comparison() == null) {
        return TopiaryCommand.OK;
      }
    }
    return TopiaryCommand.gateExit(result, spec.commandLine().getErr());
  }

  /** The baseline builder of a run: the environment's, behind the cache unless {@code noCache}. */
  static dev.topiary.pipeline.run.BaselineBuilder cache(CommandEnvironment environment, boolean noCache, Path dir,
      java.io.PrintWriter warnings) {
    if (noCache) {
      return environment.baselines();
    }
    Path folder = dir != null ? dir : dev.topiary.pipeline.run.BaselineCache.defaultFolder();
    return new dev.topiary.pipeline.run.BaselineCache(folder, environment.json(), warnings)
        .builder(environment.baselines());
  }
}
