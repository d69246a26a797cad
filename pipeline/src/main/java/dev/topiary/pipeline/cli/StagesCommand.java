package dev.topiary.pipeline.cli;

import dev.topiary.core.stage.ParameterDescriptor;
import dev.topiary.core.stage.StageTypeDescriptor;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code topiary stages}: every registered stage type with its parameters. */
@Command(name = "stages", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "List every stage type with its description and parameters.")
final class StagesCommand implements Callable<Integer> {

  @ParentCommand
  private TopiaryCommand parent;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, StageTypeDescriptor> types = parent.environment().compiler().stageTypes();
    if (types.isEmpty()) {
      out.println("no stage types are registered");
    }
    boolean first = true;
    for (StageTypeDescriptor type : types.values()) {
      if (!first) {
        out.println();
      }
      first = false;
      out.println(type.type() + " — " + type.description());
      int nameWidth = type.parameters().stream().mapToInt(p -> p.name().length()).max().orElse(0);
      int typeWidth = type.parameters().stream().mapToInt(p -> p.type().length()).max().orElse(0);
      int defaultWidth = type.parameters().stream().mapToInt(p -> defaultText(p).length()).max().orElse(0);
      for (ParameterDescriptor parameter : type.parameters()) {
        out.println("  " + pad(parameter.name(), nameWidth) + "  " + pad(parameter.type(), typeWidth) + "  "
            + pad(defaultText(parameter), defaultWidth) + "  " + parameter.description());
      }
    }
    out.flush();
    return TopiaryCommand.OK;
  }

  private static String defaultText(ParameterDescriptor parameter) {
    if (parameter.required()) {
      return "required";
    }
    return parameter.defaultValue().isEmpty() ? "optional" : "default " + parameter.defaultValue();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
