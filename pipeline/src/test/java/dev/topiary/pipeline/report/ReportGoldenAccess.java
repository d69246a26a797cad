package dev.topiary.pipeline.report;

/** The golden report, for tests in other packages. */
public final class ReportGoldenAccess {

  private ReportGoldenAccess() {}

  /** The report the golden files are written from. */
  public static PipelineReport report() {
    return ReportGoldenTest.report();
  }
}
