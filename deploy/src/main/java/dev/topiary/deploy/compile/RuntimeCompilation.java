package dev.topiary.deploy.compile;

import dev.topiary.runtime.RuntimeModel;
import java.util.List;

/**
 * A compiled model and the compiler's choices.
 *
 * @param model the runtime model
 * @param choices one entry per layer with weights, in order
 */
public record RuntimeCompilation(RuntimeModel model, List<LayerChoice> choices) {

  /** Copies the choices. */
  public RuntimeCompilation {
    choices = List.copyOf(choices);
  }
}
