package dev.topiary.pruning.criteria;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How {@link OptimalBrainDamageCriterion} estimates the diagonal of the loss Hessian. */
public enum Curvature {
  /**
   * The exact diagonal of the Gauss-Newton matrix, which for a softmax with cross-entropy equals the
   * true Fisher information: {@code (1/N)·Σ_n Σ_c p(c|x_n)·(∂ℓ(x_n, c)/∂w_i)²}, the squared
   * per-example gradients for every class c weighted by the model's own probability of c. It
   * approximates the Hessian at a minimum well; costs one backward pass per class and example.
   */
  GAUSS_NEWTON,
  /**
   * The empirical Fisher {@code (1/N)·Σ_n (∂ℓ(x_n, y_n)/∂w_i)²} with the true labels only: one
   * backward pass per example, but a poor curvature estimate near a minimum, where the gradients of
   * well-classified examples vanish (Kunstner, Balles and Hennig 2019).
   */
  EMPIRICAL_FISHER;

  /** The name a recipe writes: {@code gauss-newton} or {@code empirical-fisher}. */
  @JsonValue
  public String recipeName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Reads a recipe name.
   *
   * @throws IllegalArgumentException naming the known estimators if {@code name} is none of them
   */
  @JsonCreator
  public static Curvature fromRecipeName(String name) {
    for (Curvature curvature : values()) {
      if (curvature.recipeName().equals(name)) {
        return curvature;
      }
    }
    throw new IllegalArgumentException("curvature must be one of "
        + Arrays.stream(values()).map(Curvature::recipeName).toList() + ", got '" + name + "'");
  }
}
