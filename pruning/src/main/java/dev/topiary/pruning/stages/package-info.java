/**
 * The {@code prune.*} recipe stages: a parameter record (the spec), a factory and a thin stage per
 * type, each calling {@link dev.topiary.pruning.Pruner} with one criterion.
 */
package dev.topiary.pruning.stages;
