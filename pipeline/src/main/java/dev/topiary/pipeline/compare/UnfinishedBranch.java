package dev.topiary.pipeline.compare;

/**
 * A branch of a sweep that has no report: it failed for its own reasons (a stage's error, a bad
 * parameter combination) or was skipped (the sweep's wall-time budget had passed). The comparison
 * lists it beside the measured branches.
 *
 * @param name the branch
 * @param status {@code failed} or {@code skipped}
 * @param message why: the failure's message, or why it was not started
 */
public record UnfinishedBranch(String name, String status, String message) {

  /** Checks the parts. */
  public UnfinishedBranch {
    if (name == null || message == null || !(("failed").equals(status) || ("skipped").equals(status))) {
      throw new IllegalArgumentException("an unfinished branch needs a name, a message and the status failed or "
          + "skipped, got " + name + ", " + status);
    }
  }
}
