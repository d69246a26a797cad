package dev.topiary.quantization.stages;

import dev.topiary.core.BadInputException;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.quantization.DynamicQuantizer;
import dev.topiary.quantization.Int8Quantizer;
import dev.topiary.quantization.Int8SpeedComparison;
import dev.topiary.quantization.QuantizationResult;
import dev.topiary.runtime.LayerInfo;
import dev.topiary.runtime.RuntimeModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quantizes the input network dynamically with {@link DynamicQuantizer} and reports the kernels,
 * the file sizes, the agreement with the fp32 runtime model and the measured int8-vs-fp32 speed.
 */
final class DynamicQuantizationStage implements Stage {

  private final DynamicQuantizationSpec spec;

  DynamicQuantizationStage(DynamicQuantizationSpec spec) {
    this.spec = spec;
  }

  @Override
  public ModelKind producedKind(ModelKind input) {
    return ModelKind.RUNTIME_MODEL;
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel network = requireNetwork(input, context);
    RuntimeModel[] models;
    try {
      models = new DynamicQuantizer(spec.weights(), spec.keepFloat()).quantize(network);
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), e.getMessage(), new BadInputException(e.getMessage(), e));
    }
    RuntimeModel fp32 = models[0];
    RuntimeModel int8 = models[1];
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("settings", Map.of("weights", spec.weights().recipeName(), "keepFloat", spec.keepFloat(),
        "activations", "asymmetric uint8, range of each example at run time"));
    List<Map<String, Object>> layers = new ArrayList<>();
    for (LayerInfo layer : int8.layers()) {
      if (layer.parameterCount() > 0) {
        layers.add(Map.of("name", layer.name(), "type", layer.type(), "kernel", layer.kernel().label()));
      }
    }
    d.put("layers", layers);
    long fp32Bytes = DeployedModel.deployed(fp32, context).toBytes().length;
    long int8Bytes = DeployedModel.deployed(int8, context).toBytes().length;
    d.put("fileBytes", Map.of("fp32Runtime", fp32Bytes, "int8Runtime", int8Bytes, "ratio",
        Math.round(1e4 * int8Bytes / fp32Bytes) / 1e4));
    Dataset validation = context.data().validation();
    if (validation.rows() > 0) {
      d.put("validationAccuracy", Map.of("fp32", Int8Quantizer.accuracy(fp32, validation), "int8",
          Int8Quantizer.accuracy(int8, validation)));
    }
    Dataset sample = context.data().train().rows() > 0 ? context.data().train() : validation;
    if (sample.rows() > 0) {
      int rows = Math.min(64, sample.rows());
      QuantizationResult pair = new QuantizationResult(int8, fp32, List.of(), Map.of(), 0, Double.NaN, Double.NaN,
          List.of());
      Int8SpeedComparison speed = Int8SpeedComparison.measure(pair, sample.featureRows(0, rows), rows,
          spec.timingMillis());
      d.put("speed", Map.of("batch1", Map.of("fp32Micros", speed.batch1Fp32Micros(), "int8Micros",
          speed.batch1Int8Micros()), "batch64", Map.of("fp32Micros", speed.batch64Fp32Micros(), "int8Micros",
          speed.batch64Int8Micros()), "verdict", speed.verdict()));
      d.put(Int8QuantizationStage.REPORT_MARKDOWN, String.format(java.util.Locale.ROOT, "int8 runtime file %,d bytes "
          + "against %,d for the fp32 runtime model; activations quantized per example at run time.%n%n"
          + "Measured speed: %s.%n", int8Bytes, fp32Bytes, speed.verdict()));
    }
    return new StageResult(DeployedModel.handle(int8, context), d);
  }
}
