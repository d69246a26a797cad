/**
 * Sensitivity analysis for pruning (as in Distiller's and NNI's): prunes one layer at a time by
 * magnitude to each of a list of sparsities, without retraining, and records the accuracy that is
 * left, so that each layer can be given the largest sparsity it tolerates within an accuracy budget.
 *
 * <p>Library entry points: {@link dev.topiary.pruning.sensitivity.SensitivityAnalysis} (the table)
 * and {@link dev.topiary.pruning.sensitivity.SensitivityOutputs} (CSV, PNG chart, and a
 * {@code prune.magnitude} recipe entry with per-layer overrides); recipe stage
 * {@code prune.sensitivity}: {@link dev.topiary.pruning.sensitivity.SensitivitySpec} and
 * {@link dev.topiary.pruning.sensitivity.SensitivityFactory}.
 */
package dev.topiary.pruning.sensitivity;
