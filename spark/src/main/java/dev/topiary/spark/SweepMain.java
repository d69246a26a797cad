package dev.topiary.spark;

import dev.topiary.core.BadInputException;
import dev.topiary.core.PlainMessage;
import dev.topiary.pipeline.cli.CommandEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code topiary-sweep RECIPE [--master M] [--executors N] [--out DIR] [--force] [--seed N]
 * [--no-cache] [--cache-dir DIR]}: runs a recipe's sweep as Spark tasks. The main class of the
 * {@code topiary-sweep} launcher and of the application jar for {@code spark-submit}. Exit codes:
 * 0 success, 1 internal error, 2 bad input (recipe, data, output folder or master).
 */
@Command(name = "topiary-sweep", mixinStandardHelpOptions = true,
    description = "Run a recipe's sweep: its branches as Spark tasks from one baseline; write comparison.json/.md "
        + "and sweep.json/.md with the objective's pick.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:an internal error", "2:bad input (recipe, data, folder, master)"})
public final class SweepMain implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "RECIPE", description = "The recipe file with a sweep: section.")
  private Path recipe;

  @Option(names = "--master", paramLabel = "URL", description = "local[N], spark://HOST:PORT or yarn (default: "
      + "the one spark-submit set, else local[N,2]: N tasks, one per core with 1 ND4J thread each, a failed task "
      + "retried once).")
  private String master;

  @Option(names = "--executors", paramLabel = "N", description = "Executors to ask the cluster for.")
  private Integer executors;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/<name>-sweep-<time>); "
      + "on a cluster, one the driver and every executor share.")
  private Path out;

  @Option(names = "--force", description = "Replace the output folder if it exists.")
  private boolean force;

  @Option(names = "--seed", paramLabel = "N", description = "Use this seed instead of the recipe's.")
  private Long seed;

  @Option(names = "--no-cache", description = "Train the baseline afresh (into this sweep's own cache).")
  private boolean noCache;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "The baseline cache folder.")
  private Path cacheDir;

  @Option(names = "--allow-large", description = "Allow a sweep of more than "
      + dev.topiary.pipeline.sweep.SweepSpec.MAX_BRANCHES + " branches (up to "
      + dev.topiary.pipeline.sweep.SweepSpec.MAX_BRANCHES_ALLOWED_LARGE + ").")
  private boolean allowLarge;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    // Spark's own INFO lines would bury the sweep's progress (slf4j-simple; override with -D…=info)
    for (String logger : new String[] {"org.apache.spark", "org.apache.hadoop", "org.sparkproject"}) {
      System.setProperty("org.slf4j.simpleLogger.log." + logger,
          System.getProperty("org.slf4j.simpleLogger.log." + logger, "warn"));
    }
    System.exit(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args));
  }

  /** The command line writing to {@code out} and {@code err}, with the exit codes above. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new SweepMain());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler((error, line, parsed) -> {
      boolean bad = error instanceof BadInputException || error instanceof IOException
          || error instanceof IllegalArgumentException;
      line.getErr().println("error: " + (bad ? error.getMessage() : "internal error (a fault in Topiary, not in "
          + "your input): " + PlainMessage.of(error)));
      line.getErr().flush();
      return bad ? 2 : 1;
    });
    return commandLine;
  }

  @Override
  public Integer call() throws BadInputException, IOException {
    new SparkSweep(CommandEnvironment.standard(), spec.commandLine().getOut())
        .run(recipe, seed, new SweepOptions(master, executors, out, force, cacheDir, noCache, allowLarge));
    return 0;
  }
}
