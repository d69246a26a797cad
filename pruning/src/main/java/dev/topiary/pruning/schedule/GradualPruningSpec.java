package dev.topiary.pruning.schedule;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parameters of {@value #TYPE}: magnitude pruning on a schedule while fine-tuning (Zhu &amp; Gupta
 * 2017), e.g. {@code {type: prune.gradual, finalSparsity: 0.8, epochs: 3}}.
 *
 * <p>Steps count the minibatch updates of this stage's training, from 0; there are
 * {@code epochs × ⌈training rows / batchSize⌉} of them. {@code finalSparsity} is the sparsity
 * reached at {@code endStep} for {@code polynomial} and the sparsity held from {@code beginStep}
 * for {@code constant}. When {@code endStep} is left out it is resolved when the stage runs:
 * {@code polynomial} ends two thirds of the way from {@code beginStep} to the end of training,
 * {@code beginStep + ⌊2·(steps − beginStep)/3⌋}, leaving the last third to recover at the final
 * sparsity; {@code constant} never ends. An {@code endStep} the training does not reach fails the
 * stage (the final sparsity would never be reached). Both schedules prune at {@code endStep}
 * whether or not it falls on the {@code frequency} grid (see {@link PolynomialDecaySchedule}).
 *
 * @param schedule polynomial (Zhu &amp; Gupta) or constant
 * @param finalSparsity fraction of the selected weights pruned at the end, in [0, 1)
 * @param initialSparsity sparsity of the first pruning step (polynomial only), in [0, finalSparsity]
 * @param beginStep first pruning step, at least 0
 * @param endStep last pruning step, greater than beginStep (constant also takes -1: no end); null to resolve it
 *     when the stage runs
 * @param frequency prune every this many steps, at least 1
 * @param power exponent of the polynomial decay (polynomial only), positive
 * @param epochs full passes over the training split, at least 1
 * @param batchSize examples per minibatch, at least 1
 * @param learningRate learning rate of the model's updater while training, positive; null keeps its own
 * @param scope layer: each layer follows the schedule on its own; global: one ranking across the selected layers
 * @param layers layers to prune, each a layer index, a type (dense, conv, output) or a DL4J layer name; empty for all prunable layers
 * @param includeBias also prune the biases of the selected layers
 * @param skipFirst leave the first prunable layer of the network alone
 * @param skipLast leave the last prunable layer of the network alone
 */
@StageDescription("Fine-tunes the model while masking the weights of smallest magnitude step by step on a"
    + " schedule (Zhu & Gupta 2017); the masks stay.")
