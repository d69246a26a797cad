package dev.topiary.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compiled classifier of the Topiary runtime: a sequence of layers (input scaling, dense,
 * conv2d, pooling, flatten, activations) with fp32 dense or sparse kernels, read from and written
 * to a {@code .tpm} file. It needs nothing but the JDK.
 *
 * <p>A model is immutable and safe to call from many threads at once: every call works in
 * buffers of its own thread. {@link #predict} takes raw rows (the model applies its own input
 * scaling) flattened channel-first for images, and returns class probabilities.
 *
 * <pre>{@code
 * RuntimeModel model = RuntimeModel.load(Path.of("model.tpm"));
 * float[] p = model.predict(row, 1);            // classCount() probabilities
 * }</pre>
 */
public final class RuntimeModel {

  /** At most this many rows go through the layers together; larger batches run in chunks. */
  private static final int CHUNK_ROWS = 64;
  /** The most floats one chunk buffer may take (chunks shrink for large layers). */
  private static final int CHUNK_VALUES = 1 << 22;

  private final int[] inputShape;
  private final int inputSize;
  private final int classCount;
  private final List<String> classNames;
  private final Layer[] layers;
  private final int chunkRows;
  private final int bufferSize;
  private final ThreadLocal<Scratch> buffers;

  RuntimeModel(int[] inputShape, List<String> classNames, List<Layer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one layer");
    }
    this.inputShape = inputShape.clone();
    this.inputSize = Layer.size(inputShape, "input");
    this.layers = layers.toArray(new Layer[0]);
    int[] shape = this.inputShape;
    int largest = inputSize;
    for (int i = 0; i < this.layers.length; i++) {
      Layer layer = this.layers[i];
      if (!Arrays.equals(layer.inputShape(), shape)) {
        throw new IllegalArgumentException("layer " + i + " (" + layer.type() + ") takes shape "
            + Layer.shapeText(layer.inputShape()) + ", but the previous layer gives " + Layer.shapeText(shape));
      }
      shape = layer.outputShape();
      largest = Math.max(largest, layer.outputSize);
    }
    if (shape.length != 1) {
      throw new IllegalArgumentException("the last layer must give one value per class, got shape "
          + Layer.shapeText(shape) + "; flatten and add a dense layer");
    }
    this.classCount = shape[0];
    if (!classNames.isEmpty() && classNames.size() != classCount) {
      throw new IllegalArgumentException("the model has " + classCount + " classes but " + classNames.size()
          + " class names");
    }
    for (String name : classNames) {
      if (name == null) {
        throw new IllegalArgumentException("class names must not be null");
      }
    }
    this.classNames = List.copyOf(classNames);
    this.chunkRows = Math.max(1, Math.min(CHUNK_ROWS, CHUNK_VALUES / largest));
    this.bufferSize = chunkRows * largest;
    this.buffers = ThreadLocal.withInitial(() -> new Scratch(bufferSize));
  }

  /** Starts a model for examples of {@code inputShape}: {@code [features]} or {@code [channels, height, width]}. */
  public static RuntimeModelBuilder builder(int... inputShape) {
    return new RuntimeModelBuilder(inputShape);
  }

  /**
   * Reads a {@code .tpm} file.
   *
   * @throws ModelFormatException if the file is not a valid runtime model (the message names the field and offset)
   * @throws IOException if the file cannot be read
   */
  public static RuntimeModel load(Path file) throws IOException {
    long size = Files.size(file);
    if (size > Integer.MAX_VALUE - 64) {
      throw new ModelFormatException("fileLength", 0, "the file has " + size + " bytes, more than a runtime model "
          + "can have (" + (Integer.MAX_VALUE - 64) + ")");
    }
    return read(Files.readAllBytes(file));
  }

  /**
   * Reads a model from the bytes of a {@code .tpm} file.
   *
   * @throws ModelFormatException if the bytes are not a valid runtime model
   */
  public static RuntimeModel read(byte[] bytes) throws ModelFormatException {
    return TpmReader.read(bytes);
  }

  /** Writes the model as a {@code .tpm} file: to a temporary file beside it, then one atomic move. */
  public void save(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path directory = absolute.getParent();
    Path temporary = Files.createTempFile(directory, "." + absolute.getFileName(), ".tmp");
    try {
      Files.write(temporary, toBytes());
      try {
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** The model as the bytes of a {@code .tpm} file. */
  public byte[] toBytes() {
    return TpmWriter.write(inputShape, classNames, Arrays.asList(layers));
  }

  /**
   * Class probabilities (the last layer's outputs) for {@code rows} raw examples.
   *
   * @param features {@code rows × inputSize()} values, row-major; images flattened channel-first
   * @return {@code rows × classCount()} values, row-major
   * @throws IllegalArgumentException if {@code rows ≤ 0} or the number of values is not {@code rows × inputSize()}
   */
  public float[] predict(float[] features, int rows) {
    if (features == null) {
      throw new IllegalArgumentException("features must not be null");
    }
    if (rows <= 0) {
      throw new IllegalArgumentException("rows must be positive, got " + rows);
    }
    long expected = (long) rows * inputSize;
    if (features.length != expected) {
      throw new IllegalArgumentException("expected " + rows + " rows of " + inputSize + " features (" + expected
          + " values), got " + features.length + " values");
    }
    if ((long) rows * classCount > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException("rows must be at most " + ((Integer.MAX_VALUE - 64) / classCount)
          + " for " + classCount + " classes, got " + rows);
    }
    float[] result = new float[rows * classCount];
    Scratch scratch = buffers.get();
    for (int start = 0; start < rows; start += chunkRows) {
      int n = Math.min(chunkRows, rows - start);
      forward(features, start * inputSize, result, start * classCount, n, scratch);
    }
    return result;
  }

  private void forward(float[] in, int inOffset, float[] result, int resultOffset, int rows, Scratch scratch) {
    int last = layers.length - 1;
    while (last > 0 && layers[last].reshapeOnly()) {
      last--;
    }
    float[] source = in;
    int sourceOffset = inOffset;
    for (int i = 0; i <= last; i++) {
      Layer layer = layers[i];
      if (layer.reshapeOnly() && i != last) {
        continue;
      }
      float[] target = i == last ? result : (source == scratch.first ? scratch.second : scratch.first);
      int targetOffset = i == last ? resultOffset : 0;
      layer.forward(source, sourceOffset, target, targetOffset, rows, scratch);
      source = target;
      sourceOffset = targetOffset;
    }
  }

  /**
   * This model with input scaling in front: raw rows are mapped by {@code (x - offset[i]) *
   * scale[i]} per feature and then run through this model's layers (shared, not copied). A
   * compiler uses it to put a data source's scaling (pixels / 255, a CSV standardisation) into the
   * file, so that the deployed model takes raw rows.
   *
   * @throws IllegalArgumentException if the arrays do not have one finite value per input feature
   */
  public RuntimeModel withInputScaling(float[] offset, float[] scale) {
    if (offset == null || scale == null) {
      throw new IllegalArgumentException("input scaling needs offsets and scales, got null");
    }
    List<Layer> scaled = new ArrayList<>(layers.length + 1);
    scaled.add(new ScaleLayer(ScaleLayer.TYPE + "_input", inputShape, offset, scale));
    scaled.addAll(Arrays.asList(layers));
    return new RuntimeModel(inputShape, classNames, scaled);
  }

  /** Number of features of one raw input row. */
  public int inputSize() {
    return inputSize;
  }

  /** The shape of one input example: {@code [features]} or {@code [channels, height, width]}. */
  public int[] inputShape() {
    return inputShape.clone();
  }

  /** Number of classes, the length of one row of {@link #predict}'s result. */
  public int classCount() {
    return classCount;
  }

  /** One name per class, or an empty list if the model has none. */
  public List<String> classNames() {
    return classNames;
  }

  /** Weights and biases of every layer (zeros of sparse kernels included). */
  public long parameterCount() {
    long count = 0;
    for (Layer layer : layers) {
      count += layer.parameterCount();
    }
    return count;
  }

  /** Weights and biases that are not exactly zero. */
  public long nonZeroParameterCount() {
    long count = 0;
    for (Layer layer : layers) {
      count += layer.nonZeroCount();
    }
    return count;
  }

  /** A description of each layer, in order. */
  public List<LayerInfo> layers() {
    List<LayerInfo> infos = new ArrayList<>(layers.length);
    for (Layer layer : layers) {
      infos.add(layer.info());
    }
    return List.copyOf(infos);
  }

  /** The layers themselves, for the builder. */
  List<Layer> layerList() {
    return List.of(layers);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("RuntimeModel[in ").append(Layer.shapeText(inputShape));
    for (Layer layer : layers) {
      text.append(" → ").append(layer.type());
      if (layer.kernel() != KernelKind.NONE) {
        text.append('/').append(layer.kernel().label());
      }
      text.append(' ').append(Layer.shapeText(layer.outputShape()));
    }
    return text.append(']').toString();
  }
}
