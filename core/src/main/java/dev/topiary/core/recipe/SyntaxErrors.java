package dev.topiary.core.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Turns a parser's syntax error into one short sentence without the parser's source excerpt. */
final class SyntaxErrors {

  private SyntaxErrors() {}

  /**
   * The 1-based line of the error: snakeyaml's problem mark (where the offending character is),
   * except at an unexpected end of the file, and otherwise the parser's location (for an
   * unexpected end, where the unclosed construct began); 0 if unknown.
   */
  static int line(JsonProcessingException e) {
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
        && marked.getProblemMark() != null) {
      // at the end of the file the construct left open (its context) is the place to look
      boolean atEnd = marked.getProblem() != null && marked.getProblem().contains("<stream end>");
      if (!atEnd) {
        return marked.getProblemMark().getLine() + 1;
      }
    }
    return e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNr(), 0);
  }

  /** The error's own words: snakeyaml's "problem" (and context), or Jackson's first message line. */
  static String describe(JsonProcessingException e) {
    Throwable cause = e.getCause();
    if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked) {
      String problem = marked.getProblem();
      String context = marked.getContext();
      if (context != null && problem != null) {
        return problem + " (" + context + ")";
      }
      return problem != null ? problem : String.valueOf(context);
    }
    String message = e.getOriginalMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
