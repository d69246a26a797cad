package dev.topiary.core.finetune;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;

/**
 * Parameters of the {@code finetune} stage, e.g.
 * {@code {type: finetune, epochs: 2, learningRate: 0.0001, batchSize: 64}}.
 *
 * @param epochs full passes over the training split, at least 1
 * @param learningRate a new learning rate for the model's updater, or null to keep its own
 * @param batchSize examples per minibatch, at least 1
 */
@StageDescription("Trains the model for a few more epochs on the training split; masked (pruned) weights stay zero.")
public record FinetuneSpec(
    @Param("Full passes over the training split, at least 1.") int epochs,
    @Param(value = "Learning rate of the model's updater while fine-tuning, positive; when left out the model "
        + "keeps its own.", optional = true) Double learningRate,
    @Param(value = "Examples per minibatch, at least 1.", defaultValue = "64") Integer batchSize) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "finetune";

  /** Validates the values and fills in the default batch size. */
  public FinetuneSpec {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
    }
    batchSize = batchSize == null ? 64 : batchSize;
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
  }
}
