package dev.topiary.deploy.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain, slow interpreter of the ONNX operators the exporter writes (in double precision), used
 * by the {@code export.onnx} stage to check the file it wrote against DL4J without an ONNX
 * runtime on the classpath. It reads everything from the parsed file, not from the exporter's own
 * structures, so it checks what was written; ONNX Runtime itself checks it in the tests.
 */
final class OnnxReferenceEvaluator {

  private record Tensor(long[] shape, double[] data) {
    int size(int axis) {
      return Math.toIntExact(shape[axis]);
    }
  }

  private final GraphProto graph;
  private final Map<String, Tensor> constants = new HashMap<>();
  private final Map<String, Integer> constantTypes = new HashMap<>();

  OnnxReferenceEvaluator(ModelProto model) {
    this.graph = model.getGraph();
    for (TensorProto tensor : graph.getInitializerList()) {
      constants.put(tensor.getName(), constant(tensor));
      constantTypes.put(tensor.getName(), tensor.getDataType());
    }
  }

  /** Runs the graph on {@code rows} rows of {@code inputSize} features; the outputs row-major. */
  double[] run(float[] features, int rows, int inputSize) {
    Map<String, Tensor> values = new HashMap<>(constants);
    double[] input = new double[features.length];
    for (int k = 0; k < input.length; k++) {
      input[k] = features[k];
    }
    values.put(graph.getInput(0).getName(), new Tensor(new long[] {rows, inputSize}, input));
    for (NodeProto node : graph.getNodeList()) {
      Tensor[] inputs = new Tensor[node.getInputCount()];
      for (int k = 0; k < inputs.length; k++) {
        inputs[k] = values.get(node.getInput(k));
        if (inputs[k] == null) {
          throw new IllegalStateException("node " + node.getName() + " reads an undefined tensor " + node.getInput(k));
        }
      }
      values.put(node.getOutput(0), apply(node, inputs));
    }
    return values.get(graph.getOutput(0).getName()).data();
  }

  private Tensor apply(NodeProto node, Tensor[] in) {
    Tensor x = in[0];
    return switch (node.getOpType()) {
      case "Identity" -> x;
      case "Reshape" -> reshape(x, in[1]);
      case "Flatten" -> new Tensor(new long[] {x.shape[0], x.data.length / x.shape[0]}, x.data);
      case "Gemm" -> gemm(x, in[1], in.length > 2 ? in[2] : null, integer(node, "transB", 0) == 1);
      case "Conv" -> conv(node, x, in[1], in.length > 2 ? in[2] : null);
      case "MaxPool" -> pool(node, x, true);
      case "AveragePool" -> pool(node, x, false);
      case "BatchNormalization" -> batchNorm(x, in[1], in[2], in[3], in[4], real(node, "epsilon", 1e-5f));
      case "Sub" -> perExample(x, in[1], (a, b) -> a - b);
      case "Mul" -> perExample(x, in[1], (a, b) -> a * b);
      case "Relu" -> map(x, v -> Math.max(v, 0));
      case "LeakyRelu" -> {
        double alpha = real(node, "alpha", 0.01f);
        yield map(x, v -> v < 0 ? alpha * v : v);
      }
      case "Elu" -> {
        double alpha = real(node, "alpha", 1f);
        yield map(x, v -> v < 0 ? alpha * (Math.exp(v) - 1) : v);
      }
      case "Tanh" -> map(x, Math::tanh);
      case "Sigmoid" -> map(x, v -> 1 / (1 + Math.exp(-v)));
      case "Clip" -> map(x, v -> Math.min(Math.max(v, in[1].data[0]), in[2].data[0]));
      case "Softmax" -> softmax(x);
      case "QuantizeLinear" -> quantize(x, in[1], in[2], constantTypes.get(node.getInput(2)));
      case "DequantizeLinear" -> dequantize(node, x, in[1], in.length > 2 ? in[2] : null);
      default -> throw new IllegalStateException("the self-check does not know operator " + node.getOpType());
    };
  }

  private static Tensor reshape(Tensor x, Tensor shape) {
    long[] dims = new long[shape.data.length];
    long known = 1;
    int unknown = -1;
    for (int k = 0; k < dims.length; k++) {
      dims[k] = (long) shape.data[k];
      if (dims[k] == -1) {
        unknown = k;
      } else {
        known *= dims[k];
      }
    }
    if (unknown >= 0) {
      dims[unknown] = x.data.length / known;
    }
    return new Tensor(dims, x.data);
  }

  private static Tensor gemm(Tensor a, Tensor b, Tensor c, boolean transposedB) {
    int n = a.size(0);
    int k = a.size(1);
    int m = transposedB ? b.size(0) : b.size(1);
    double[] out = new double[n * m];
    for (int r = 0; r < n; r++) {
      for (int j = 0; j < m; j++) {
        double sum = c == null ? 0 : c.data[j];
        for (int q = 0; q < k; q++) {
          sum += a.data[r * k + q] * (transposedB ? b.data[j * k + q] : b.data[q * m + j]);
        }
        out[r * m + j] = sum;
      }
    }
    return new Tensor(new long[] {n, m}, out);
  }

