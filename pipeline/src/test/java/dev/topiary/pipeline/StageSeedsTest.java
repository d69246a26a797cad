package dev.topiary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StageSeedsTest {

  @Test
  void equalsTheSplittableRandomSequenceOfTheRecipeSeed() {
    SplittableRandom random = new SplittableRandom(42);
    for (int index = 0; index < 5; index++) {
      assertThat(StageSeeds.derive(42, index)).isEqualTo(random.nextLong());
    }
  }

  @Test
  void rejectsNegativeIndex() {
    assertThatThrownBy(() -> StageSeeds.derive(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("index must not be negative, got -1");
  }
}