public record GradualPruningSpec(
    @Param(value = "polynomial (sparsity rises fast, then levels off; Zhu & Gupta 2017) or constant (one"
        + " sparsity from beginStep on)", defaultValue = "polynomial")
    String schedule,
    @Param("fraction of the selected weights pruned at the end (polynomial: reached at endStep; constant: held"
        + " from beginStep), in [0, 1)")
    Double finalSparsity,
    @Param(value = "sparsity of the first pruning step, polynomial only, in [0, finalSparsity]", defaultValue = "0")
    Double initialSparsity,
    @Param(value = "first pruning step (0-based minibatch update of this stage's training)", defaultValue = "0")
    Long beginStep,
    @Param(value = "last pruning step, greater than beginStep and less than the training steps (epochs × batches"
        + " per epoch); left out: polynomial ends two thirds of the way from beginStep to the end of training,"
        + " constant never ends (as with -1)", optional = true)
    Long endStep,
    @Param(value = "prune every this many steps from beginStep, and always at endStep; at least 1",
        defaultValue = "100")
    Integer frequency,
    @Param(value = "exponent of the polynomial decay, polynomial only, positive", defaultValue = "3")
    Double power,
    @Param("full passes over the training split while pruning, at least 1")
    Integer epochs,
    @Param(value = "examples per minibatch, at least 1", defaultValue = "64")
    Integer batchSize,
    @Param(value = "learning rate of the model's updater while training, positive; when left out the model keeps"
        + " its own", optional = true)
    Double learningRate,
    @Param(value = "layer: each layer follows the schedule on its own; global: one ranking across the selected"
        + " layers", defaultValue = "global")
    Scope scope,
    @Param(value = "layers to prune, each a layer index, a type (dense, conv, output) or a DL4J layer name; empty"
        + " for all prunable layers", defaultValue = "[]")
    List<String> layers,
    @Param(value = "also prune the biases of the selected layers", defaultValue = "false")
    Boolean includeBias,
    @Param(value = "leave the first prunable layer of the network alone", defaultValue = "false")
    Boolean skipFirst,
    @Param(value = "leave the last prunable layer of the network alone", defaultValue = "false")
    Boolean skipLast) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "prune.gradual";
  /** The {@code schedule} value of {@link PolynomialDecaySchedule}. */
  public static final String POLYNOMIAL = "polynomial";
  /** The {@code schedule} value of {@link ConstantSparsitySchedule}. */
  public static final String CONSTANT = "constant";

  /** Fills the defaults and validates every value that does not need the network or the data. */
  public GradualPruningSpec {
    schedule = schedule == null ? POLYNOMIAL : schedule;
    if (!schedule.equals(POLYNOMIAL) && !schedule.equals(CONSTANT)) {
      throw new IllegalArgumentException("schedule must be one of [" + POLYNOMIAL + ", " + CONSTANT + "], got '"
          + schedule + "'");
    }
    if (finalSparsity == null) {
      throw new IllegalArgumentException("finalSparsity is required");
    }
    PruningSteps.checkSparsity("finalSparsity", finalSparsity);
    initialSparsity = initialSparsity == null ? 0.0 : initialSparsity;
    beginStep = beginStep == null ? 0L : beginStep;
    frequency = frequency == null ? PolynomialDecaySchedule.DEFAULT_FREQUENCY : frequency;
    power = power == null ? PolynomialDecaySchedule.DEFAULT_POWER : power;
    if (schedule.equals(CONSTANT)) {
      if (initialSparsity != 0.0) {
        throw new IllegalArgumentException("initialSparsity applies to schedule polynomial only, got "
            + initialSparsity + " with schedule constant");
      }
      if (power != PolynomialDecaySchedule.DEFAULT_POWER) {
        throw new IllegalArgumentException("power applies to schedule polynomial only, got " + power
            + " with schedule constant");
      }
    }
    if (epochs == null) {
      throw new IllegalArgumentException("epochs is required");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    batchSize = batchSize == null ? 64 : batchSize;
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
    }
    scope = scope == null ? Scope.DEFAULT : scope;
    layers = layers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(layers));
    includeBias = includeBias != null && includeBias;
    skipFirst = skipFirst != null && skipFirst;
    skipLast = skipLast != null && skipLast;
    new LayerSelection(layers, includeBias, skipFirst, skipLast);
    // the schedule's own checks; a left-out endStep is checked when it is resolved
    toSchedule(schedule, finalSparsity, initialSparsity, beginStep,
        endStep != null ? endStep : schedule.equals(CONSTANT) ? ConstantSparsitySchedule.NO_END : beginStep + 1,
        frequency, power);
  }

  /** The weights these parameters select. */
  public LayerSelection selection() {
    return new LayerSelection(layers, includeBias, skipFirst, skipLast);
  }

  /**
   * The end step for a training of {@code epochs × batchesPerEpoch} updates: {@code endStep} if
   * given, else the default described on this record.
   *
   * @throws IllegalArgumentException if the schedule does not fit in the training: {@code endStep}
   *     (or, for a constant schedule without end, {@code beginStep}) is not less than the number of
   *     steps, or a polynomial schedule without {@code endStep} has fewer than two steps from
   *     {@code beginStep} on
   */
  public long resolveEndStep(long batchesPerEpoch) {
    long totalSteps = epochs * batchesPerEpoch;
    String steps = "the " + totalSteps + " training steps (" + epochs + " epochs × " + batchesPerEpoch
        + " batches)";
    boolean noEnd = schedule.equals(CONSTANT) && (endStep == null || endStep == ConstantSparsitySchedule.NO_END);
    if (noEnd) {
      if (beginStep >= totalSteps) {
        throw new IllegalArgumentException("beginStep (" + beginStep + ") must be less than " + steps
            + ", or nothing is pruned");
      }
      return ConstantSparsitySchedule.NO_END;
    }
    if (endStep != null) {
      if (endStep >= totalSteps) {
        throw new IllegalArgumentException("endStep (" + endStep + ") must be less than " + steps
            + ", or the final sparsity is never reached");
      }
      return endStep;
    }
    if (totalSteps - beginStep < 2) {
      throw new IllegalArgumentException("beginStep (" + beginStep + ") must leave at least 2 of " + steps
          + " to prune in; train for more epochs or begin earlier");
    }
    return beginStep + 2 * (totalSteps - beginStep) / 3;
  }

  /**
   * The schedule for a training of {@code epochs × batchesPerEpoch} updates, with the end step
   * {@link #resolveEndStep} gives.
   *
   * @throws IllegalArgumentException as {@link #resolveEndStep}
   */
  public PruningSchedule toSchedule(long batchesPerEpoch) {
    return toSchedule(schedule, finalSparsity, initialSparsity, beginStep, resolveEndStep(batchesPerEpoch),
        frequency, power);
  }

  private static PruningSchedule toSchedule(String schedule, double finalSparsity, double initialSparsity,
      long beginStep, long endStep, int frequency, double power) {
    if (schedule.equals(CONSTANT)) {
      return new ConstantSparsitySchedule(finalSparsity, beginStep, endStep, frequency);
    }
    return new PolynomialDecaySchedule(initialSparsity, finalSparsity, beginStep, endStep, power, frequency);
  }
}
