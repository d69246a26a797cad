package dev.topiary.pipeline.run;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.Inference;
import dev.topiary.core.model.ModelHandle;

/** The predicted class of every test example: the arg-max of the model's probabilities. */
final class Predictions {

  private static final int CHUNK = 500;

  private Predictions() {}

  static int[] of(ModelHandle model, Dataset data) {
    Inference inference = model.inference();
    int classes = inference.classCount();
    int[] predicted = new int[data.rows()];
    for (int from = 0; from < data.rows(); from += CHUNK) {
      int to = Math.min(from + CHUNK, data.rows());
      float[] probabilities;
      try (Inference.Batch batch = inference.prepare(data.featureRows(from, to), to - from)) {
        probabilities = inference.probabilities(batch);
      }
      for (int row = 0; row < to - from; row++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (probabilities[row * classes + c] > probabilities[row * classes + best]) {
            best = c;
          }
        }
        predicted[from + row] = best;
      }
    }
    return predicted;
  }
}
