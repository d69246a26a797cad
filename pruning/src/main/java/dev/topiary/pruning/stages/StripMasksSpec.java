package dev.topiary.pruning.stages;

import dev.topiary.core.stage.StageDescription;

/**
 * Parameters of {@value #TYPE} (there are none): drops every mask, keeping the zeros, so that the
 * model is an ordinary network again. Put it after the last fine-tuning: later training may make
 * the pruned weights non-zero.
 */
@StageDescription("Drops the pruning masks (the pruned weights stay zero) so the model trains and saves as a plain network.")
public record StripMasksSpec() {

  /** The stage type name, the registry key. */
  public static final String TYPE = "prune.strip";
}
