package dev.topiary.pipeline.cli;

import dev.topiary.core.BadInputException;
import dev.topiary.core.stage.StageException;
import dev.topiary.pipeline.CompiledRecipe;
import dev.topiary.pipeline.compare.RecipeComparison;
import dev.topiary.pipeline.run.RunOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code topiary compare RECIPE… [--out DIR] [--force] [--no-cache] [--cache-dir DIR] [--repeat N]}:
 * runs several recipes that share data, model, declared models, measure settings and seed as
 * branches of one baseline and writes one comparison; recipes that differ are refused with the
 * field named. With {@code --repeat N} the baseline's and every branch's final batch-1 latency is
 * measured {@code N} times and the comparison shows the run-to-run range beside each ratio.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Run recipes with the same data, model, measure and seed from one baseline; write one "
        + "comparison (comparison.json, comparison.md) and a report folder per recipe.")
final class CompareCommand implements Callable<Integer> {

  @ParentCommand
  private TopiaryCommand parent;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0..*", arity = "1..*", paramLabel = "RECIPE", description = "The recipe files.")
  private List<Path> recipes;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output folder (default: runs/<names joined by _vs_>-<yyyyMMdd-HHmmss>).")
  private Path out;

  @Option(names = "--force", description = "Replace the output folder if it exists.")
  private boolean force;

  @Option(names = "--no-cache", description = "Train the baseline afresh; store nothing in the baseline cache.")
  private boolean noCache;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "The baseline cache folder.")
  private Path cacheDir;

  @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
      description = "Measure the batch-1 latency of the baseline and of every branch's final model N times and "
          + "show the run-to-run range beside each ratio (default: ${DEFAULT-VALUE}).")
  private int repeat;

  @Override
  public Integer call() throws BadInputException, StageException, IOException {
    if (repeat < 1) {
      throw new ParameterException(spec.commandLine(), "--repeat must be at least 1, got " + repeat);
    }
    CommandEnvironment environment = parent.environment();
    List<CompiledRecipe> compiled = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (Path recipe : recipes) {
      CompiledRecipe one = environment.compiler().compile(recipe);
      environment.preflight().check(recipe, one);
      compiled.add(one);
      files.add(recipe.toString());
    }
    CompiledRecipe joined = RecipeComparison.join(compiled, files, environment.json());
    dev.topiary.pipeline.run.RunResult result = environment.runner(spec.commandLine().getOut(),
        RunCommand.cache(environment, noCache, cacheDir,
        spec.commandLine().getErr())).run(joined, new RunOptions(out, force, repeat));
    return TopiaryCommand.gateExit(result, spec.commandLine().getErr());
  }
}
