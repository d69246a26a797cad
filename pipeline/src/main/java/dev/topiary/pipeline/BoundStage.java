package dev.topiary.pipeline;

import dev.topiary.core.stage.Stage;

/**
 * One stage of a compiled recipe: its parameters bound to the stage type's record and the stage
 * made from them.
 *
 * @param index 0-based position in the recipe's {@code stages:} list
 * @param name the stage's unique name
 * @param type the registered stage type
 * @param spec the validated parameter record
 * @param stage the stage, ready to apply
 * @param seed the stage's own seed (see {@link StageSeeds})
 */
public record BoundStage(int index, String name, String type, Record spec, Stage stage, long seed) {

  /** Checks the parts are present. */
  public BoundStage {
    if (name == null || type == null || spec == null || stage == null) {
      throw new IllegalArgumentException("name, type, spec and stage must not be null");
    }
  }

  /** The stage's folder in a run's output, e.g. {@code 03-prune-50}: position from 1, then name. */
  public String folderName() {
    return String.format(java.util.Locale.ROOT, "%02d-%s", index + 1, name);
  }
}
