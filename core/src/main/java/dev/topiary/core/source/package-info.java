/**
 * Where a recipe's models come from: {@link dev.topiary.core.source.ModelSpec} loads a DL4J model
 * file or trains a network from a {@link dev.topiary.core.source.TrainSpec} (an architecture,
 * its sizes and its training options).
 *
 * <p>This package sits above {@code model} and {@code train}, which it uses: a model handle knows
 * nothing of training, and the training loop nothing of recipes, so the two packages have no cycle.
 */
package dev.topiary.core.source;
