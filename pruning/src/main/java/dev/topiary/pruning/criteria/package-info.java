/**
 * Importance criteria: magnitude, random, Optimal Brain Damage (empirical Fisher diagonal),
 * first-order Taylor, SNIP and SynFlow. Each scores weights for {@link dev.topiary.pruning.Pruner};
 * lower scores are pruned first.
 */
package dev.topiary.pruning.criteria;
