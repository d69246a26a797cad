package dev.topiary.quantization.stages;

import dev.topiary.core.BadInputException;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.io.AtomicFileWriter;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.quantization.FallbackStep;
import dev.topiary.quantization.Int8Quantizer;
import dev.topiary.quantization.Int8SpeedComparison;
import dev.topiary.quantization.LayerQuantization;
import dev.topiary.quantization.QuantizationResult;
import dev.topiary.quantization.calibration.ActivationStatistics;
import dev.topiary.quantization.calibration.Histogram;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Quantizes the input network with {@link Int8Quantizer}, calibrating on the training split,
 * and reports per layer what quantization cost, the file sizes, the agreement with the fp32
 * runtime model and the measured int8-vs-fp32 kernel speed. Writes {@code quantization.csv} (one
 * row per layer) and {@code histograms.csv} (the count of exact zeros and the non-empty calibration
 * histogram bins of each layer's input) into its
 * work folder.
 */
final class Int8QuantizationStage implements Stage {

  private final Int8QuantizationSpec spec;

  Int8QuantizationStage(Int8QuantizationSpec spec) {
    this.spec = spec;
  }

  @Override
  public ModelKind producedKind(ModelKind input) {
    return ModelKind.RUNTIME_MODEL;
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel network = requireNetwork(input, context);
    Dataset train = context.data().train();
    if (spec.calibrationExamples() > train.rows()) {
      String problem = "calibrationExamples is " + spec.calibrationExamples() + ", but the training split has only "
          + train.rows() + " rows";
      throw new StageException(context.stageName(), problem, new BadInputException(problem));
    }
    Int8Quantizer quantizer = Int8Quantizer.builder()
        .weights(spec.weights())
        .activations(spec.activations())
        .calibration(spec.calibration())
        .percentile(spec.percentile())
        .calibrationExamples(spec.calibrationExamples())
        .seed(context.seed())
        .biasCorrection(spec.biasCorrection())
        .keepFloat(spec.keepFloat())
        .kernels(spec.kernels())
        .build();
    QuantizationResult result;
    try {
      result = spec.maxAccuracyDrop() == null ? quantizer.quantize(network, train)
          : quantizer.quantize(network, train, context.data().validation(), spec.maxAccuracyDrop());
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), e.getMessage(), new BadInputException(e.getMessage(), e));
    }
    float[] timingRows = Int8Quantizer.calibrationRows(train, Math.min(64, spec.calibrationExamples()),
        context.seed());
    Int8SpeedComparison speed = Int8SpeedComparison.measure(result, timingRows, Math.min(64,
        spec.calibrationExamples()), spec.timingMillis());
    Map<String, Object> diagnostics = diagnostics(result, speed, context);
    try {
      AtomicFileWriter.writeString(context.workDirectory().resolve("quantization.csv"), layerCsv(result, speed));
      AtomicFileWriter.writeString(context.workDirectory().resolve("histograms.csv"), histogramCsv(result));
    } catch (IOException e) {
      throw new StageException(context.stageName(), "cannot write the quantization tables: " + e.getMessage(), e);
    }
    return new StageResult(DeployedModel.handle(result.model(), context), diagnostics);
  }

  private Map<String, Object> diagnostics(QuantizationResult result, Int8SpeedComparison speed,
      StageContext context) {
    Map<String, Object> d = new LinkedHashMap<>();
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("weights", spec.weights().recipeName());
    settings.put("activations", spec.activations().recipeName());
    settings.put("calibration", spec.calibration().recipeName());
    settings.put("percentile", spec.percentile());
    settings.put("calibrationExamples", result.calibrationExamples());
    settings.put("biasCorrection", spec.biasCorrection());
    settings.put("keepFloat", spec.keepFloat());
    settings.put("kernels", spec.kernels().recipeName());
    d.put("settings", settings);
    List<Map<String, Object>> layers = new ArrayList<>();
    for (int k = 0; k < result.layers().size(); k++) {
      LayerQuantization l = result.layers().get(k);
      Int8SpeedComparison.LayerSpeed s = speed.layers().get(k);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("layer", l.index());
      row.put("name", l.name());
      row.put("type", l.type());
      row.put("precision", l.precision());
      row.put("kernel", l.kernel());
      if (l.precision().equals("int8")) {
        row.put("weightScales", Map.of("count", l.weightScales(), "min", sig(l.weightScaleMin()), "max",
            sig(l.weightScaleMax())));
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("scale", sig(l.inputScale()));
        in.put("zeroPoint", l.inputZeroPoint());
        in.put("calibratedRange", List.of(sig(l.calibratedMin()), sig(l.calibratedMax())));
        in.put("observedRange", List.of(sig(l.observedMin()), sig(l.observedMax())));
        in.put("clippedFraction", sig(l.clippedFraction()));
        row.put("input", in);
        row.put("weightSparsity", round(l.weightSparsity()));
        row.put("biasShiftMax", sig(l.biasShiftMax()));
        row.put("sqnrDb", decibels(l.sqnrDb()));
        if (!Double.isNaN(l.denseInt8Micros())) {
          row.put("kernelTiming", Map.of("denseInt8Micros", round(l.denseInt8Micros()), "sparseInt8Micros",
              round(l.sparseInt8Micros())));
        }
      }
      row.put("sqnrCumulativeDb", decibels(l.sqnrCumulativeDb()));
      row.put("fp32Micros", round(s.fp32Micros()));
      row.put("int8Micros", round(s.int8Micros()));
      layers.add(row);
    }
    d.put("layers", layers);
    long fp32Bytes = DeployedModel.deployed(result.floatModel(), context).toBytes().length;
    long int8Bytes = DeployedModel.deployed(result.model(), context).toBytes().length;
    d.put("fileBytes", Map.of("fp32Runtime", fp32Bytes, "int8Runtime", int8Bytes, "ratio",
        round((double) int8Bytes / fp32Bytes)));
    Dataset test = context.data().test();
    if (test.rows() > 0) {
      d.put("testTop1AgreementWithFp32", round(agreement(result, test)));
    }
    Dataset validation = context.data().validation();
    if (validation.rows() > 0) {
      d.put("validationAccuracy", Map.of("fp32", round(Int8Quantizer.accuracy(result.floatModel(), validation)),
          "int8", round(Int8Quantizer.accuracy(result.model(), validation))));
    }
    if (spec.maxAccuracyDrop() != null) {
      Map<String, Object> fallback = new LinkedHashMap<>();
      fallback.put("maxAccuracyDrop", spec.maxAccuracyDrop());
      fallback.put("fp32Accuracy", round(result.floatAccuracy()));
      fallback.put("int8AccuracyBefore", round(result.initialAccuracy()));
      List<Map<String, Object>> steps = new ArrayList<>();
      for (FallbackStep step : result.fallback()) {
        steps.add(Map.of("layer", step.layer(), "accuracy", round(step.accuracy()), "drop", round(step.drop())));
      }
      fallback.put("steps", steps);
      d.put("fallback", fallback);
    }
    Map<String, Object> timing = new LinkedHashMap<>();
    timing.put("batch1", Map.of("fp32Micros", round(speed.batch1Fp32Micros()), "int8Micros",
        round(speed.batch1Int8Micros())));
    timing.put("batch64", Map.of("fp32Micros", round(speed.batch64Fp32Micros()), "int8Micros",
        round(speed.batch64Int8Micros())));
    timing.put("verdict", speed.verdict());
    d.put("speed", timing);
    d.put(REPORT_MARKDOWN, markdown(result, speed, d, int8Bytes, fp32Bytes));
    return d;
  }

  /** The pipeline's key for a stage's own section of {@code report.md}. */
  static final String REPORT_MARKDOWN = "reportMarkdown";

  /** The stage's section of {@code report.md}: one row per layer, the sizes, agreement and speed. */
  static String markdown(QuantizationResult result, Int8SpeedComparison speed, Map<String, Object> d, long int8Bytes,
      long fp32Bytes) {
    StringBuilder md = new StringBuilder("| layer | precision | kernel | weight scales | input scale, zero point "
        + "| calibrated range (observed) | clipped | weight zeros | SQNR dB (in network) | fp32 µs | int8 µs |\n"
        + "| :--- | :--- | :--- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int k = 0; k < result.layers().size(); k++) {
      LayerQuantization l = result.layers().get(k);
      Int8SpeedComparison.LayerSpeed s = speed.layers().get(k);
      boolean int8 = l.precision().equals("int8");
      md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f |%n",
          l.name(), l.precision(), l.kernel(),
          int8 ? String.format(Locale.ROOT, "%d in [%.3g, %.3g]", l.weightScales(), l.weightScaleMin(),
              l.weightScaleMax()) : "–",
          int8 ? String.format(Locale.ROOT, "%.4g, %d", l.inputScale(), l.inputZeroPoint()) : "–",
          int8 ? String.format(Locale.ROOT, "[%.3g, %.3g] ([%.3g, %.3g])", l.calibratedMin(), l.calibratedMax(),
              l.observedMin(), l.observedMax()) : "–",
          int8 ? String.format(Locale.ROOT, "%.3f %%", 100 * l.clippedFraction()) : "–",
          int8 ? String.format(Locale.ROOT, "%.1f %%", 100 * l.weightSparsity()) : "–",
          int8 ? String.format(Locale.ROOT, "%.1f (%.1f)", l.sqnrDb(), l.sqnrCumulativeDb())
              : String.format(Locale.ROOT, "– (%.1f)", l.sqnrCumulativeDb()),
          s.fp32Micros(), s.int8Micros()));
    }
    md.append(String.format(Locale.ROOT, "%nint8 runtime file %,d bytes against %,d for the fp32 runtime model "
        + "(×%.2f).", int8Bytes, fp32Bytes, (double) int8Bytes / fp32Bytes));
    if (d.get("testTop1AgreementWithFp32") instanceof Double agreement) {
      md.append(String.format(Locale.ROOT, " Same top-1 class as the fp32 runtime model on %.2f %% of the test split.",
          100 * agreement));
    }
    if (!result.fallback().isEmpty()) {
      md.append(" Fallback to fp32, in order:");
      for (FallbackStep step : result.fallback()) {
        md.append(String.format(Locale.ROOT, " %s (validation accuracy %.4f after it)", step.layer(), step.accuracy()));
      }
      md.append('.');
    }
    md.append(String.format(Locale.ROOT, "%n%nMeasured speed: %s.%n", speed.verdict()));
    return md.toString();
  }

  private static double agreement(QuantizationResult result, Dataset test) {
    int classes = result.model().classCount();
    int same = 0;
    for (int from = 0; from < test.rows(); from += 500) {
      int to = Math.min(test.rows(), from + 500);
      float[] rows = test.featureRows(from, to);
      float[] a = result.model().predict(rows, to - from);
      float[] b = result.floatModel().predict(rows, to - from);
      for (int r = 0; r < to - from; r++) {
        int ba = 0;
        int bb = 0;
        for (int c = 1; c < classes; c++) {
          ba = a[r * classes + c] > a[r * classes + ba] ? c : ba;
          bb = b[r * classes + c] > b[r * classes + bb] ? c : bb;
        }
        same += ba == bb ? 1 : 0;
      }
    }
    return (double) same / test.rows();
  }

  static String layerCsv(QuantizationResult result, Int8SpeedComparison speed) {
    StringBuilder csv = new StringBuilder("layer,name,type,precision,kernel,weight_scales,weight_scale_min,"
        + "weight_scale_max,input_scale,input_zero_point,observed_min,observed_max,calibrated_min,calibrated_max,"
        + "clipped_fraction,weight_sparsity,bias_shift_max,sqnr_db,sqnr_cumulative_db,fp32_micros,int8_micros\n");
    for (int k = 0; k < result.layers().size(); k++) {
      LayerQuantization l = result.layers().get(k);
      Int8SpeedComparison.LayerSpeed s = speed.layers().get(k);
      csv.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%d,%.6g,%.6g,%.6g,%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.4f,%.6g,"
          + "%.2f,%.2f,%.2f,%.2f%n", l.index(), AtomicFileWriter.csvField(l.name()), l.type(), l.precision(), l.kernel(),
          l.weightScales(), l.weightScaleMin(), l.weightScaleMax(), l.inputScale(), l.inputZeroPoint(), l.observedMin(),
          l.observedMax(), l.calibratedMin(), l.calibratedMax(), l.clippedFraction(), l.weightSparsity(),
          l.biasShiftMax(), l.sqnrDb(), l.sqnrCumulativeDb(), s.fp32Micros(), s.int8Micros()));
    }
    return csv.toString();
  }

  static String histogramCsv(QuantizationResult result) {
    StringBuilder csv = new StringBuilder("layer,side,bin,lower,upper,count\n");
    for (Map.Entry<String, ActivationStatistics> e : result.statistics().entrySet()) {
      csv.append(AtomicFileWriter.csvField(e.getKey())).append(",zero,,0,0,").append(e.getValue().zeros()).append('\n');
      appendBins(csv, e.getKey(), "positive", e.getValue().positive());
      appendBins(csv, e.getKey(), "negative", e.getValue().negative());
    }
    return csv.toString();
  }

  private static void appendBins(StringBuilder csv, String layer, String side, Histogram h) {
    for (int j = 0; j < h.bins(); j++) {
      if (h.count(j) > 0) {
        csv.append(String.format(Locale.ROOT, "%s,%s,%d,%.6g,%.6g,%d%n", AtomicFileWriter.csvField(layer), side, j,
            j * h.binWidth(), (j + 1) * h.binWidth(), h.count(j)));
      }
    }
  }

  private static Object decibels(double db) {
    return Double.isFinite(db) ? round(db) : (db > 0 ? "inf" : "-inf");
  }

  private static double round(double value) {
    return Math.round(value * 1e4) / 1e4;
  }

  private static double sig(double value) {
    return value == 0 || !Double.isFinite(value) ? value : Double.parseDouble(String.format(Locale.ROOT, "%.6g", value));
  }
}
