package dev.topiary.core.measure;

import java.util.List;

/**
 * How the meter measures latency: the recipe's {@code measure:} section.
 *
 * @param batchSizes batch sizes to time, default {@code [1, 64]}
 * @param warmup untimed calls before timing each batch size, default 20
 * @param iterations timed calls per batch size, default 200
 * @param threads ND4J/OpenMP threads used while timing, default 1
 */
public record MeterSettings(List<Integer> batchSizes, Integer warmup, Integer iterations, Integer threads) {
  // TODO(helper B): validate and fill defaults
}