  private static Tensor conv(NodeProto node, Tensor x, Tensor w, Tensor b) {
    int n = x.size(0);
    int c = x.size(1);
    int h = x.size(2);
    int wd = x.size(3);
    int o = w.size(0);
    int kh = w.size(2);
    int kw = w.size(3);
    long[] strides = ints(node, "strides", 1, 1);
    long[] pads = ints(node, "pads", 0, 0, 0, 0);
    long[] dilations = ints(node, "dilations", 1, 1);
    int oh = outSize(h, kh, strides[0], pads[0], pads[2], dilations[0]);
    int ow = outSize(wd, kw, strides[1], pads[1], pads[3], dilations[1]);
    double[] out = new double[n * o * oh * ow];
    for (int img = 0; img < n; img++) {
      for (int f = 0; f < o; f++) {
        for (int y = 0; y < oh; y++) {
          for (int z = 0; z < ow; z++) {
            double sum = b == null ? 0 : b.data[f];
            for (int ch = 0; ch < c; ch++) {
              for (int i = 0; i < kh; i++) {
                long row = y * strides[0] - pads[0] + i * dilations[0];
                if (row < 0 || row >= h) {
                  continue;
                }
                for (int j = 0; j < kw; j++) {
                  long col = z * strides[1] - pads[1] + j * dilations[1];
                  if (col < 0 || col >= wd) {
                    continue;
                  }
                  sum += x.data[(int) (((long) (img * c + ch) * h + row) * wd + col)]
                      * w.data[((f * c + ch) * kh + i) * kw + j];
                }
              }
            }
            out[((img * o + f) * oh + y) * ow + z] = sum;
          }
        }
      }
    }
    return new Tensor(new long[] {n, o, oh, ow}, out);
  }

  private static Tensor pool(NodeProto node, Tensor x, boolean max) {
    int n = x.size(0);
    int c = x.size(1);
    int h = x.size(2);
    int wd = x.size(3);
    long[] kernel = ints(node, "kernel_shape");
    long[] strides = ints(node, "strides", 1, 1);
    long[] pads = ints(node, "pads", 0, 0, 0, 0);
    long[] dilations = ints(node, "dilations", 1, 1);
    boolean includePad = !max && integer(node, "count_include_pad", 0) == 1;
    int kh = (int) kernel[0];
    int kw = (int) kernel[1];
    int oh = outSize(h, kh, strides[0], pads[0], pads[2], dilations[0]);
    int ow = outSize(wd, kw, strides[1], pads[1], pads[3], dilations[1]);
    double[] out = new double[n * c * oh * ow];
    for (int plane = 0; plane < n * c; plane++) {
      for (int y = 0; y < oh; y++) {
        for (int z = 0; z < ow; z++) {
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          int count = 0;
          for (int i = 0; i < kh; i++) {
            long row = y * strides[0] - pads[0] + i * dilations[0];
            for (int j = 0; j < kw; j++) {
              long col = z * strides[1] - pads[1] + j * dilations[1];
              boolean inside = row >= 0 && row < h && col >= 0 && col < wd;
              boolean inPadding = row >= -pads[0] && row < h + pads[2] && col >= -pads[1] && col < wd + pads[3];
              if (inside) {
                double v = x.data[(int) (((long) plane * h + row) * wd + col)];
                acc = max ? Math.max(acc, v) : acc + v;
                count++;
              } else if (includePad && inPadding) {
                count++;
              }
            }
          }
          out[(plane * oh + y) * ow + z] = max ? acc : acc / count;
        }
      }
    }
    return new Tensor(new long[] {n, c, oh, ow}, out);
  }

  private static Tensor batchNorm(Tensor x, Tensor scale, Tensor bias, Tensor mean, Tensor var, double eps) {
    int channels = x.size(1);
    int inner = x.data.length / (x.size(0) * channels);
    double[] out = new double[x.data.length];
    for (int k = 0; k < out.length; k++) {
      int ch = (k / inner) % channels;
      out[k] = (x.data[k] - mean.data[ch]) / Math.sqrt(var.data[ch] + eps) * scale.data[ch] + bias.data[ch];
    }
    return new Tensor(x.shape, out);
  }

