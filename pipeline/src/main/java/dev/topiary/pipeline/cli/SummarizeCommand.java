package dev.topiary.pipeline.cli;

import dev.topiary.core.BadInputException;
import dev.topiary.core.io.AtomicFileWriter;
import dev.topiary.pipeline.summary.RunSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code topiary summarize RUN...}: means and spreads over several runs (seeds) of a recipe. */
@Command(name = "summarize", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Summarize several runs (e.g. one per seed): mean ± sd of accuracy and of the size and "
        + "speed ratios against each run's own baseline, as Markdown.")
final class SummarizeCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RUN", description = "Output folders of 'topiary run'.")
  private List<Path> runs;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the Markdown to this file.")
  private Path out;

  @Override
  public Integer call() throws BadInputException, IOException {
    String markdown = RunSummary.read(runs).toMarkdown();
    spec.commandLine().getOut().print(markdown);
    spec.commandLine().getOut().flush();
    if (out != null) {
      AtomicFileWriter.writeString(out, markdown);
    }
    return TopiaryCommand.OK;
  }
}
