package dev.topiary.core.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NativeThreadsTest {

  private final int before = NativeThreads.current();

  @AfterEach
  void restore() {
    NativeThreads.use(before);
  }

  @Test
  void aThreadCountTheUserSetIsLeftAlone() {
    NativeThreads.use(2);
    assertThat(NativeThreads.useSingleNativeThread(Map.of("OMP_NUM_THREADS", "2")))
        .isEqualTo(NativeThreads.Choice.LEFT_AS_THE_USER_SET_IT);
    assertThat(NativeThreads.current()).isEqualTo(2);
  }

  @Test
  void withoutTheVariableOneThreadIsUsed() {
    NativeThreads.use(2);
    assertThat(NativeThreads.useSingleNativeThread(Map.of("OMP_NUM_THREADS", " ")))
        .isEqualTo(NativeThreads.Choice.SET_TO_ONE);
    assertThat(NativeThreads.current()).isEqualTo(1);
    NativeThreads.use(2);
    assertThat(NativeThreads.useSingleNativeThread(Map.of())).isEqualTo(NativeThreads.Choice.SET_TO_ONE);
    assertThat(NativeThreads.current()).isEqualTo(1);
  }

  @Test
  void badCountsAreRejected() {
    assertThatThrownBy(() -> NativeThreads.use(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads must be at least 1, got 0");
  }
}
