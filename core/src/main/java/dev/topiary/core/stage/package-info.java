/** Stages, their factories and registry, and the documentation read from their parameter records. */
package dev.topiary.core.stage;
