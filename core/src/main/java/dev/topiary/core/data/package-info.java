/**
 * Datasets in memory, their readers (IDX, CSV, the embedded Fashion-MNIST sample) and splits.
 *
 * <p>A recipe's {@code data:} section is a {@link dev.topiary.core.data.DataSpec}, chosen by its
 * {@code source} key: {@code fashion-mnist-sample}, {@code fashion-mnist}, {@code idx} or {@code
 * csv}. Every source yields {@link dev.topiary.core.data.DataSplits}: training and test rows from
 * the files (optionally a seeded stratified subset of each, {@code trainLimit} and {@code
 * testLimit}) and a validation split carved from the training rows by a seeded, class-stratified
 * draw ({@code validationFraction}, default 0.1). Image pixels are scaled to {@code [0, 1]}; CSV
 * features optionally by a {@link dev.topiary.core.data.Scaling} fitted on the training split.
 * Unlabeled examples (an IDX image file, {@link dev.topiary.core.data.UnlabeledImages}; a CSV file of
 * feature columns only, {@link dev.topiary.core.data.UnlabeledRows}, scaled as the training split)
 * serve as transfer sets for distillation.
 */
package dev.topiary.core.data;
