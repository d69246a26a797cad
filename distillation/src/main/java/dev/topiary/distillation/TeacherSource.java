package dev.topiary.distillation;

import dev.topiary.core.model.Inference;
import dev.topiary.core.model.NetworkModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Something that gives class probabilities for feature rows: a teacher. It is borrowed, never closed. */
interface TeacherSource {

  /** Features per row. */
  int inputSize();

  /** Classes predicted. */
  int classCount();

  /** Probabilities, row-major {@code rows × classCount()}, for {@code rows} feature rows. */
  float[] probabilities(float[] features, int rows);

  /** A teacher behind Topiary's inference interface (any model kind). */
  static TeacherSource of(Inference inference) {
    return new TeacherSource() {
      @Override
      public int inputSize() {
        return inference.inputSize();
      }

      @Override
      public int classCount() {
        return inference.classCount();
      }

      @Override
      public float[] probabilities(float[] features, int rows) {
        try (Inference.Batch batch = inference.prepare(features, rows)) {
          return inference.probabilities(batch);
        }
      }
    };
  }

  /** A DL4J network, run in inference mode; the caller keeps owning it. */
  static TeacherSource of(MultiLayerNetwork network) {
    int inputSize = NetworkModel.inputSize(network);
    int classCount = NetworkModel.classCount(network);
    return new TeacherSource() {
      @Override
      public int inputSize() {
        return inputSize;
      }

      @Override
      public int classCount() {
        return classCount;
      }

      @Override
      public float[] probabilities(float[] features, int rows) {
        try (INDArray input = Nd4j.create(features, new long[] {rows, inputSize}, 'c');
            INDArray output = network.output(input, false);
            INDArray flat = output.castTo(DataType.FLOAT).dup('c')) {
          return flat.data().asFloat();
        }
      }
    };
  }
}
