package dev.topiary.distillation;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import java.util.List;
import java.util.Locale;

/**
 * Parameters of the {@code distill} stage, e.g.
 * {@code {type: distill, teacher: "@big", student: {architecture: mlp, hidden: [100]},
 * temperature: 4, alpha: 0.9, epochs: 5}}.
 *
 * <p>The loss is {@code alpha·T²·KL(p_teacher,T ‖ p_student,T) + (1 − alpha)·CE(labels,
 * p_student)} (see {@link SoftTargetLoss}; the T² keeps the soft term's gradients comparable to the
 * hard term's as T changes). Several teachers form an ensemble whose probabilities are averaged.
 *
 * @param teacher the teacher model reference or list of references (an ensemble)
 * @param student {@code "@input"}, another model reference, or an architecture map
 * @param temperature T, positive
 * @param alpha weight of the soft-target term, in [0, 1]
 * @param epochs full passes over the transfer set, at least 1
 * @param batchSize examples per minibatch, at least 1
 * @param learningRate the student's learning rate, or null (a referenced student keeps its own; a
 *     fresh one gets 0.001)
 * @param updater {@code adam}, {@code sgd} or {@code nesterovs}, or null (a referenced student keeps
 *     its own; a fresh one gets adam)
 * @param labels whether the transfer set (the training split) keeps its labels; false makes it an
 *     unlabeled transfer set, which needs {@code alpha = 1}
 * @param averaging how an ensemble's teachers are combined
 * @param omitClasses classes whose every training example is left out of the transfer set (Hinton
 *     et al.'s omitted-class experiment); empty by default
 * @param omittedClassBias added to the student's output bias of every omitted class after training
 *     (Hinton et al. raise it so the student predicts the class it never saw); 0 by default
 * @param transferImages an IDX image file without labels (relative to the recipe's folder) to
 *     distil on instead of the training split, or null; needs {@code alpha = 1}
 * @param transferCsv a CSV file of feature columns only, without a label column (relative to the
 *     recipe's folder), to distil on instead of the training split, or null: one column per feature
 *     of the training split (a header, if there is one, names them in the training order), scaled
 *     as the training split was (see {@link dev.topiary.core.data.UnlabeledRows}); needs
 *     {@code alpha = 1} and cannot be combined with {@code transferImages}
 * @param transferLimit the number of training examples to distil on (a seeded class-stratified subset of
 *     the training split after {@code omitClasses}), or null for all
 */
@StageDescription("Trains a student on the softened outputs of one or more teacher models (knowledge distillation); "
    + "an @input student keeps its masks and pruned structure.")
