package dev.topiary.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a {@link RuntimeModel} layer by layer; each layer takes the shape the previous one
 * gives. Weights are copied. Every method checks its arguments against the current shape and
 * throws {@link IllegalArgumentException} naming the layer and what is wrong.
 *
 * <pre>{@code
 * RuntimeModel model = RuntimeModel.builder(1, 28, 28)
 *     .scaleInput(0f, 1f / 255)
 *     .conv2d(6, Window.of(5, 5).pad(2, 2, 2, 2), convWeights, convBias, Activation.RELU, KernelKind.DENSE)
 *     .maxPool(Window.of(2, 2).stride(2, 2))
 *     .flatten()
 *     .dense(10, denseWeights, denseBias, Activation.SOFTMAX, KernelKind.SPARSE)
 *     .build();
 * }</pre>
 */
public final class RuntimeModelBuilder {

  private final int[] inputShape;
  private final List<Layer> layers = new ArrayList<>();
  private int[] shape;
  private List<String> classNames = List.of();

  RuntimeModelBuilder(int... inputShape) {
    if (inputShape == null || (inputShape.length != 1 && inputShape.length != 3)) {
      throw new IllegalArgumentException("input shape must be [features] or [channels, height, width], got "
          + Arrays.toString(inputShape));
    }
    Layer.size(inputShape, "input");
    this.inputShape = inputShape.clone();
    this.shape = inputShape.clone();
  }

  /**
   * Adds input scaling {@code y = (x - offset[i]) * scale[i]} per feature, e.g. a CSV source's
   * standardisation ({@code offset = mean}, {@code scale = 1 / sd}), so the model predicts from raw rows.
   */
  public RuntimeModelBuilder scaleInput(float[] offset, float[] scale) {
    requireNonNull(offset, "offset");
    requireNonNull(scale, "scale");
    return add(() -> new ScaleLayer(nextName(ScaleLayer.TYPE), shape, offset, scale));
  }

  /** Adds the same scaling for every feature, e.g. {@code scaleInput(0, 1f / 255)} for 8-bit pixels. */
  public RuntimeModelBuilder scaleInput(float offset, float scale) {
    int size = Layer.size(shape, "input");
    float[] offsets = new float[size];
    float[] scales = new float[size];
    Arrays.fill(offsets, offset);
    Arrays.fill(scales, scale);
    return scaleInput(offsets, scales);
  }

  /**
   * Adds a fully connected layer.
   *
   * @param outputs number of outputs
   * @param weights {@code [outputs][inputs]} row-major, inputs being the current flat size
   * @param bias {@code outputs} values
   * @param activation applied to the outputs
   * @param kernel {@link KernelKind#DENSE} or {@link KernelKind#SPARSE}
   */
  public RuntimeModelBuilder dense(int outputs, float[] weights, float[] bias, Activation activation,
      KernelKind kernel) {
    requireNonNull(weights, "weights");
    requireNonNull(bias, "bias");
    if (outputs < 1) {
      throw new IllegalArgumentException("layer " + layers.size() + ": dense needs at least 1 output, got " + outputs);
    }
    return add(() -> switch (requireKernel(kernel)) {
      case DENSE -> new DenseLayer(nextName(DenseLayer.TYPE), shape, outputs, weights, bias, activation);
      case SPARSE -> new SparseDenseLayer(nextName(DenseLayer.TYPE), shape, outputs, weights, bias, activation);
      default -> throw new IllegalArgumentException("dense runs on the dense or the sparse kernel, got " + kernel);
    });
  }

  /**
   * Adds a 2-D convolution over the current {@code [channels, height, width]} shape.
   *
   * @param outChannels number of output channels (filters)
   * @param window kernel size, stride and explicit padding
   * @param weights {@code [outChannels][inChannels][kernelHeight][kernelWidth]} row-major (DL4J's order)
   * @param bias {@code outChannels} values
   * @param activation applied to the outputs
   * @param kernel {@link KernelKind#DENSE} or {@link KernelKind#SPARSE}
   */
  public RuntimeModelBuilder conv2d(int outChannels, Window window, float[] weights, float[] bias,
      Activation activation, KernelKind kernel) {
    requireNonNull(weights, "weights");
    requireNonNull(bias, "bias");
    KernelKind k = requireKernel(kernel);
    return add(() -> new Conv2dLayer(nextName(Conv2dLayer.TYPE), shape, outChannels, window, weights, bias,
        activation, k));
  }

  /** Adds max pooling; padded positions never win. */
  public RuntimeModelBuilder maxPool(Window window) {
    return add(() -> new PoolLayer(nextName(PoolLayer.MAX_TYPE), shape, window, true, false));
  }

  /**
   * Adds average pooling.
   *
   * @param countIncludesPad true to divide by the whole window (DL4J's
   *     {@code avgPoolIncludePadInDivisor(true)}), false to divide by the positions inside the input (DL4J's
   *     builder default)
   */
  public RuntimeModelBuilder avgPool(Window window, boolean countIncludesPad) {
    return add(() -> new PoolLayer(nextName(PoolLayer.AVG_TYPE), shape, window, false, countIncludesPad));
  }

  /** Flattens {@code [c, h, w]} to {@code [c·h·w]} in DL4J's (channel-major) order. */
  public RuntimeModelBuilder flatten() {
    return add(() -> new FlattenLayer(nextName(FlattenLayer.TYPE), shape));
  }

  /** Adds a standalone activation. */
  public RuntimeModelBuilder activation(Activation activation) {
    return add(() -> new ActivationLayer(nextName(ActivationLayer.TYPE), shape, activation));
  }

  /** Sets the class names, one per class of the last layer (checked by {@link #build}). */
  public RuntimeModelBuilder classNames(List<String> names) {
    requireNonNull(names, "class names");
    this.classNames = List.copyOf(names);
    return this;
  }

  /** The shape the next layer takes. */
  public int[] currentShape() {
    return shape.clone();
  }

  /**
   * The model.
   *
   * @throws IllegalArgumentException if there is no layer, the last shape is not flat, or the
   *     class names do not match the class count
   */
  public RuntimeModel build() {
    return new RuntimeModel(inputShape, classNames, layers);
  }

  /** Adds a layer built by another part of the runtime (a new kernel kind, say). */
  RuntimeModelBuilder add(LayerFactory factory) {
    try {
      Layer layer = factory.create();
      layers.add(layer);
      shape = layer.outputShape();
      return this;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("layer " + layers.size() + ": " + e.getMessage(), e);
    }
  }

  /** Creates a layer for the current shape. */
  @FunctionalInterface
  interface LayerFactory {
    Layer create();
  }

  private String nextName(String type) {
    return type + "_" + layers.size();
  }

  private static KernelKind requireKernel(KernelKind kernel) {
    if (kernel == null) {
      throw new IllegalArgumentException("kernel must not be null");
    }
    return kernel;
  }

  private void requireNonNull(Object value, String what) {
    if (value == null) {
      throw new IllegalArgumentException("layer " + layers.size() + ": " + what + " must not be null");
    }
  }
}
