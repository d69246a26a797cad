package dev.topiary.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read and rewrite access to a compiled model's layers, for tools that transform models (the int8
 * quantizer): the float parameters of every dense and convolution layer, every layer's output on
 * given inputs, a new model with chosen layers replaced by int8 ones, and the time one layer
 * takes. The model itself stays immutable; every method returns new objects.
 */
public final class ModelSurgery {

  private ModelSurgery() {}

  /**
   * The float parameters of one dense or convolution layer.
   *
   * @param index the layer's position in the model (0-based, counting every layer)
   * @param name the layer's name
   * @param type {@code dense} or {@code conv2d}
   * @param kernel the kernel it runs on now
   * @param outputs output units or channels
   * @param fanIn inputs per output: the input size for dense, {@code inC·kh·kw} for conv2d
   * @param weights {@code [outputs][fanIn]} row-major (a copy); for int8 layers, the dequantized codes
   * @param bias one value per output
   * @param activation applied to the outputs
   * @param window the convolution window, or null for dense
   * @param inputShape the shape of one input example
   * @param outputShape the shape of one output example
   */
  public record WeightedLayer(int index, String name, String type, KernelKind kernel, int outputs, int fanIn,
      float[] weights, float[] bias, Activation activation, Window window, List<Integer> inputShape,
      List<Integer> outputShape) {

    /** Copies the shapes. */
    public WeightedLayer {
      inputShape = List.copyOf(inputShape);
      outputShape = List.copyOf(outputShape);
    }

    /** True for a convolution. */
    public boolean isConvolution() {
      return window != null;
    }

    /** True if the layer computes in int8 already. */
    public boolean isInt8() {
      return kernel == KernelKind.INT8 || kernel == KernelKind.SPARSE_INT8 || kernel == KernelKind.DYNAMIC_INT8;
    }
  }

  /**
   * What replaces one dense or convolution layer: int8 weights, their scales, the calibrated
   * quantization of the layer's input, and the (possibly bias-corrected) float bias. The layer keeps
   * its shape, window and activation.
   *
   * @param inputScale the scale of the layer's 8-bit input codes
   * @param inputZeroPoint the input's zero point as a signed code in {@code [-128, 127]} (uint8
   *     zero points shifted by −128, see {@code dev.topiary.runtime.int8})
   * @param weightScales one scale per output, or one for the layer
   * @param codes int8 weights in {@code [-127, 127]}, {@code [outputs][fanIn]} row-major
   * @param bias one float per output
   * @param sparse true to store and multiply only the non-zero codes (CSR)
   * @param dynamic true to quantize each example's input with its own range at run time (then the
   *     input scale and zero point are ignored and the kernel is dense)
   */
  public record Int8Replacement(float inputScale, int inputZeroPoint, float[] weightScales, byte[] codes,
      float[] bias, boolean sparse, boolean dynamic) {

    /** Copies the arrays. */
    public Int8Replacement {
      weightScales = weightScales.clone();
      codes = codes.clone();
      bias = bias.clone();
    }

    /** A static replacement: the input quantized with the given calibrated scale and zero point. */
    public Int8Replacement(float inputScale, int inputZeroPoint, float[] weightScales, byte[] codes, float[] bias,
        boolean sparse) {
      this(inputScale, inputZeroPoint, weightScales, codes, bias, sparse, false);
    }

    /** A dynamic replacement: each example's input is quantized with its own range at run time. */
    public static Int8Replacement dynamic(float[] weightScales, byte[] codes, float[] bias) {
      return new Int8Replacement(1f, 0, weightScales, codes, bias, false, true);
    }
  }

