package dev.topiary.pipeline.cli;

import dev.topiary.core.BadInputException;
import dev.topiary.core.PlainMessage;
import dev.topiary.core.stage.StageException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code topiary} command: {@code run}, {@code compare}, {@code validate}, {@code stages} and {@code summarize}.
 *
 * <p>Exit codes: 0 success; 2 bad input (a recipe, data or model file problem, an existing output
 * folder or path, a file that cannot be read or written, or a usage error); 1 a stage failed or a
 * fault in Topiary itself (the message says so and asks for a bug report with {@code --verbose}
 * output); 3 the run finished and wrote its reports, but a gate of the recipe's {@code assert:}
 * failed (each failed gate is printed with its measured value and bound). Errors print their
 * message only, without Java class names; {@code --verbose} adds the stack trace.
 */
@Command(name = "topiary", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Prune, quantize and distill DeepLearning4J models with recipes.",
    subcommands = {RunCommand.class, CompareCommand.class, ValidateCommand.class, StagesCommand.class,
        SummarizeCommand.class, PredictCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a stage failed, or an internal error", "2:bad input or usage",
        "3:the run finished, but a gate of the recipe's assert: failed (see the reports)"})
public final class TopiaryCommand implements Callable<Integer> {

  /** Success. */
  public static final int OK = 0;
  /** A stage failed, or an internal error. */
  public static final int FAILURE = 1;
  /** Bad input: recipe, data, model file, output folder, or command-line usage. */
  public static final int BAD_INPUT = 2;
  /** The run finished and wrote its reports, but a gate of the recipe's {@code assert:} failed. */
  public static final int GATE_FAILED = dev.topiary.pipeline.gate.GateCheck.EXIT_CODE;

  /** {@link #OK}, or {@link #GATE_FAILED} after printing every failed gate to {@code err}. */
  static int gateExit(dev.topiary.pipeline.run.RunResult result, PrintWriter err) {
    List<dev.topiary.pipeline.gate.GateResult> failed = result.failedGates();
    for (dev.topiary.pipeline.gate.GateResult gate : failed) {
      err.println("error: " + gate.describe());
    }
    err.flush();
    return failed.isEmpty() ? OK : GATE_FAILED;
  }

  private final CommandEnvironment environment;

  @Spec
  private CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  private boolean verbose;

  /** The command working with {@code environment}. */
  public TopiaryCommand(CommandEnvironment environment) {
    this.environment = environment;
  }

  /** Runs the command line with the standard environment and exits with its status. */
  public static void main(String[] args) {
    int code;
    try {
      code = commandLine(CommandEnvironment.standard()).execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println("error: out of memory; give Java more, e.g. TOPIARY_JAVA_OPTS=-Xmx8g, or use smaller"
          + " data (trainLimit, testLimit) or a smaller model");
      code = BAD_INPUT;
    } catch (Error e) {
      System.err.println("error: internal error (a fault in Topiary, not in your input): " + PlainMessage.of(e)
          + "; please report it with the output of the same command run with --verbose");
      if (java.util.Arrays.asList(args).contains("--verbose")) {
        e.printStackTrace();
      }
      code = FAILURE;
    }
    System.exit(code);
  }

  /** A picocli command line for {@code environment}, with Topiary's exit codes and error output. */
  public static CommandLine commandLine(CommandEnvironment environment) {
    CommandLine commandLine = new CommandLine(new TopiaryCommand(environment));
    commandLine.setExecutionExceptionHandler(TopiaryCommand::handle);
    return commandLine;
  }

  /** The environment the subcommands work with. */
  CommandEnvironment environment() {
    return environment;
  }

  /** Without a subcommand: a usage error. */
  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "Missing subcommand: run, compare, validate, stages or summarize");
  }

  private static int handle(Exception error, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    int code;
    String message;
    if (error instanceof BadInputException) {
      code = BAD_INPUT;
      message = error.getMessage();
    } else if (error instanceof StageException && error.getCause() instanceof BadInputException) {
      // a stage found the user's input unusable (too few calibration rows, an unknown layer name)
      code = BAD_INPUT;
      message = error.getMessage();
    } else if (error instanceof StageException) {
      code = FAILURE;
      message = error.getMessage() + "\n  (the checks before the run found nothing wrong with the recipe or the data;"
          + " if they are as intended, this is a fault in Topiary: please report it with the output of the same"
          + " command run with --verbose)";
    } else if (error instanceof java.io.IOException) {
      code = BAD_INPUT;
      message = "cannot read or write a file: " + PlainMessage.of(error);
    } else {
      code = FAILURE;
      message = "internal error (a fault in Topiary, not in your input): " + PlainMessage.of(error)
          + "; please report it with the output of the same command run with --verbose";
    }
    err.println(commandLine.getColorScheme().errorText("error: " + message));
    if (verbose(parseResult)) {
      error.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      if (level.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
