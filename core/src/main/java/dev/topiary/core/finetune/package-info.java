/**
 * The {@code finetune} stage: trains a copy of the model for a few more epochs on the training
 * split, keeping pruning masks, typically after a pruning stage to recover accuracy.
 */
package dev.topiary.core.finetune;
