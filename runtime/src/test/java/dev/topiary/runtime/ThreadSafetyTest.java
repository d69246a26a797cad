package dev.topiary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ThreadSafetyTest {

  @Test
  void eightThreadsOnOneModelGiveTheSingleThreadedResults() throws Exception {
    RuntimeModel model = Models.everyLayerKind(11);
    int[] batchSizes = {1, 3, 64, 70};
    float[][] inputs = new float[batchSizes.length][];
    float[][] expected = new float[batchSizes.length][];
    for (int i = 0; i < batchSizes.length; i++) {
      inputs[i] = Models.inputs(model, batchSizes[i], 100 + i);
      expected[i] = model.predict(inputs[i], batchSizes[i]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        Callable<Integer> task = () -> {
          start.await();
          int mismatches = 0;
          for (int n = 0; n < 200; n++) {
            int i = (thread + n) % batchSizes.length;
            float[] actual = model.predict(inputs[i], batchSizes[i]);
            if (!java.util.Arrays.equals(actual, expected[i])) {
              mismatches++;
            }
          }
          return mismatches;
        };
        results.add(pool.submit(task));
      }
      start.countDown();
      for (Future<Integer> result : results) {
        assertThat(result.get()).isZero();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
