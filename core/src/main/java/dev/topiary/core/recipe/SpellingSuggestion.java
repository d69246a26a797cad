package dev.topiary.core.recipe;

import java.util.Collection;
import java.util.Locale;

/**
 * The known name closest to a misspelt one, for "did you mean" hints in recipe errors:
 * {@code unknown stage type 'prune.magnitud'; did you mean 'prune.magnitude'? known: […]}.
 *
 * <p>Closeness is the Levenshtein distance, case-insensitive; a name is suggested only when it is
 * at most a third of the input's length away (at least 1, at most 3 edits) and strictly closer
 * than every other name, so a hint is never a guess between two candidates.
 */
public final class SpellingSuggestion {

  private SpellingSuggestion() {}

  /** {@code "did you mean 'x'? "} for the closest known name, or an empty string. */
  public static String hint(String input, Collection<String> known) {
    if (input == null || input.isEmpty()) {
      return "";
    }
    String lower = input.toLowerCase(Locale.ROOT);
    int limit = Math.max(1, Math.min(3, input.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    boolean tie = false;
    for (String candidate : known) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
        tie = false;
      } else if (distance == bestDistance) {
        tie = true;
      }
    }
    return best != null && !tie && bestDistance <= limit && !best.equals(input)
        ? "did you mean '" + best + "'? " : "";
  }

  /** Levenshtein distance: insertions, deletions and substitutions of single characters. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
