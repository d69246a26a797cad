package dev.topiary.deploy;

import dev.topiary.core.model.Inference;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.ModelKind;
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.LayerInfo;
import dev.topiary.runtime.RuntimeModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * A compiled {@link RuntimeModel} travelling through a pipeline, of kind
 * {@link ModelKind#RUNTIME_MODEL}. The meter measures it like any model: its size is the
 * {@code .tpm} file's, its latency {@link RuntimeModel#predict}'s. It holds no native memory.
 *
 * <p>The saved model may take raw rows (it carries the data source's input scaling) while the
 * pipeline's data are already scaled: the handle then keeps both, saves the first and runs the
 * second, which has the same layers without the scaling.
 */
public final class RuntimeModelHandle implements ModelHandle {

  private final RuntimeModel model;
  private final RuntimeModel onFeatures;

  private RuntimeModelHandle(RuntimeModel model, RuntimeModel onFeatures) {
    this.model = model;
    this.onFeatures = onFeatures;
  }

  /** Wraps a model that takes the pipeline's features as they are (immutable, so nothing is copied). */
  public static RuntimeModelHandle of(RuntimeModel model) {
    return of(model, model);
  }

  /**
   * Wraps a model to save, {@code deployed} (which may scale raw rows first), and the same model on
   * the pipeline's already scaled features, {@code onFeatures}, which inference runs.
   */
  public static RuntimeModelHandle of(RuntimeModel deployed, RuntimeModel onFeatures) {
    if (deployed == null || onFeatures == null) {
      throw new IllegalArgumentException("models must not be null");
    }
    if (deployed.inputSize() != onFeatures.inputSize() || deployed.classCount() != onFeatures.classCount()) {
      throw new IllegalArgumentException("the deployed model takes " + deployed.inputSize() + " features and gives "
          + deployed.classCount() + " classes, the model on features " + onFeatures.inputSize() + " and "
          + onFeatures.classCount());
    }
    return new RuntimeModelHandle(deployed, onFeatures);
  }

  /** The runtime model as it is saved (it may scale raw rows first). */
  public RuntimeModel model() {
    return model;
  }

  /** The same model on the pipeline's (already scaled) features, which inference runs. */
  public RuntimeModel modelOnFeatures() {
    return onFeatures;
  }

  /** A new handle on the same (immutable) models, for stages that return their input unchanged. */
  public RuntimeModelHandle copy() {
    return new RuntimeModelHandle(model, onFeatures);
  }

  @Override
  public ModelKind kind() {
    return ModelKind.RUNTIME_MODEL;
  }

  @Override
  public Inference inference() {
    return new RuntimeInference(onFeatures);
  }

  @Override
  public long parameterCount() {
    return onFeatures.parameterCount();
  }

  @Override
  public long nonZeroParameterCount() {
    return onFeatures.nonZeroParameterCount();
  }

  /** Writes the {@code .tpm} file. */
  @Override
  public void save(Path file) throws IOException {
    Files.write(file, model.toBytes());
  }

  @Override
  public String fileExtension() {
    return "tpm";
  }

  /** E.g. {@code runtime: in 784 → dense/sparse 300 → dense/dense 10}. */
  @Override
  public String describe() {
    StringJoiner joiner = new StringJoiner(" → ", "runtime: ", "");
    joiner.add("in " + String.join("x", model.layers().get(0).inputShape().stream().map(String::valueOf).toList()));
    for (LayerInfo layer : model.layers()) {
      if (layer.type().equals("flatten")) {
        continue;
      }
      String shape = String.join("x", layer.outputShape().stream().map(String::valueOf).toList());
      joiner.add(layer.type() + (layer.kernel() == KernelKind.NONE ? "" : "/" + layer.kernel().label()) + " " + shape);
    }
    return joiner.toString();
  }

  /** Nothing to release: the model lives on the Java heap. */
  @Override
  public void close() {
    // no native memory
  }

  /** {@link Inference} over the runtime: a batch is the caller's rows, copied once. */
  private record RuntimeInference(RuntimeModel model) implements Inference {

    @Override
    public int inputSize() {
      return model.inputSize();
    }

    @Override
    public int classCount() {
      return model.classCount();
    }

    @Override
    public Batch prepare(float[] features, int rows) {
      if (rows <= 0 || features == null || features.length != (long) rows * model.inputSize()) {
        throw new IllegalArgumentException("expected " + rows + " rows of " + model.inputSize() + " features ("
            + ((long) rows * model.inputSize()) + " values), got " + (features == null ? "none"
            : features.length + " values"));
      }
      return new RowBatch(features.clone(), rows);
    }

    @Override
    public void forward(Batch batch) {
      RowBatch rows = (RowBatch) batch;
      model.predict(rows.features, rows.rows);
    }

    @Override
    public float[] probabilities(Batch batch) {
      RowBatch rows = (RowBatch) batch;
      return model.predict(rows.features, rows.rows);
    }
  }

  private record RowBatch(float[] features, int rows) implements Inference.Batch {
    @Override
    public void close() {
      // heap memory only
    }
  }
}
