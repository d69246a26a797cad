package dev.topiary.quantization.stages;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.quantization.WeightGranularity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parameters of {@value #TYPE}: dynamic int8 quantization (int8 weights, activations quantized
 * per example at run time, no calibration).
 *
 * @param weights per-channel or per-tensor symmetric int8 weight scales
 * @param keepFloat layers kept in fp32, by DL4J layer name (layer0, …), DL4J index or runtime name
 * @param timingMillis milliseconds per int8-vs-fp32 timing measurement in the diagnostics, at least 1
 */
@StageDescription("Quantizes the network's weights to int8 in the Topiary runtime; activations are quantized per example at run time, without calibration.")
public record DynamicQuantizationSpec(
    @Param(value = "per-channel or per-tensor symmetric int8 weight scales", defaultValue = "per-channel")
    WeightGranularity weights,
    @Param(value = "layers kept in fp32: DL4J layer names (layer0, …), DL4J indices or runtime names (dense_3)",
        defaultValue = "[]")
    List<String> keepFloat,
    @Param(value = "milliseconds per int8-vs-fp32 timing measurement in the diagnostics, at least 1",
        defaultValue = "200")
    Integer timingMillis) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "quantize.dynamic";

  /** Fills the defaults and validates every value. */
  public DynamicQuantizationSpec {
    weights = weights == null ? WeightGranularity.PER_CHANNEL : weights;
    keepFloat = keepFloat == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(keepFloat));
    timingMillis = timingMillis == null ? 200 : timingMillis;
    if (timingMillis < 1) {
      throw new IllegalArgumentException("timingMillis must be at least 1, got " + timingMillis);
    }
  }
}
