package dev.topiary.core.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingSuggestionTest {

  private static final List<String> TYPES = List.of("finetune", "prune.magnitude", "prune.random", "prune.strip",
      "prune.structured");

  @Test
  void suggestsTheOneClosestNameWithinReach() {
    assertThat(SpellingSuggestion.hint("prune.magnitud", TYPES)).isEqualTo("did you mean 'prune.magnitude'? ");
    assertThat(SpellingSuggestion.hint("Finetune", TYPES)).isEqualTo("did you mean 'finetune'? ");
    assertThat(SpellingSuggestion.hint("sparsty", List.of("sparsity", "scope"))).isEqualTo("did you mean 'sparsity'? ");
  }

  @Test
  void saysNothingWhenTooFarOrAmbiguous() {
    assertThat(SpellingSuggestion.hint("quantize.int8", TYPES)).isEmpty();
    assertThat(SpellingSuggestion.hint("distill", TYPES)).isEmpty();
    // as close to 'ab' as to 'ac': no guess
    assertThat(SpellingSuggestion.hint("aa", List.of("ab", "ac"))).isEmpty();
    assertThat(SpellingSuggestion.hint("", TYPES)).isEmpty();
  }

  @Test
  void levenshteinDistance() {
    assertThat(SpellingSuggestion.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(SpellingSuggestion.distance("", "abc")).isEqualTo(3);
    assertThat(SpellingSuggestion.distance("same", "same")).isZero();
  }
}
