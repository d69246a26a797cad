/**
 * Topiary's dependency-free inference runtime for compressed classifiers: {@link
 * dev.topiary.runtime.RuntimeModel} (load, predict, save), its {@link
 * dev.topiary.runtime.RuntimeModelBuilder}, and the versioned {@code .tpm} file format (see
 * FORMAT.md). It depends on nothing but the JDK.
 */
package dev.topiary.runtime;
