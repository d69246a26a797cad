package dev.topiary.core.stage;

import dev.topiary.core.model.ModelKind;
import java.util.EnumSet;
import java.util.Set;

/**
 * A stage parameter that names another model of the recipe, so the recipe compiler can check it
 * before any work and the runner can keep the model open until its last use.
 *
 * <p>A reference is {@code @baseline} (the recipe's {@code model:}), {@code @input} (the model
 * coming into the stage), {@code @<name>} (a model declared under {@code models:}) or
 * {@code @<stage-name>} (the output of an earlier stage). A stage borrows the model through
 * {@link StageContext#model(String)} and never closes it.
 *
 * @param field the parameter's path inside the stage, e.g. {@code teacher} or {@code teacher[1]}
 * @param reference the reference as written, with its {@code @}
 * @param acceptedKinds the kinds of model that can serve in this role (a teacher: any kind)
 */
public record ModelReference(String field, String reference, Set<ModelKind> acceptedKinds) {

  /** The recipe's baseline model. */
  public static final String BASELINE = "@baseline";

  /** The model coming into the stage. */
  public static final String INPUT = "@input";

  /** Validates the reference's form and copies the kinds. */
  public ModelReference {
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException("field must not be blank");
    }
    if (!isReference(reference)) {
      throw new IllegalArgumentException(field + ": a model reference is '@' and a name (@baseline, @input, "
          + "@<model name>, @<stage name>), got '" + reference + "'");
    }
    if (acceptedKinds == null || acceptedKinds.isEmpty()) {
      throw new IllegalArgumentException("acceptedKinds must not be empty");
    }
    acceptedKinds = Set.copyOf(acceptedKinds);
  }

  /** A reference that any kind of model can serve (every model has {@code Inference}). */
  public static ModelReference anyKind(String field, String reference) {
    return new ModelReference(field, reference, EnumSet.allOf(ModelKind.class));
  }

  /** True if {@code text} has the form of a reference: {@code @} then a recipe name. */
  public static boolean isReference(String text) {
    return text != null && text.matches("@[A-Za-z0-9][A-Za-z0-9._-]*");
  }

  /** The name without its {@code @}. */
  public String name() {
    return reference.substring(1);
  }
}
