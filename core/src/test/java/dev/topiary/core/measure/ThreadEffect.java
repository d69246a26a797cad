package dev.topiary.core.measure;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.testing.TinyNetworks;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Not a test: the measurement behind the README's library thread numbers. Trains a 784-300-150-10
 * MLP for 2 epochs on 6,000 synthetic examples (batch 64) with plain DL4J {@code fit}, then times
 * 300 inference calls at batch 64 and 2,000 at batch 1, after warming up. Argument {@code single}
 * calls {@link NativeThreads#useSingleNativeThread()} first; anything else leaves ND4J's defaults.
 * Run in a fresh JVM per setting (see the README for the command).
 */
public final class ThreadEffect {

  private ThreadEffect() {}

  /** Runs the measurement and prints one line. */
  public static void main(String[] args) {
    String mode = args.length > 0 ? args[0] : "default";
    if (mode.equals("single")) {
      System.out.println("useSingleNativeThread: " + NativeThreads.useSingleNativeThread());
    }
    Dataset data = TinyNetworks.blobs(1, 6000, 784, 10);
    MultiLayerNetwork network = TinyNetworks.mlp(2, 784, 300, 150, 10).network();
    DataSetIterator train = data.iterator(64, true, 3);
    network.fit(data.head(640).iterator(64, false, 0));   // warm-up: 10 updates
    long start = System.nanoTime();
    network.fit(train, 2);
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    INDArray batch64 = data.featureMatrix(0, 64);
    INDArray batch1 = data.featureMatrix(0, 1);
    for (int i = 0; i < 200; i++) {
      network.output(batch64);
      network.output(batch1);
    }
    start = System.nanoTime();
    for (int i = 0; i < 300; i++) {
      network.output(batch64);
    }
    double micros64 = (System.nanoTime() - start) / 1e3 / 300;
    start = System.nanoTime();
    for (int i = 0; i < 2000; i++) {
      network.output(batch1);
    }
    double micros1 = (System.nanoTime() - start) / 1e3 / 2000;
    System.out.printf(Locale.ROOT, "%s (OMP_NUM_THREADS=%s, blas threads %d): training 2 epochs %.1f s,"
        + " inference batch 64 %.0f µs/call, batch 1 %.0f µs/call%n", mode, System.getenv("OMP_NUM_THREADS"),
        NativeThreads.current(), trainSeconds, micros64, micros1);
  }
}
