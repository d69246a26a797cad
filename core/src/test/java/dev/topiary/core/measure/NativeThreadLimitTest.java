package dev.topiary.core.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

class NativeThreadLimitTest {

  @Test
  void limitsBlasOpenMpAndLibnd4jThreadsAndRestoresThem() {
    Environment environment = Nd4j.getEnvironment();
    NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
    int blas = Nd4j.factory().blas().getMaxThreads();
    int openMp = ops.ompGetMaxThreads();
    int master = environment.maxMasterThreads();
    int requested = blas == 1 ? 2 : 1;
    NativeThreadLimit limit = NativeThreadLimit.of(requested);
    try {
      assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(requested);
      assertThat(ops.ompGetMaxThreads()).isEqualTo(requested);
      assertThat(environment.maxMasterThreads()).isEqualTo(Math.min(requested, environment.maxThreads()));
    } finally {
      limit.close();
    }
    assertThat(Nd4j.factory().blas().getMaxThreads()).isEqualTo(blas);
    assertThat(ops.ompGetMaxThreads()).isEqualTo(openMp);
    assertThat(environment.maxMasterThreads()).isEqualTo(master);
  }

  @Test
  void needsAtLeastOneThread() {
    assertThatThrownBy(() -> NativeThreadLimit.of(0)).hasMessage("threads must be at least 1, got 0");
  }
}
