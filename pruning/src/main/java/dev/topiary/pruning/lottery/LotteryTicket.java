package dev.topiary.pruning.lottery;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.pruning.PruningReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a {@link LotteryTicketSearch}: the trained final ticket with its masks, and what
 * each round did. The caller owns the model: closing the result closes it.
 *
 * @param model the final ticket, trained from the rewind point under the final masks
 * @param rounds one entry per training run, the final training run last
 * @param pruning the report of the last pruning round (per-layer sparsity of the final masks)
 * @param evaluatedOn {@code validation}, or a note saying why rounds were not evaluated
 * @param rewindIteration the rewind point used: 0 for the initial weights, else training iterations
 */
public record LotteryTicket(NetworkModel model, List<LotteryRound> rounds, PruningReport pruning,
    String evaluatedOn, int rewindIteration) implements AutoCloseable {

  /** What {@link #evaluatedOn()} says when the validation split is empty. */
  public static final String NOT_EVALUATED = "not evaluated: the validation split is empty";

  /** Copies the round list. */
  public LotteryTicket {
    rounds = List.copyOf(rounds);
  }

  /** The sparsity of the selected weights in the final masks. */
  public double finalSparsity() {
    return pruning.sparsity();
  }

  /** The final training run (the ticket's own accuracy). */
  public LotteryRound finalRound() {
    return rounds.get(rounds.size() - 1);
  }

  /** The search as stage diagnostics: the per-round table, the final sparsity and the final masks per layer. */
  public Map<String, Object> diagnostics() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("evaluatedOn", evaluatedOn);
    map.put("rewindIteration", rewindIteration);
    map.put("rounds", rounds);
    map.put("finalSparsity", finalSparsity());
    map.put("finalValidationAccuracy", finalRound().validationAccuracy());
    map.put("pruning", pruning.diagnostics());
    return map;
  }

  /** Closes the model. */
  @Override
  public void close() {
    model.close();
  }
}
