package dev.topiary.pipeline.cli;

import dev.topiary.core.data.DataException;
import dev.topiary.core.data.ModelInputs;
import dev.topiary.core.io.AtomicFileWriter;
import dev.topiary.core.model.Inference;
import dev.topiary.core.model.ModelFileException;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.runtime.ModelFormatException;
import dev.topiary.runtime.RuntimeModel;
import dev.topiary.core.source.ModelSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code topiary predict MODEL DATA}: classifies the rows of a CSV file with a saved model, scaling
 * them and naming the classes as the run that trained it did ({@value ModelInputs#FILE} beside the
 * model). Writes CSV: {@code row,class,probability}, one line per data row (1-based), the class by
 * its name.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Classify the rows of a CSV file with a model a run saved (model.zip or model.tpm, and the "
        + ModelInputs.FILE + " beside it); prints row,class,probability.")
final class PredictCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model file a run wrote: model.zip, or"
      + " model.tpm (a compiled or int8 runtime model, which carries the scaling itself).")
  private Path model;

  @Parameters(index = "1", paramLabel = "DATA", description = "A CSV file of rows to classify: the training"
      + " file's feature columns (by header name, any order; other columns such as the label are ignored).")
  private Path data;

  @Option(names = "--inputs", paramLabel = "FILE", description = "The " + ModelInputs.FILE
      + " to use (default: the one beside MODEL).")
  private Path inputs;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the predictions here instead of the console.")
  private Path out;

  @Override
  public Integer call() throws DataException, ModelFileException, IOException {
    Path inputsFile = inputs != null ? inputs
        : (model.toAbsolutePath().getParent() == null ? Path.of(ModelInputs.FILE)
            : model.toAbsolutePath().getParent().resolve(ModelInputs.FILE));
    if (!Files.exists(inputsFile)) {
      throw new DataException(inputsFile + ": not found; a run writes it beside model.zip when its data is a CSV"
          + " source (give another with --inputs)");
    }
    ModelInputs modelInputs = ModelInputs.read(inputsFile);
    float[] raw = modelInputs.readCsv(data);
    int count = raw.length / modelInputs.featureCount();
    float[] probabilities;
    int classes;
    if (model.getFileName() != null && model.getFileName().toString().endsWith(".tpm")) {
      // a compiled runtime model carries the data's scaling itself: it takes the raw rows
      RuntimeModel runtime;
      try {
        runtime = RuntimeModel.load(model);
      } catch (ModelFormatException e) {
        throw new ModelFileException("model file " + model + " is not a valid Topiary runtime file: " + e.getMessage(), e);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new ModelFileException("model file " + model + ": not found", e);
      }
      classes = checkShape(runtime.inputSize(), runtime.classCount(), modelInputs, inputsFile);
      probabilities = runtime.predict(raw, count);
    } else {
      float[] rows = modelInputs.scale(raw);
      try (NetworkModel network = NetworkModel.owning(ModelSpec.loadNetwork(model))) {
        Inference inference = network.inference();
        classes = checkShape(inference.inputSize(), inference.classCount(), modelInputs, inputsFile);
        try (Inference.Batch batch = inference.prepare(rows, count)) {
          probabilities = inference.probabilities(batch);
        }
      }
    }
    StringBuilder csv = new StringBuilder("row,class,probability\n");
    for (int r = 0; r < count; r++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (probabilities[r * classes + c] > probabilities[r * classes + best]) {
          best = c;
        }
      }
      csv.append(r + 1).append(',').append(AtomicFileWriter.csvField(modelInputs.className(best))).append(',')
          .append(String.format(Locale.ROOT, "%.6f", probabilities[r * classes + best])).append('\n');
    }
    if (out != null) {
      AtomicFileWriter.writeString(out, csv.toString());
    } else {
      PrintWriter console = spec.commandLine().getOut();
      console.print(csv);
      console.flush();
    }
    return TopiaryCommand.OK;
  }

  /** The model's class count, after checking its input size and class count against the inputs file. */
  private int checkShape(int inputSize, int classes, ModelInputs modelInputs, Path inputsFile)
      throws ModelFileException {
    if (inputSize != modelInputs.featureCount()) {
      throw new ModelFileException("model file " + model + " takes " + inputSize + " features, but "
          + inputsFile + " describes " + modelInputs.featureCount());
    }
    if (!modelInputs.classNames().isEmpty() && modelInputs.classNames().size() != classes) {
      throw new ModelFileException("model file " + model + " predicts " + classes + " classes, but " + inputsFile
          + " names " + modelInputs.classNames().size());
    }
    return classes;
  }
}
