package dev.topiary.core.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Turns a parser's syntax error into one short sentence without the parser's source excerpt. */
final class SyntaxErrors {

  private SyntaxErrors() {}

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
