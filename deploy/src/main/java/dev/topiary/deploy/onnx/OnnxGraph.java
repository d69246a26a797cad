package dev.topiary.deploy.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A graph under construction: nodes in execution order and their constant inputs (initializers).
 * Tensor names are chosen by the caller and must be unique; float constants are stored as
 * little-endian raw data, as the ONNX format requires.
 */
final class OnnxGraph {

  /** The batch dimension's symbolic name in the graph's input and output. */
  static final String BATCH_DIMENSION = "N";

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final List<String> operators = new ArrayList<>();
  private long initializerValues;

  OnnxGraph(String name, String documentation) {
    graph.setName(name).setDocString(documentation);
  }

  /** Declares a float graph input or output of shape {@code [N, width]}. */
  static ValueInfoProto rowsOf(String name, long width) {
    TensorShapeProto shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIMENSION))
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
        .build();
    TypeProto type = TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder()
            .setElemType(TensorProto.DataType.FLOAT_VALUE)
            .setShape(shape))
        .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  void input(String name, long width) {
    graph.addInput(rowsOf(name, width));
  }

  void output(String name, long width) {
    graph.addOutput(rowsOf(name, width));
  }

  /** Adds a float constant of {@code dims} holding {@code values} in row-major order. */
  String floats(String name, float[] values, long... dims) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    TensorProto.Builder tensor = TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE)
        .setRawData(ByteString.copyFrom(buffer.array()));
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    graph.addInitializer(tensor);
    initializerValues += values.length;
    return name;
  }

  /** Adds an int8 constant of {@code dims} (quantized weights), row-major. */
  String int8s(String name, byte[] values, long... dims) {
    return bytes(name, TensorProto.DataType.INT8_VALUE, values, dims);
  }

  /** Adds a scalar zero point: uint8 in [0, 255] if {@code unsigned}, else int8 in [-128, 127]. */
  String zeroPoint(String name, int value, boolean unsigned) {
    return bytes(name, unsigned ? TensorProto.DataType.UINT8_VALUE : TensorProto.DataType.INT8_VALUE,
        new byte[] {(byte) value});
  }

  /** Adds an int32 constant of {@code dims} (quantized biases), row-major. */
  String int32s(String name, int[] values, long... dims) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asIntBuffer().put(values);
    return bytes(name, TensorProto.DataType.INT32_VALUE, buffer.array(), dims);
  }

  private String bytes(String name, int dataType, byte[] raw, long... dims) {
    TensorProto.Builder tensor = TensorProto.newBuilder()
        .setName(name)
        .setDataType(dataType)
        .setRawData(ByteString.copyFrom(raw));
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    graph.addInitializer(tensor);
    return name;
  }

  /** Adds a one-dimensional int64 constant (a shape for {@code Reshape}). */
  String longs(String name, long... values) {
    TensorProto.Builder tensor = TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.INT64_VALUE)
        .addDims(values.length);
    for (long value : values) {
      tensor.addInt64Data(value);
    }
    graph.addInitializer(tensor);
    return name;
  }

  /** Adds a node {@code op} named {@code name} with one output, named after the node. */
  NodeBuilder node(String op, String name, String... inputs) {
    return new NodeBuilder(op, name, inputs);
  }

  /** Operator types in node order. */
  List<String> operators() {
    return List.copyOf(operators);
  }

  /** Number of float values stored as initializers (weights, biases, statistics). */
  long initializerValues() {
    return initializerValues;
  }

  /** The name of the last node's output, or null if the graph has no node yet. */
  String lastOutput() {
    int count = graph.getNodeCount();
    return count == 0 ? null : graph.getNode(count - 1).getOutput(0);
  }

  /** Renames the last node's output (which no node reads yet). */
  void renameLastOutput(String name) {
    NodeProto.Builder last = graph.getNodeBuilder(graph.getNodeCount() - 1);
    last.setOutput(0, name);
  }

  GraphProto build() {
    return graph.build();
  }

  /** One node; {@link #add()} appends it to the graph and returns its output's name. */
  final class NodeBuilder {
    private final NodeProto.Builder node;

    private NodeBuilder(String op, String name, String... inputs) {
      node = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(name);
      for (String input : inputs) {
        node.addInput(input);
      }
    }

    NodeBuilder ints(String attribute, long... values) {
      AttributeProto.Builder a = AttributeProto.newBuilder().setName(attribute)
          .setType(AttributeProto.AttributeType.INTS);
      for (long value : values) {
        a.addInts(value);
      }
      node.addAttribute(a);
      return this;
    }

    NodeBuilder integer(String attribute, long value) {
      node.addAttribute(AttributeProto.newBuilder().setName(attribute)
          .setType(AttributeProto.AttributeType.INT).setI(value));
      return this;
    }

    NodeBuilder real(String attribute, float value) {
      node.addAttribute(AttributeProto.newBuilder().setName(attribute)
          .setType(AttributeProto.AttributeType.FLOAT).setF(value));
      return this;
    }

    String add() {
      graph.addNode(node);
      operators.add(node.getOpType());
      return node.getOutput(0);
    }
  }
}
