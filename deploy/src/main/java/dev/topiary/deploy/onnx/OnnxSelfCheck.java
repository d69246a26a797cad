package dev.topiary.deploy.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.topiary.core.model.Inference;
import dev.topiary.runtime.RuntimeModel;

/**
 * The written file evaluated by {@link OnnxReferenceEvaluator} and compared with the network's
 * own probabilities on the same rows.
 *
 * @param examples rows compared
 * @param maxAbsDifference largest absolute difference of a probability
 * @param top1Agreement share of rows whose most probable class is the same
 */
record OnnxSelfCheck(int examples, double maxAbsDifference, double top1Agreement) {

  static OnnxSelfCheck run(ModelProto model, Inference network, float[] features, int rows) {
    float[] dl4j;
    try (Inference.Batch batch = network.prepare(features, rows)) {
      dl4j = network.probabilities(batch);
    }
    return compare(model, dl4j, network.classCount(), network.inputSize(), features, rows);
  }

  /** The file against a runtime model's probabilities on the same rows. */
  static OnnxSelfCheck run(ModelProto model, RuntimeModel runtime, float[] features, int rows) {
    return compare(model, runtime.predict(features, rows), runtime.classCount(), runtime.inputSize(), features,
        rows);
  }

  private static OnnxSelfCheck compare(ModelProto model, float[] dl4j, int classes, int inputSize, float[] features,
      int rows) {
    double[] onnx = new OnnxReferenceEvaluator(model).run(features, rows, inputSize);
    if (onnx.length != dl4j.length) {
      throw new IllegalStateException("the ONNX graph gives " + onnx.length + " values for " + rows
          + " rows, DL4J " + dl4j.length);
    }
    double largest = 0;
    int same = 0;
    for (int r = 0; r < rows; r++) {
      int onnxTop = 0;
      int dl4jTop = 0;
      for (int c = 0; c < classes; c++) {
        int k = r * classes + c;
        largest = Math.max(largest, Math.abs(onnx[k] - dl4j[k]));
        if (onnx[k] > onnx[r * classes + onnxTop]) {
          onnxTop = c;
        }
        if (dl4j[k] > dl4j[r * classes + dl4jTop]) {
          dl4jTop = c;
        }
      }
      if (onnxTop == dl4jTop) {
        same++;
      }
    }
    return new OnnxSelfCheck(rows, largest, (double) same / rows);
  }
}