  /**
   * The int8 arithmetic of one int8 dense or convolution layer, read from the model as it runs.
   *
   * @param inputScale the scale of the layer's 8-bit input codes (1 for a dynamic layer)
   * @param inputZeroPoint the input's zero point as a signed code in {@code [-128, 127]}: a uint8
   *     zero point minus 128 (0 for a dynamic layer)
   * @param weightScales one scale per output, or one for the layer (a copy)
   * @param codes int8 weights in {@code [-127, 127]}, {@code [outputs][fanIn]} row-major (for a
   *     convolution {@code fanIn = inC·kh·kw} in that order), expanded from sparse storage (a copy)
   * @param bias one float per output, as the layer adds it (a copy)
   * @param dynamic true if each example's input is quantized with its own range at run time
   */
  public record Int8Parameters(float inputScale, int inputZeroPoint, float[] weightScales, byte[] codes,
      float[] bias, boolean dynamic) {

    /** Copies the arrays. */
    public Int8Parameters {
      weightScales = weightScales.clone();
      codes = codes.clone();
      bias = bias.clone();
    }

    /** The arrays are copied on the way out too, so the view stays read-only. */
    @Override
    public float[] weightScales() {
      return weightScales.clone();
    }

    @Override
    public byte[] codes() {
      return codes.clone();
    }

    @Override
    public float[] bias() {
      return bias.clone();
    }
  }

  /**
   * A read-only view of one layer of a compiled model, for tools that translate models to other
   * formats (the ONNX export). Which fields are set depends on {@link #type()}:
   * {@code dense}/{@code conv2d}: {@code weighted} (float or dequantized weights, activation,
   * window) and, for int8 kernels, {@code int8}; {@code maxpool}/{@code avgpool}: {@code window}
   * and {@code countIncludesPad}; {@code activation}: {@code activation}; {@code scale}:
   * {@code offset} and {@code scale} ({@code y = (x − offset)·scale} per feature);
   * {@code flatten}: nothing. Unset fields are null (false for {@code countIncludesPad}).
   *
   * @param index the layer's position (0-based)
   * @param name the layer's name
   * @param type the layer's type, as {@link LayerInfo#type()}
   * @param kernel the kernel it runs on
   * @param inputShape one example's input shape
   * @param outputShape one example's output shape
   * @param weighted the parameters of a dense or convolution layer, else null
   * @param int8 the int8 arithmetic of an int8 dense or convolution layer, else null
   * @param activation the activation of a weighted or activation layer, else null
   * @param window the window of a convolution or pooling layer, else null
   * @param countIncludesPad for average pooling: true if the divisor is the whole window
   * @param offset the input scaling's offsets, else null
   * @param scale the input scaling's factors, else null
   */
  public record LayerView(int index, String name, String type, KernelKind kernel, List<Integer> inputShape,
      List<Integer> outputShape, WeightedLayer weighted, Int8Parameters int8, Activation activation, Window window,
      boolean countIncludesPad, float[] offset, float[] scale) {

    /** Copies the shapes and arrays. */
    public LayerView {
      inputShape = List.copyOf(inputShape);
      outputShape = List.copyOf(outputShape);
      offset = offset == null ? null : offset.clone();
      scale = scale == null ? null : scale.clone();
    }

    /** The offsets (a copy), or null. */
    @Override
    public float[] offset() {
      return offset == null ? null : offset.clone();
    }

    /** The factors (a copy), or null. */
    @Override
    public float[] scale() {
      return scale == null ? null : scale.clone();
    }
  }

