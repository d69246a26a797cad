package dev.topiary.core.measure;

/**
 * Latency of one batch size: median and 95th percentile of the timed calls, in microseconds.
 *
 * @param batchSize rows per call
 * @param p50Micros median time of one call
 * @param p95Micros 95th percentile of one call
 * @param calls number of timed calls (after warm-up)
 */
public record LatencyStats(int batchSize, double p50Micros, double p95Micros, int calls) {}
