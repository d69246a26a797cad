package dev.topiary.pipeline.run;

import dev.topiary.pipeline.report.PipelineReport;
import java.nio.file.Path;

/**
 * A finished run.
 *
 * @param outputDirectory the folder holding {@code report.json}, {@code report.md}, the model,
 *     {@code recipe.resolved.yaml} and {@code stages/}
 * @param report what was measured
 */
public record RunResult(Path outputDirectory, PipelineReport report) {}
