package dev.topiary.core.recipe;

import java.util.ArrayList;
import java.util.List;

/**
 * What a recipe file may not hold although its format allows it: a second YAML document (or JSON
 * value) after the first, which would be ignored, and YAML tags ({@code !!str 5}, {@code !foo}),
 * which Topiary never interprets. Each is reported at its line.
 */
final class DocumentRules {

  private DocumentRules() {}

  /** The problems of {@code tree}, read from {@code content}. */
  static List<RecipeProblem> problems(LocatedTree tree, String content, boolean yaml, RecipeLocations locations) {
    List<RecipeProblem> problems = new ArrayList<>();
    for (String[] tag : tree.tags()) {
      problems.add(new RecipeProblem(locations.file(), Integer.parseInt(tag[1]), tag[0],
          "YAML tags are not allowed in a recipe, got " + tag[2] + "; write the plain value"));
    }
    if (tree.nextDocumentLine() > 0) {
      if (yaml) {
        problems.add(new RecipeProblem(locations.file(), documentStart(content, tree.nextDocumentLine()), "",
            "a second YAML document starts here; a recipe file holds exactly one (remove the '---' and what"
                + " follows, or put the other recipe in a file of its own)"));
      } else {
        problems.add(new RecipeProblem(locations.file(), tree.nextDocumentLine(), "",
            "a second JSON value starts here; a recipe file holds exactly one object"));
      }
    }
    return problems;
  }

  /** The line of the {@code ---} marker at or before {@code contentLine}, else {@code contentLine}. */
  private static int documentStart(String content, int contentLine) {
    String[] lines = content.split("\r\n|\r|\n", -1);
    for (int line = Math.min(contentLine, lines.length); line >= 1; line--) {
      String text = lines[line - 1];
      if (text.startsWith("---")) {
        return line;
      }
      if (line < contentLine && !text.isBlank() && !text.stripLeading().startsWith("#")) {
        break; // content of the first document: no marker between it and the second
      }
    }
    return contentLine;
  }
}
