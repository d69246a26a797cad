package dev.topiary.deploy.onnx;

import dev.topiary.core.io.AtomicFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * An exported ONNX model: the serialized {@code ModelProto} and what a caller needs to feed it.
 * Immutable; {@link #bytes()} returns a copy.
 */
public final class OnnxModel {

  private final byte[] bytes;
  private final int inputSize;
  private final long[] imageShape;
  private final int classCount;
  private final List<String> classNames;
  private final List<String> operators;
  private final long parameterValues;

  OnnxModel(byte[] bytes, int inputSize, long[] imageShape, int classCount, List<String> classNames,
      List<String> operators, long parameterValues) {
    this.bytes = bytes.clone();
    this.inputSize = inputSize;
    this.imageShape = imageShape.clone();
    this.classCount = classCount;
    this.classNames = List.copyOf(classNames);
    this.operators = List.copyOf(operators);
    this.parameterValues = parameterValues;
  }

  /** The serialized ONNX {@code ModelProto}, a copy. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Size of the serialized model in bytes. */
  public int sizeBytes() {
    return bytes.length;
  }

  /** The operator set version the graph uses. */
  public int opset() {
    return OnnxExporter.OPSET;
  }

  /** Features per input row: the width of {@value OnnxExporter#INPUT_NAME}. */
  public int inputSize() {
    return inputSize;
  }

  /** {@code [channels, height, width]} the graph reshapes each row to, or empty for a dense network. */
  public long[] imageShape() {
    return imageShape.clone();
  }

  /** Classes per output row: the width of {@value OnnxExporter#OUTPUT_NAME}. */
  public int classCount() {
    return classCount;
  }

  /** The class names the file carries (metadata {@value OnnxExporter#CLASS_NAMES_KEY}), or empty. */
  public List<String> classNames() {
    return classNames;
  }

  /** The graph's operator types in execution order, e.g. {@code [Gemm, Relu, Gemm, Softmax]}. */
  public List<String> operators() {
    return operators;
  }

  /** Number of float constants (weights, biases, normalisation statistics) stored in the graph. */
  public long parameterValues() {
    return parameterValues;
  }

  /**
   * Writes the model to {@code file} through a temporary file and one move, creating the folder.
   *
   * @throws IOException if the file cannot be written
   */
  public void writeTo(Path file) throws IOException {
    AtomicFileWriter.write(file, bytes);
  }

  @Override
  public String toString() {
    return "OnnxModel[opset " + OnnxExporter.OPSET + ", " + bytes.length + " bytes, input [N, " + inputSize + "]"
        + (imageShape.length == 0 ? "" : " as " + Arrays.toString(imageShape)) + ", output [N, " + classCount
        + "], " + operators + "]";
  }
}
