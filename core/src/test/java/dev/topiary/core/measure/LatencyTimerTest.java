package dev.topiary.core.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.data.Dataset;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyTimerTest {

  @Test
  void percentilesAreNearestRankInMicroseconds() {
    long[] hundred = LongStream.rangeClosed(1, 100).map(i -> i * 1000).toArray();
    assertThat(LatencyTimer.percentileMicros(hundred, 50)).isEqualTo(50.0);
    assertThat(LatencyTimer.percentileMicros(hundred, 95)).isEqualTo(95.0);
    long[] three = {1000, 2000, 9500};
    assertThat(LatencyTimer.percentileMicros(three, 50)).isEqualTo(2.0);
    assertThat(LatencyTimer.percentileMicros(three, 95)).isEqualTo(9.5);
    assertThat(LatencyTimer.percentileMicros(new long[] {1500}, 95)).isEqualTo(1.5);
  }

  @Test
  void batchesCycleThroughTheRows() {
    Dataset data = new Dataset(new float[] {1, 2, 3, 4, 5, 6}, new int[] {0, 1, 0}, 2, 2, null, List.of());
    assertThat(LatencyTimer.cyclicRows(data, 5)).containsExactly(1, 2, 3, 4, 5, 6, 1, 2, 3, 4);
    assertThat(LatencyTimer.cyclicRows(data, 1)).containsExactly(1, 2);
  }
}
