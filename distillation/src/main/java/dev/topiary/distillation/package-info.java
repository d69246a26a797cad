/**
 * Topiary's knowledge distillation (Hinton, Vinyals and Dean 2015): the soft-target loss
 * ({@link dev.topiary.distillation.SoftTargetLoss}), teacher ensembles, the library entry point
 * {@link dev.topiary.distillation.DistillationTrainer} for users' own training code, and the
 * {@code distill} recipe stage ({@link dev.topiary.distillation.DistillSpec}) registered by
 * {@link dev.topiary.distillation.DistillationModule}.
 */
package dev.topiary.distillation;
