package dev.topiary.deploy.compile;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.InputScaling;
import dev.topiary.core.model.Inference;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.deploy.RuntimeModelHandle;
import dev.topiary.runtime.RuntimeModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles the input network into a runtime model, choosing kernels as the options say (timing
 * them on rows of the validation split, or the training split if there is none), and compares the
 * runtime's probabilities with the network's on the test split.
 */
final class RuntimeCompileStage implements Stage {

  /** A larger difference from DL4J than this is a compiler bug, not rounding. */
  static final double MAX_DIFFERENCE = 1e-4;
  private static final int SAMPLE_ROWS = 64;
  private static final int COMPARE_BATCH = 500;

  private final CompileOptions options;

  RuntimeCompileStage(CompileOptions options) {
    this.options = options;
  }

  @Override
  public ModelKind producedKind(ModelKind input) {
    return ModelKind.RUNTIME_MODEL;
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel network = requireNetwork(input, context);
    Dataset sampleSource = context.data().validation().rows() > 0 ? context.data().validation()
        : context.data().train();
    Dataset sample = sampleSource.head(SAMPLE_ROWS);
    Dataset test = context.data().test();
    RuntimeCompilation compilation;
    try {
      compilation = RuntimeCompiler.compile(network, options, sample.features(), sample.rows(), test.classNames());
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), e.getMessage(), e);
    }
    RuntimeModel model = compilation.model();
    Map<String, Object> diagnostics = new LinkedHashMap<>();
    diagnostics.put("kernels", options.kernels().name().toLowerCase(Locale.ROOT));
    List<Map<String, Object>> layers = new ArrayList<>();
    for (LayerChoice choice : compilation.choices()) {
      Map<String, Object> layer = new LinkedHashMap<>();
      layer.put("layer", choice.layer());
      layer.put("source", choice.source());
      layer.put("type", choice.type());
      layer.put("weightSparsity", round(choice.weightSparsity()));
      layer.put("kernel", choice.kernel());
      if (choice.denseMicros() != null) {
        layer.put("denseMicros", round(choice.denseMicros()));
        layer.put("sparseMicros", round(choice.sparseMicros()));
      }
      layer.put("reason", choice.reason());
      layers.add(layer);
    }
    diagnostics.put("layers", layers);
    Comparison comparison = compare(network, model, test);
    diagnostics.put("comparedRows", comparison.rows);
    diagnostics.put("maxAbsDifference", comparison.maxAbsDifference);
    diagnostics.put("top1Agreement", comparison.rows == 0 ? 1.0 : (double) comparison.sameTop1 / comparison.rows);
    if (comparison.maxAbsDifference > MAX_DIFFERENCE) {
      throw new StageException(context.stageName(), String.format(Locale.ROOT, "the compiled model's probabilities "
          + "differ from the DL4J network's by up to %.3g on the test split (more than %.0e): a compiler bug",
          comparison.maxAbsDifference, MAX_DIFFERENCE));
    }
    InputScaling scaling = context.data().inputScaling();
    RuntimeModel deployed = model;
    if (scaling != null) {
      float[] divisor = scaling.divisor();
      float[] scale = new float[divisor.length];
      for (int i = 0; i < scale.length; i++) {
        scale[i] = 1f / divisor[i];
      }
      deployed = model.withInputScaling(scaling.offset(), scale);
    }
    diagnostics.put("inputScaling", scaling == null ? "none: the file takes the features as the pipeline has them"
        : "in the file: it takes raw rows");
    return new StageResult(RuntimeModelHandle.of(deployed, model), diagnostics);
  }

  private record Comparison(int rows, int sameTop1, double maxAbsDifference) {}

  /** The largest probability difference and the number of rows with the same top-1 class. */
  static Comparison compare(NetworkModel network, RuntimeModel model, Dataset test) {
    Inference dl4j = network.inference();
    int classes = model.classCount();
    double maxDifference = 0;
    int same = 0;
    for (int from = 0; from < test.rows(); from += COMPARE_BATCH) {
      int to = Math.min(test.rows(), from + COMPARE_BATCH);
      float[] rows = test.featureRows(from, to);
      float[] expected;
      try (Inference.Batch batch = dl4j.prepare(rows, to - from)) {
        expected = dl4j.probabilities(batch);
      }
      float[] actual = model.predict(rows, to - from);
      for (int r = 0; r < to - from; r++) {
        int bestExpected = 0;
        int bestActual = 0;
        for (int c = 0; c < classes; c++) {
          int k = r * classes + c;
          maxDifference = Math.max(maxDifference, Math.abs(expected[k] - actual[k]));
          if (expected[k] > expected[r * classes + bestExpected]) {
            bestExpected = c;
          }
          if (actual[k] > actual[r * classes + bestActual]) {
            bestActual = c;
          }
        }
        if (bestExpected == bestActual) {
          same++;
        }
      }
    }
    return new Comparison(test.rows(), same, maxDifference);
  }

  private static double round(double value) {
    return Math.round(value * 1e4) / 1e4;
  }
}
