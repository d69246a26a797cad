package dev.topiary.core.stage;

import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.model.NetworkModel;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One step of a recipe: takes a model and returns a new one. A stage never mutates or closes its
 * input; the runner owns both handles. Stages only add their own diagnostics: the meter measures.
 */
public interface Stage {

  /** The kinds of model this stage can take; by default a trainable DL4J network. */
  default Set<ModelKind> acceptedKinds() {
    return EnumSet.of(ModelKind.DL4J_NETWORK);
  }

  /** The kind of model this stage returns for an input of the given kind; by default the same. */
  default ModelKind producedKind(ModelKind input) {
    return input;
  }

  /**
   * The other models this stage reads (a teacher, say), as its parameters name them; the recipe
   * compiler checks each before any work and the runner hands them out through
   * {@link StageContext#model(String)}. By default none.
   */
  default List<ModelReference> modelReferences() {
    return List.of();
  }

  /**
   * Applies the stage to {@code input}.
   *
   * @throws StageException if the stage fails on this model or data
   */
  StageResult apply(ModelHandle input, StageContext context) throws StageException;

  /**
   * The input as a trainable DL4J network, for stages that need one.
   *
   * @throws StageException naming the stage and the kind of model it got instead
   */
  default NetworkModel requireNetwork(ModelHandle input, StageContext context) throws StageException {
    if (input instanceof NetworkModel network) {
      return network;
    }
    throw new StageException(context.stageName(), "needs " + ModelKind.DL4J_NETWORK.description() + ", got "
        + input.kind().description());
  }
}
