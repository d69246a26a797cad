package dev.topiary.pipeline.cli;

import dev.topiary.core.recipe.RecipeException;
import dev.topiary.pipeline.BoundStage;
import dev.topiary.pipeline.CompiledRecipe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code topiary validate RECIPE}: every check {@code run} makes first, without running: the
 * recipe, then the pre-flight check of its files, data and baseline architecture.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Check a recipe without running it; list every problem at once.")
final class ValidateCommand implements Callable<Integer> {

  @ParentCommand
  private TopiaryCommand parent;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RECIPE", description = "The recipe file (.yaml, .yml or .json).")
  private Path recipe;

  @picocli.CommandLine.Option(names = "--allow-large", description = "Allow a sweep of more than "
      + dev.topiary.pipeline.sweep.SweepSpec.MAX_BRANCHES + " branches (up to "
      + dev.topiary.pipeline.sweep.SweepSpec.MAX_BRANCHES_ALLOWED_LARGE + ").")
  private boolean allowLarge;

  @Override
  public Integer call() throws RecipeException {
    CompiledRecipe compiled = parent.environment().compiler().compile(recipe, null, allowLarge);
    parent.environment().preflight().check(recipe, compiled);
    PrintWriter out = spec.commandLine().getOut();
    if (compiled.hasBranches()) {
      String sweep = dev.topiary.pipeline.sweep.SweepCompiler.declaresSweep(recipe, parent.environment().json())
          ? "a sweep expanding into " : "";
      out.println(recipe + ": ok, recipe '" + compiled.recipe().name() + "', seed " + compiled.recipe().seed()
          + ", " + sweep + compiled.branches().size() + (compiled.branches().size() == 1 ? " branch" : " branches"));
      compiled.branches().forEach((name, stages) -> {
        out.println("  branch " + name);
        for (BoundStage stage : stages) {
          out.println("    " + stage.folderName().substring(0, 2) + " " + stage.name() + " (" + stage.type() + ")");
        }
      });
    } else {
      out.println(recipe + ": ok, recipe '" + compiled.recipe().name() + "', seed " + compiled.recipe().seed()
          + ", " + compiled.stages().size() + (compiled.stages().size() == 1 ? " stage" : " stages"));
      for (BoundStage stage : compiled.stages()) {
        out.println("  " + stage.folderName().substring(0, 2) + " " + stage.name() + " (" + stage.type() + ")");
      }
    }
    out.flush();
    return TopiaryCommand.OK;
  }
}
