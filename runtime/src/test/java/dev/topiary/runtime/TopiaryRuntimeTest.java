package dev.topiary.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopiaryRuntimeTest {

  @Test
  void isJdkOnly() {
    assertThat(TopiaryRuntime.ARTIFACT_ID).isEqualTo("topiary-runtime");
    assertThat(TopiaryRuntime.dependsOnJdkOnly()).isTrue();
  }
}