  private static Tensor softmax(Tensor x) {
    int n = x.size(0);
    int m = x.data.length / n;
    double[] out = new double[x.data.length];
    for (int r = 0; r < n; r++) {
      double top = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < m; j++) {
        top = Math.max(top, x.data[r * m + j]);
      }
      double sum = 0;
      for (int j = 0; j < m; j++) {
        out[r * m + j] = Math.exp(x.data[r * m + j] - top);
        sum += out[r * m + j];
      }
      for (int j = 0; j < m; j++) {
        out[r * m + j] /= sum;
      }
    }
    return new Tensor(x.shape, out);
  }

  /** ONNX QuantizeLinear with a scalar scale: round half to even, add the zero point, saturate. */
  private static Tensor quantize(Tensor x, Tensor scale, Tensor zeroPoint, Integer zeroPointType) {
    boolean unsigned = zeroPointType != null && zeroPointType == TensorProto.DataType.UINT8_VALUE;
    double low = unsigned ? 0 : -128;
    double high = unsigned ? 255 : 127;
    double s = scale.data[0];
    double z = zeroPoint.data[0];
    return map(x, v -> Math.min(high, Math.max(low, Math.rint((float) (v / s)) + z)));
  }

  /** ONNX DequantizeLinear: per tensor with a scalar scale, else per slice along {@code axis}. */
  private static Tensor dequantize(NodeProto node, Tensor x, Tensor scale, Tensor zeroPoint) {
    double[] out = new double[x.data.length];
    if (scale.data.length == 1) {
      double z = zeroPoint == null ? 0 : zeroPoint.data[0];
      for (int k = 0; k < out.length; k++) {
        out[k] = (x.data[k] - z) * scale.data[0];
      }
      return new Tensor(x.shape, out);
    }
    int axis = (int) integer(node, "axis", 1);
    long inner = 1;
    for (int d = axis + 1; d < x.shape.length; d++) {
      inner *= x.shape[d];
    }
    for (int k = 0; k < out.length; k++) {
      int channel = (int) ((k / inner) % x.shape[axis]);
      double z = zeroPoint == null ? 0 : zeroPoint.data[channel];
      out[k] = (x.data[k] - z) * scale.data[channel];
    }
    return new Tensor(x.shape, out);
  }

  /** {@code x ∘ c} with a constant {@code c} of one example's shape broadcast over the batch (axis 0). */
  private static Tensor perExample(Tensor x, Tensor c, java.util.function.DoubleBinaryOperator f) {
    int width = c.data.length;
    if (width == 0 || x.data.length % width != 0 || x.data.length / width != x.shape[0]) {
      throw new IllegalStateException("a constant of " + width + " values does not broadcast over "
          + Arrays.toString(x.shape));
    }
    double[] out = new double[x.data.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = f.applyAsDouble(x.data[k], c.data[k % width]);
    }
    return new Tensor(x.shape, out);
  }

  private static Tensor map(Tensor x, java.util.function.DoubleUnaryOperator f) {
    return new Tensor(x.shape, Arrays.stream(x.data).map(f).toArray());
  }

  private static int outSize(int in, int kernel, long stride, long before, long after, long dilation) {
    long effective = (kernel - 1) * dilation + 1;
    return Math.toIntExact((in + before + after - effective) / stride + 1);
  }

  private static long[] ints(NodeProto node, String name, long... defaults) {
    for (AttributeProto attribute : node.getAttributeList()) {
      if (attribute.getName().equals(name)) {
        return attribute.getIntsList().stream().mapToLong(Long::longValue).toArray();
      }
    }
    if (defaults.length == 0) {
      throw new IllegalStateException("node " + node.getName() + " has no attribute " + name);
    }
    return defaults;
  }

  private static long integer(NodeProto node, String name, long fallback) {
    return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
        .map(AttributeProto::getI).orElse(fallback);
  }

  private static double real(NodeProto node, String name, float fallback) {
    return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
        .map(AttributeProto::getF).orElse(fallback);
  }

  private static Tensor constant(TensorProto tensor) {
    long[] dims = tensor.getDimsList().stream().mapToLong(Long::longValue).toArray();
    double[] data;
    if (tensor.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
      ByteBuffer buffer = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      data = new double[buffer.remaining() / Float.BYTES];
      for (int k = 0; k < data.length; k++) {
        data[k] = buffer.getFloat();
      }
    } else if (tensor.getDataType() == TensorProto.DataType.INT8_VALUE
        || tensor.getDataType() == TensorProto.DataType.UINT8_VALUE) {
      byte[] raw = tensor.getRawData().toByteArray();
      boolean unsigned = tensor.getDataType() == TensorProto.DataType.UINT8_VALUE;
      data = new double[raw.length];
      for (int k = 0; k < raw.length; k++) {
        data[k] = unsigned ? raw[k] & 0xff : raw[k];
      }
    } else if (tensor.getDataType() == TensorProto.DataType.INT32_VALUE) {
      ByteBuffer buffer = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      data = new double[buffer.remaining() / Integer.BYTES];
      for (int k = 0; k < data.length; k++) {
        data[k] = buffer.getInt();
      }
    } else if (tensor.getDataType() == TensorProto.DataType.INT64_VALUE) {
      List<Long> longs = tensor.getInt64DataList();
      data = longs.stream().mapToDouble(Long::doubleValue).toArray();
    } else {
      throw new IllegalStateException("initializer " + tensor.getName() + " has data type " + tensor.getDataType());
    }
    long expected = Arrays.stream(dims).reduce(1, (p, q) -> p * q);
    if (expected != data.length) {
      throw new IllegalStateException("initializer " + tensor.getName() + " has " + data.length
          + " values but dims " + Arrays.toString(dims));
    }
    return new Tensor(dims, data);
  }
}
