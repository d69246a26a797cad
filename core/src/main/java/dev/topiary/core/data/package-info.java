/** Datasets in memory, their readers (IDX, CSV, the embedded Fashion-MNIST sample) and splits. */
package dev.topiary.core.data;
