package dev.topiary.pipeline.run;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.ModelInputs;
import dev.topiary.core.measure.MeterSettings;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pipeline.BoundStage;
import dev.topiary.pipeline.report.StageReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one stage loop of a plain run and of a branch: each stage in its own work folder under
 * {@code folder/stages}, its output registered in the pool and every model past its last use
 * closed, the new model measured and its row printed; then the last model of each file format
 * ({@code model.zip} beside {@code model.tpm}) and, for CSV data, {@value ModelInputs#FILE} are
 * written into {@code folder}.
 */
final class StageSequence {

  /** The final model (owned by the pool) and one report per stage, in order. */
  record Outcome(ModelHandle model, List<StageReport> reports) {}

  private final ModelMeasurer measurer;
  private final ProgressReporter progress;
  private final ConsoleTable table;

  StageSequence(ModelMeasurer measurer, ProgressReporter progress, ConsoleTable table) {
    this.measurer = measurer;
    this.progress = progress;
    this.table = table;
  }

  /**
   * Runs {@code stages} on {@code current}, which the pool already holds as {@code baseline}.
   *
   * @param baselinePredictions the baseline's test predictions for the regression figures, or null
   */
  Outcome run(List<BoundStage> stages, ModelHandle current, ModelPool pool, DataSplits data, Path baseDirectory,
      Path folder, MeterSettings measure, Metrics baseline, int[] baselinePredictions)
      throws StageException, IOException {
    List<StageReport> reports = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      BoundStage stage = stages.get(i);
      Path work = Files.createDirectories(folder.resolve("stages").resolve(stage.folderName()));
      RunStageContext context = new RunStageContext(stage.name(), stage.seed(), data, work, progress,
          baseDirectory, pool, current);
      long began = System.nanoTime();
      StageResult result = PipelineRunner.apply(stage, current, context);
      long elapsedMillis = (System.nanoTime() - began) / 1_000_000;
      ModelHandle previous = current;
      current = result.model();
      if (previous != current && !previous.fileExtension().equals(current.fileExtension())) {
        PipelineRunner.saveModel(previous, folder); // the last model of each format stays: model.zip beside model.tpm
      }
      pool.put(stage.name(), current);
      pool.release(i, current);
      Metrics metrics = measurer.measure(current, data.test(), measure);
      reports.add(new StageReport(stage.name(), stage.type(), elapsedMillis, metrics, result.diagnostics(),
          PipelineRunner.regression(measurer, current, data.test(), baselinePredictions)));
      table.row(stage.name(), metrics, baseline, elapsedMillis);
    }
    PipelineRunner.saveModel(current, folder);
    if (data.train().inputs().isPresent()) {
      // what `topiary predict` needs to use the model on new CSV rows: scaling and class names
      data.train().inputs().get().write(folder.resolve(ModelInputs.FILE));
    }
    return new Outcome(current, List.copyOf(reports));
  }
}
