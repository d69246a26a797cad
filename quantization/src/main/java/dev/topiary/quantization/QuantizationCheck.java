package dev.topiary.quantization;

import dev.topiary.core.stage.PreflightProblem;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What {@link Int8Quantizer} and {@link DynamicQuantizer} would refuse in a DL4J network, found
 * without calibrating or quantizing: a layer the runtime compiler cannot compile (its index, type,
 * why, and what is supported), a network without a dense or convolution layer, and {@code
 * keepFloat} entries that name no weighted layer (with the names that are known). The quantize
 * stages run it in the recipe's pre-flight check, before the baseline is trained, on the baseline's
 * untrained architecture; the quantizers keep the same checks at run time with the same messages.
 *
 * <pre>{@code
 * for (PreflightProblem p : QuantizationCheck.check(network, List.of("layer1"))) {
 *   System.err.println(p.field() + ": " + p.message());
 * }
 * }</pre>
 */
public final class QuantizationCheck {

  private QuantizationCheck() {}

  /**
   * The problems of quantizing {@code network} (borrowed, not changed) with {@code keepFloat} in
   * fp32: one for the whole network (field {@code ""}) if it cannot be compiled or has nothing to
   * quantize; otherwise one per unknown {@code keepFloat} entry (field {@code keepFloat[i]}). The
   * network is compiled with dense fp32 kernels and no timing, which takes milliseconds.
   *
   * @param network the network to quantize, trained or not
   * @param keepFloat layers to keep in fp32: DL4J layer names, DL4J indices or runtime names
   * @return the problems, empty if there is none
   */
  public static List<PreflightProblem> check(MultiLayerNetwork network, List<String> keepFloat) {
    if (network == null) {
      throw new IllegalArgumentException("network must not be null");
    }
    FloatCompilation compiled;
    try {
      compiled = FloatCompilation.dense(network);
    } catch (IllegalArgumentException e) {
      return List.of(new PreflightProblem("", "the runtime compiler cannot compile the network, so it cannot be"
          + " quantized: " + e.getMessage()));
    }
    if (compiled.choices.isEmpty()) {
      return List.of(new PreflightProblem("", "the model has no dense or convolution layer to quantize"));
    }
    List<PreflightProblem> problems = new ArrayList<>();
    List<String> names = keepFloat == null ? List.of() : keepFloat;
    for (int i = 0; i < names.size(); i++) {
      if (!compiled.names.containsKey(names.get(i))) {
        problems.add(new PreflightProblem("keepFloat[" + i + "]", compiled.unknownLayer(names.get(i))));
      }
    }
    return problems;
  }
}
