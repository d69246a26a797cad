/**
 * {@code topiary sweep} on Apache Spark: a recipe's {@code sweep:} branches run as Spark tasks from
 * one baseline that the driver builds (or takes from the baseline cache) once and ships to the
 * executors as a file ({@link dev.topiary.spark.SparkSweep}); the results land in the same
 * {@code comparison.json}/{@code comparison.md} as {@code topiary compare}, plus {@code sweep.json}
 * and {@code sweep.md} with the objective's pick. {@link dev.topiary.spark.SweepMain} is the
 * command line (the {@code topiary-sweep} launcher, or the application jar for {@code spark-submit}).
 */
package dev.topiary.spark;
