/** A run's report: the measurements after the baseline and every stage, as JSON and Markdown, with provenance. */
package dev.topiary.pipeline.report;