public record DistillSpec(
    @Param(value = "The teacher: a model reference (\"@baseline\", \"@<model>\", \"@<stage>\"), or a list of them "
        + "for an ensemble whose probabilities are averaged. Any kind of model can teach.",
        defaultValue = "\"@baseline\"") TeacherReferences teacher,
    @Param(value = "The student: \"@input\" (a copy of the stage's input, masks and structure kept), another model "
        + "reference (copied), or an architecture {architecture, hidden, activation, l2, seed} trained from scratch.",
        defaultValue = "\"@input\"") StudentSource student,
    @Param(value = "Temperature T of the soft targets, positive.", defaultValue = "4") Double temperature,
    @Param(value = "Weight of the soft-target term in [0, 1]; must be 1 when labels is false.",
        defaultValue = "0.9") Double alpha,
    @Param("Full passes over the transfer set, at least 1.") int epochs,
    @Param(value = "Examples per minibatch, at least 1.", defaultValue = "64") Integer batchSize,
    @Param(value = "Learning rate of the student, positive; when left out a referenced student keeps its own and a "
        + "fresh one uses 0.001.", optional = true) Double learningRate,
    @Param(value = "Updater of the student: adam, sgd or nesterovs; when left out a referenced student keeps its "
        + "own and a fresh one uses adam.", optional = true) String updater,
    @Param(value = "Whether the transfer set (the training split) keeps its labels; false distils on the images "
        + "alone (the soft term only, alpha = 1).", defaultValue = "true") Boolean labels,
    @Param(value = "How an ensemble is combined: probabilities (arithmetic mean) or log-probabilities (geometric "
        + "mean, like averaging logits).", defaultValue = "probabilities") EnsembleAveraging averaging,
    @Param(value = "Classes whose every training example is left out of the transfer set (the omitted-class "
        + "experiment).", defaultValue = "[]") List<Integer> omitClasses,
    @Param(value = "Added to the student's output bias of each omitted class after training.", defaultValue = "0")
    Double omittedClassBias,
    @Param(value = "An IDX image file without labels (gzipped or not, relative to the recipe's folder) to distil on "
        + "instead of the training split: an unlabeled transfer set, so alpha must be 1.", optional = true)
    String transferImages,
    @Param(value = "A CSV file of feature columns only, without a label column (relative to the recipe's folder), "
        + "to distil on instead of the training split: one column per training feature (a header, if any, names "
        + "them in the training order), scaled as the training split was; an unlabeled transfer set, so alpha "
        + "must be 1. Not together with transferImages.", optional = true)
    String transferCsv,
    @Param(value = "Distil on only this many training examples, a seeded class-stratified subset of the training "
        + "split (after omitClasses), at least 1: a small transfer set, as in Hinton et al.'s 3 % experiment; the "
        + "teachers were trained on whatever they were trained on.", optional = true)
    Integer transferLimit) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "distill";

  /** Validates every value and fills the defaults. */
  public DistillSpec {
    teacher = teacher == null ? TeacherReferences.of("@baseline") : teacher;
    student = student == null ? StudentSource.input() : student;
    temperature = temperature == null ? 4.0 : temperature;
    if (!(temperature > 0 && Double.isFinite(temperature))) {
      throw new IllegalArgumentException("temperature must be positive, got " + temperature);
    }
    alpha = alpha == null ? 0.9 : alpha;
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
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
    if (updater != null) {
      updater = updater.toLowerCase(Locale.ROOT);
      if (!DistillationTrainer.UPDATERS.contains(updater)) {
        throw new IllegalArgumentException("updater: unknown updater '" + updater + "'; one of "
            + DistillationTrainer.UPDATERS);
      }
    }
    labels = labels == null ? Boolean.TRUE : labels;
    if (!labels && alpha != 1) {
      throw new IllegalArgumentException("alpha must be 1 when labels is false (an unlabeled transfer set has only "
          + "the soft-target term), got " + alpha);
    }
    averaging = averaging == null ? EnsembleAveraging.PROBABILITIES : averaging;
    omitClasses = omitClasses == null ? List.of() : List.copyOf(omitClasses);
    for (Integer omitted : omitClasses) {
      if (omitted == null || omitted < 0) {
        throw new IllegalArgumentException("omitClasses: every class must be a label of at least 0, got "
            + omitClasses);
      }
    }
    if (omitClasses.size() != omitClasses.stream().distinct().count()) {
      throw new IllegalArgumentException("omitClasses: classes must be distinct, got " + omitClasses);
    }
    omittedClassBias = omittedClassBias == null ? 0.0 : omittedClassBias;
    if (!Double.isFinite(omittedClassBias)) {
      throw new IllegalArgumentException("omittedClassBias must be a finite number, got " + omittedClassBias);
    }
    if (transferCsv != null && transferImages != null) {
      throw new IllegalArgumentException("transferCsv cannot be combined with transferImages: give one unlabeled "
          + "transfer set");
    }
    if (transferImages != null) {
      if (transferImages.isBlank()) {
        throw new IllegalArgumentException("transferImages: must not be blank");
      }
      if (alpha != 1) {
        throw new IllegalArgumentException("alpha must be 1 with transferImages (an unlabeled transfer set has only "
            + "the soft-target term), got " + alpha);
      }
      if (!omitClasses.isEmpty()) {
        throw new IllegalArgumentException("omitClasses: needs the labelled training split, but transferImages has "
            + "no labels");
      }
    }
    if (transferCsv != null) {
      if (transferCsv.isBlank()) {
        throw new IllegalArgumentException("transferCsv must not be blank");
      }
      if (alpha != 1) {
        throw new IllegalArgumentException("alpha must be 1 with transferCsv (an unlabeled transfer set has only "
            + "the soft-target term), got " + alpha);
      }
      if (!omitClasses.isEmpty()) {
        throw new IllegalArgumentException("omitClasses: needs the labelled training split, but transferCsv has no "
            + "labels");
      }
    }
    if (transferLimit != null) {
      if (transferLimit < 1) {
        throw new IllegalArgumentException("transferLimit must be at least 1, got " + transferLimit);
      }
      if (transferImages != null || transferCsv != null) {
        throw new IllegalArgumentException("transferLimit: takes a subset of the training split, not of "
            + (transferImages != null ? "transferImages" : "transferCsv"));
      }
    }
    if (omittedClassBias != 0 && omitClasses.isEmpty()) {
      throw new IllegalArgumentException("omittedClassBias: needs omitClasses (it shifts the bias of omitted classes)");
    }
  }
}
