package dev.topiary.deploy.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * An ONNX Runtime session over an exported model, on one intra-op and one inter-op thread, for
 * tests and benchmarks: flat rows in, flat probabilities out.
 */
final class OnnxRuntimeSession implements AutoCloseable {

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final int inputSize;

  OnnxRuntimeSession(byte[] model, int inputSize) throws OrtException {
    this.inputSize = inputSize;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      session = environment.createSession(model, options);
    }
  }

  OnnxRuntimeSession(OnnxModel model) throws OrtException {
    this(model.bytes(), model.inputSize());
  }

  /** Row-major probabilities of {@code rows} rows of features. */
  float[] run(float[] features, int rows) throws OrtException {
    try (OnnxTensor input = tensor(features, rows)) {
      return run(input);
    }
  }

  /** A prepared input tensor of {@code rows} rows, which the caller closes. */
  OnnxTensor tensor(float[] features, int rows) throws OrtException {
    return OnnxTensor.createTensor(environment, FloatBuffer.wrap(features), new long[] {rows, inputSize});
  }

  /** Runs a prepared input and returns the probabilities row-major. */
  float[] run(OnnxTensor input) throws OrtException {
    try (OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT_NAME, input))) {
      OnnxTensor output = (OnnxTensor) result.get(OnnxExporter.OUTPUT_NAME).orElseThrow();
      FloatBuffer buffer = output.getFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      return values;
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
