/**
 * Comparisons of several branches measured from one baseline: the {@link
 * dev.topiary.pipeline.compare.ComparisonReport} value, its JSON and Markdown writers, and the
 * reading convention ({@link dev.topiary.pipeline.compare.Ratios}) that {@code report.md},
 * {@code topiary summarize} and {@code topiary compare} share.
 */
package dev.topiary.pipeline.compare;
