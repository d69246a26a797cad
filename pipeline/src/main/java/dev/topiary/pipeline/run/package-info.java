/**
 * Running a compiled recipe: the baseline, every stage, the meter after each, and an output
 * folder that appears complete or not at all.
 */
package dev.topiary.pipeline.run;
