package dev.topiary.deploy.compile;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.deploy.compile.LayerPlan.Conv;
import dev.topiary.deploy.compile.LayerPlan.Dense;
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.RuntimeModel;
import dev.topiary.runtime.RuntimeModelBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Compiles a DL4J {@link MultiLayerNetwork} into a {@link RuntimeModel}: dense, convolution
 * (Same/Truncate/Strict), max and average pooling, batch normalisation folded into the layer
 * before it, activation and dropout layers, and DL4J's CNN-to-dense flatten order. Masked
 * (pruned) weights become zeros. Any other layer or configuration is rejected with an
 * {@link IllegalArgumentException} naming the layer's index and type and what is supported.
 *
 * <pre>{@code
 * RuntimeModel model = RuntimeCompiler.compile(network, KernelKind.DENSE);
 * model.save(Path.of("model.tpm"));
 * }</pre>
 */
public final class RuntimeCompiler {

  private RuntimeCompiler() {}

  /** Compiles {@code network} (borrowed, not changed) with {@code kernel} for every layer with weights. */
  public static RuntimeModel compile(MultiLayerNetwork network, KernelKind kernel) {
    KernelPolicy policy = switch (kernel) {
      case DENSE -> KernelPolicy.DENSE;
      case SPARSE -> KernelPolicy.SPARSE;
      default -> throw new IllegalArgumentException("kernel must be DENSE or SPARSE, got " + kernel);
    };
    return compile(network, Map.of(), CompileOptions.of(policy), null, 0, List.of()).model();
  }

  /**
   * Compiles a Topiary network, its masks applied, with {@code options}.
   *
   * @param sampleRows rows the {@link KernelPolicy#AUTO} policy times the kernels on
   *     ({@code sampleCount × inputSize}, as the model takes them); may be null for the other policies
   * @param classNames the class names the model file carries, or an empty list
   */
  public static RuntimeCompilation compile(NetworkModel model, CompileOptions options, float[] sampleRows,
      int sampleCount, List<String> classNames) {
    return compile(model.network(), model.masks(), options, sampleRows, sampleCount, classNames);
  }

  /** As {@link #compile(NetworkModel, CompileOptions, float[], int, List)} for a bare network. */
  public static RuntimeCompilation compile(MultiLayerNetwork network, CompileOptions options, float[] sampleRows,
      int sampleCount, List<String> classNames) {
    return compile(network, Map.of(), options, sampleRows, sampleCount, classNames);
  }

  private static RuntimeCompilation compile(MultiLayerNetwork network, Map<String, INDArray> masks,
      CompileOptions options, float[] sampleRows, int sampleCount, List<String> classNames) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    NetworkTranslator.Translation translation = NetworkTranslator.translate(network, masks);
    List<LayerPlan> plans = translation.plans();
    int[] inputShape = translation.inputShape();
    KernelKind[] kernels = new KernelKind[plans.size()];
    Arrays.fill(kernels, options.kernels() == KernelPolicy.SPARSE ? KernelKind.SPARSE : KernelKind.DENSE);
    List<LayerChoice> choices = new ArrayList<>();
    int inputSize = Arrays.stream(inputShape).reduce(1, (a, b) -> a * b);
    if (options.kernels() == KernelPolicy.AUTO) {
      if (sampleRows == null || sampleCount < 1 || sampleRows.length != (long) sampleCount * inputSize) {
        throw new IllegalArgumentException("kernels: auto needs sample rows to time the kernels on: at least one row "
            + "of " + inputSize + " features, got " + (sampleRows == null ? "none" : sampleRows.length + " values for "
            + sampleCount + " rows"));
      }
    }
    for (int j = 0; j < plans.size(); j++) {
      LayerPlan plan = plans.get(j);
      if (!(plan instanceof Dense || plan instanceof Conv)) {
        continue;
      }
      double sparsity = sparsity(plan.weights());
      String type = plan instanceof Dense ? "dense" : "conv2d";
      if (options.kernels() != KernelPolicy.AUTO) {
        choices.add(new LayerChoice(j, plan.source(), type, sparsity, kernels[j].label(), null, null,
            "kernels: " + options.kernels().name().toLowerCase(Locale.ROOT)));
        continue;
      }
      if (sparsity < options.sparsityThreshold()) {
        kernels[j] = KernelKind.DENSE;
        choices.add(new LayerChoice(j, plan.source(), type, sparsity, KernelKind.DENSE.label(), null, null,
            String.format(Locale.ROOT, "%.1f%% zeros, below the %.1f%% threshold", 100 * sparsity,
                100 * options.sparsityThreshold())));
        continue;
      }
      float[] layerInput = activationsBefore(j, inputShape, plans, sampleRows, sampleCount);
      int[] layerShape = shapeBefore(j, inputShape, plans);
      RuntimeModel[] candidates = {single(layerShape, plan, KernelKind.DENSE), single(layerShape, plan,
          KernelKind.SPARSE)};
      double[] micros = KernelTimer.microsPerCall(candidates, layerInput, sampleCount, options.timingMillis());
      boolean sparseWins = micros[1] < micros[0];
      kernels[j] = sparseWins ? KernelKind.SPARSE : KernelKind.DENSE;
      String reason = String.format(Locale.ROOT, "timed: %s %.2fx faster", sparseWins ? "sparse" : "dense",
          sparseWins ? micros[0] / micros[1] : micros[1] / micros[0]);
      choices.add(new LayerChoice(j, plan.source(), type, sparsity, kernels[j].label(), micros[0], micros[1], reason));
    }
    return new RuntimeCompilation(build(inputShape, plans, kernels, plans.size(), classNames), choices);
  }

  private static RuntimeModel build(int[] inputShape, List<LayerPlan> plans, KernelKind[] kernels, int count,
      List<String> classNames) {
    RuntimeModelBuilder builder = RuntimeModel.builder(inputShape);
    for (int j = 0; j < count; j++) {
      plans.get(j).addTo(builder, kernels[j]);
    }
    if (builder.currentShape().length != 1) {
      builder.flatten();
    }
    if (classNames != null && !classNames.isEmpty()) {
      builder.classNames(classNames);
    }
    return builder.build();
  }

  private static RuntimeModel single(int[] shape, LayerPlan plan, KernelKind kernel) {
    RuntimeModelBuilder builder = RuntimeModel.builder(shape);
    plan.addTo(builder, kernel);
    if (builder.currentShape().length != 1) {
      builder.flatten();
    }
    return builder.build();
  }

  private static int[] shapeBefore(int j, int[] inputShape, List<LayerPlan> plans) {
    RuntimeModelBuilder builder = RuntimeModel.builder(inputShape);
    for (int k = 0; k < j; k++) {
      plans.get(k).addTo(builder, KernelKind.DENSE);
    }
    return builder.currentShape();
  }

  /** The inputs of plan {@code j} for the sample rows, by running the plans before it. */
  private static float[] activationsBefore(int j, int[] inputShape, List<LayerPlan> plans, float[] rows, int count) {
    if (j == 0) {
      return rows;
    }
    KernelKind[] dense = new KernelKind[j];
    Arrays.fill(dense, KernelKind.DENSE);
    return build(inputShape, plans, dense, j, List.of()).predict(rows, count);
  }

  private static double sparsity(float[] weights) {
    long zeros = 0;
    for (float w : weights) {
      if (w == 0f) {
        zeros++;
      }
    }
    return weights.length == 0 ? 0 : (double) zeros / weights.length;
  }
}