  /** A read-only view of every layer of {@code model}, in order. */
  public static List<LayerView> layerViews(RuntimeModel model) {
    Map<Integer, WeightedLayer> weighted = new LinkedHashMap<>();
    for (WeightedLayer w : weightedLayers(model)) {
      weighted.put(w.index(), w);
    }
    List<Layer> layers = model.layerList();
    List<LayerView> out = new ArrayList<>(layers.size());
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      List<Integer> in = Arrays.stream(layer.inputShape()).boxed().toList();
      List<Integer> outShape = Arrays.stream(layer.outputShape()).boxed().toList();
      WeightedLayer w = weighted.get(i);
      Int8Parameters int8 = null;
      Activation activation = w == null ? null : w.activation();
      Window window = w == null ? null : w.window();
      boolean countIncludesPad = false;
      float[] offset = null;
      float[] scale = null;
      if (layer instanceof Int8DenseLayer d) {
        int8 = int8Parameters(d.weights());
      } else if (layer instanceof Int8Conv2dLayer c) {
        int8 = int8Parameters(c.weights());
      } else if (layer instanceof PoolLayer p) {
        window = p.window();
        countIncludesPad = p.countIncludesPad();
      } else if (layer instanceof ActivationLayer a) {
        activation = a.activation();
      } else if (layer instanceof ScaleLayer s) {
        offset = s.offset();
        scale = s.scale();
      }
      out.add(new LayerView(i, layer.name(), layer.type(), layer.kernel(), in, outShape, w, int8, activation, window,
          countIncludesPad, offset, scale));
    }
    return List.copyOf(out);
  }

  private static Int8Parameters int8Parameters(Int8Weights w) {
    return new Int8Parameters(w.inputScale, w.inputZeroPoint, w.weightScales, w.denseCodes(), w.bias, w.dynamic);
  }

  /** The dense and convolution layers of {@code model}, in order. */
  public static List<WeightedLayer> weightedLayers(RuntimeModel model) {
    List<WeightedLayer> out = new ArrayList<>();
    List<Layer> layers = model.layerList();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      List<Integer> in = Arrays.stream(layer.inputShape()).boxed().toList();
      List<Integer> outShape = Arrays.stream(layer.outputShape()).boxed().toList();
      if (layer instanceof DenseLayer d) {
        out.add(new WeightedLayer(i, d.name(), d.type(), d.kernel(), d.outputSize, d.inputSize, d.weightsRowMajor(),
            d.bias(), d.activation(), null, in, outShape));
      } else if (layer instanceof SparseDenseLayer d) {
        out.add(new WeightedLayer(i, d.name(), d.type(), d.kernel(), d.outputSize, d.inputSize, d.weightsRowMajor(),
            d.bias(), d.activation(), null, in, outShape));
      } else if (layer instanceof Conv2dLayer c) {
        float[] w = c.weightsRowMajor();
        int outC = c.outputShape()[0];
        out.add(new WeightedLayer(i, c.name(), c.type(), c.kernel(), outC, w.length / outC, w, c.bias(),
            c.activation(), c.window(), in, outShape));
      } else if (layer instanceof Int8DenseLayer d) {
        out.add(int8Layer(i, d, d.weights(), d.activation(), null, in, outShape));
      } else if (layer instanceof Int8Conv2dLayer c) {
        out.add(int8Layer(i, c, c.weights(), c.activation(), c.window(), in, outShape));
      }
    }
    return List.copyOf(out);
  }

  private static WeightedLayer int8Layer(int index, Layer layer, Int8Weights w, Activation activation, Window window,
      List<Integer> in, List<Integer> outShape) {
    byte[] codes = w.denseCodes();
    float[] real = new float[codes.length];
    for (int i = 0; i < codes.length; i++) {
      int o = i / w.cols;
      real[i] = codes[i] * (w.weightScales.length == 1 ? w.weightScales[0] : w.weightScales[o]);
    }
    return new WeightedLayer(index, layer.name(), layer.type(), layer.kernel(), w.rows, w.cols, real, w.bias.clone(),
        activation, window, in, outShape);
  }

  /**
   * The output of every layer for {@code rows} raw examples: element {@code i} holds layer {@code
   * i}'s outputs, {@code rows × outputSize} row-major (the input of layer {@code i} is element
   * {@code i − 1}, or the features for the first layer).
   *
   * @throws IllegalArgumentException if the number of values is not {@code rows × inputSize()}
   */
  public static List<float[]> trace(RuntimeModel model, float[] features, int rows) {
    if (rows <= 0 || features.length != (long) rows * model.inputSize()) {
      throw new IllegalArgumentException("expected " + rows + " rows of " + model.inputSize() + " features, got "
          + features.length + " values");
    }
    List<Layer> layers = model.layerList();
    Scratch scratch = new Scratch(1);
    List<float[]> outputs = new ArrayList<>(layers.size());
    float[] source = features;
    for (Layer layer : layers) {
      float[] target = new float[Math.multiplyExact(rows, layer.outputSize)];
      layer.forward(source, 0, target, 0, rows, scratch);
      outputs.add(target);
      source = target;
    }
    return outputs;
  }

  /**
   * The outputs of layer {@code index} alone for {@code rows} examples of its input ({@code rows ×
   * inputSize} values), e.g. to compare a quantized layer with its float original on the same input.
   *
   * @throws IllegalArgumentException if the index or the input size is wrong
   */
  public static float[] forwardLayer(RuntimeModel model, int index, float[] input, int rows) {
    List<Layer> layers = model.layerList();
    if (index < 0 || index >= layers.size()) {
      throw new IllegalArgumentException("layer index " + index + " is out of range [0, " + layers.size() + ")");
    }
    Layer layer = layers.get(index);
    if (rows <= 0 || input.length != (long) rows * layer.inputSize) {
      throw new IllegalArgumentException("layer " + index + " needs " + rows + " × " + layer.inputSize
          + " input values, got " + input.length);
    }
    float[] out = new float[Math.multiplyExact(rows, layer.outputSize)];
    layer.forward(input, 0, out, 0, rows, new Scratch(1));
    return out;
  }

  /**
   * A new model in which the layers at the given indices (each a dense or convolution layer) are
   * replaced by int8 layers; every other layer is shared unchanged.
   *
   * @throws IllegalArgumentException if an index is not a dense or convolution layer or a
   *     replacement does not fit its layer
   */
  public static RuntimeModel replace(RuntimeModel model, Map<Integer, Int8Replacement> replacements) {
    List<Layer> layers = new ArrayList<>(model.layerList());
    for (Map.Entry<Integer, Int8Replacement> entry : new LinkedHashMap<>(replacements).entrySet()) {
      int index = entry.getKey();
      if (index < 0 || index >= layers.size()) {
        throw new IllegalArgumentException("layer index " + index + " is out of range [0, " + layers.size() + ")");
      }
      Layer old = layers.get(index);
      Int8Replacement r = entry.getValue();
      WeightedLayer w = weightedLayers(model).stream().filter(l -> l.index() == index).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("layer " + index + " (" + old.type()
              + ") has no weights to quantize"));
      try {
        Layer replacement = r.dynamic()
            ? (w.isConvolution()
                ? Int8Conv2dLayer.dynamic(old.name(), old.inputShape(), w.outputs(), w.window(), r.weightScales(),
                    r.codes(), r.bias(), w.activation())
                : Int8DenseLayer.dynamic(old.name(), old.inputShape(), w.outputs(), r.weightScales(), r.codes(),
                    r.bias(), w.activation()))
            : w.isConvolution()
            ? new Int8Conv2dLayer(old.name(), old.inputShape(), w.outputs(), w.window(), r.inputScale(),
                r.inputZeroPoint(), r.weightScales(), r.codes(), r.bias(), w.activation(), r.sparse())
            : new Int8DenseLayer(old.name(), old.inputShape(), w.outputs(), r.inputScale(), r.inputZeroPoint(),
                r.weightScales(), r.codes(), r.bias(), w.activation(), r.sparse());
        layers.set(index, replacement);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("layer " + index + " (" + old.name() + "): " + e.getMessage(), e);
      }
    }
    return new RuntimeModel(model.inputShape(), model.classNames(), layers);
  }

  /**
   * The median time, in nanoseconds, of one forward pass of layer {@code index} over {@code rows}
   * examples of {@code input} (that layer's input, {@code rows × inputSize}), after a warm-up of
   * at least {@code warmupNanos}, from at least {@code samples} timed calls.
   *
   * @throws IllegalArgumentException if the index or the input size is wrong
   */
  public static long layerNanos(RuntimeModel model, int index, float[] input, int rows, long warmupNanos,
      int samples) {
    List<Layer> layers = model.layerList();
    if (index < 0 || index >= layers.size()) {
      throw new IllegalArgumentException("layer index " + index + " is out of range [0, " + layers.size() + ")");
    }
    Layer layer = layers.get(index);
    if (rows <= 0 || input.length < (long) rows * layer.inputSize) {
      throw new IllegalArgumentException("layer " + index + " needs " + rows + " × " + layer.inputSize
          + " input values, got " + input.length);
    }
    float[] out = new float[rows * layer.outputSize];
    Scratch work = new Scratch(1);
    long end = System.nanoTime() + warmupNanos;
    do {
      layer.forward(input, 0, out, 0, rows, work);
    } while (System.nanoTime() < end);
    long[] times = new long[Math.max(1, samples)];
    for (int s = 0; s < times.length; s++) {
      long start = System.nanoTime();
      layer.forward(input, 0, out, 0, rows, work);
      times[s] = System.nanoTime() - start;
    }
    Arrays.sort(times);
    return times[times.length / 2];
  }
}
