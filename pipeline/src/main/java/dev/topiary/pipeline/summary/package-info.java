/** Summaries over several runs of a recipe (seeds): means and spreads of the report's metrics. */
package dev.topiary.pipeline.summary;
