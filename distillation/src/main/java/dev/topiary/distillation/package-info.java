/** Topiary's knowledge distillation (soft-target loss, teacher ensembles, student training), usable as a plain library or through {@link dev.topiary.distillation.DistillationModule}. */
package dev.topiary.distillation;
