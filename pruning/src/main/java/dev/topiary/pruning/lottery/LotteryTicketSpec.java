package dev.topiary.pruning.lottery;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.Scope;
import java.util.List;

/**
 * Parameters of {@value #TYPE}: a lottery ticket search (Frankle &amp; Carbin 2019) that retrains
 * the network from scratch, e.g. {@code {type: prune.lottery, rounds: 5, epochs: 3}}.
 *
 * <p>The stage does not start from the input's trained weights: θ0 is a fresh initialisation of the
 * input's configuration by its own weight-init scheme, seeded with the stage's seed. Layer names are
 * checked against the network when the stage runs.
 *
 * @param rounds rounds of train, prune, rewind, at least 1; the final ticket is trained once more after them
 * @param pruneFraction fraction of the remaining selected weights pruned per round, in (0, 1)
 * @param epochs passes over the training split per round, at least 1
 * @param batchSize examples per minibatch, at least 1
 * @param learningRate a learning rate for the network's updater, positive; null keeps the network's own
 * @param rewindIteration 0 rewinds to θ0; k &gt; 0 rewinds to the weights after k minibatch updates of round 1
 * @param scope global: one magnitude ranking across the selected layers; layer: one per layer
 * @param layers layers to prune, each an index, a type (dense, conv, output) or a DL4J layer name; empty for all prunable layers
 * @param includeBias also prune the biases of the selected layers
 * @param skipFirst leave the first prunable layer of the network alone
 * @param skipLast leave the last prunable layer of the network alone
 * @param control also train the random re-initialisation control under the final masks and report its accuracy
 */
@StageDescription("Retrains the network from a fresh seeded initialisation to find a lottery ticket: rounds of "
    + "training, magnitude pruning of a fraction of the remaining weights and rewinding the survivors to their "
    + "initial (or early-training) values; returns the trained final ticket with its masks.")
public record LotteryTicketSpec(
    @Param("rounds of train, prune, rewind, at least 1; the final ticket is trained once more after them")
    int rounds,
    @Param(value = "fraction of the remaining selected weights pruned per round, in (0, 1); after round r the "
        + "sparsity is 1 - (1 - pruneFraction)^r", defaultValue = "0.2")
    Double pruneFraction,
    @Param("passes over the training split in each round (and in the final training), at least 1")
    int epochs,
    @Param(value = "examples per minibatch, at least 1", defaultValue = "64")
    Integer batchSize,
    @Param(value = "learning rate of the network's updater, positive; when left out the network keeps its own",
        optional = true)
    Double learningRate,
    @Param(value = "0 rewinds the surviving weights to their initial values; k > 0 to their values after k "
        + "minibatch updates of the first round (Frankle et al. 2020)", defaultValue = "0")
    Integer rewindIteration,
    @Param(value = "global: one magnitude ranking across the selected layers; layer: one per layer",
        defaultValue = "global")
    Scope scope,
    @Param(value = "layers to prune, each a layer index, a type (dense, conv, output) or a DL4J layer name; "
        + "empty for all prunable layers", defaultValue = "[]")
    List<String> layers,
    @Param(value = "also prune the biases of the selected layers", defaultValue = "false")
    Boolean includeBias,
    @Param(value = "leave the first prunable layer of the network alone", defaultValue = "false")
    Boolean skipFirst,
    @Param(value = "leave the last prunable layer of the network alone", defaultValue = "false")
    Boolean skipLast,
    @Param(value = "also train the random re-initialisation control (the final masks on a fresh initialisation "
        + "with another seed) and report its validation accuracy", defaultValue = "false")
    Boolean control) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "prune.lottery";

  /**
   * Fills the defaults and validates every value.
   *
   * @throws IllegalArgumentException naming the parameter and the bad value
   */
  public LotteryTicketSpec {
    pruneFraction = pruneFraction == null ? LotteryTicketOptions.DEFAULT_PRUNE_FRACTION : pruneFraction;
    batchSize = batchSize == null ? LotteryTicketOptions.DEFAULT_BATCH_SIZE : batchSize;
    rewindIteration = rewindIteration == null ? 0 : rewindIteration;
    scope = scope == null ? Scope.DEFAULT : scope;
    includeBias = includeBias != null && includeBias;
    skipFirst = skipFirst != null && skipFirst;
    skipLast = skipLast != null && skipLast;
    control = control != null && control;
    layers = new LayerSelection(layers, includeBias, skipFirst, skipLast).layers();
    toOptions(0, rounds, pruneFraction, epochs, batchSize, learningRate, rewindIteration, scope, layers, includeBias,
        skipFirst, skipLast);
  }

  /** The library options these parameters describe, shuffling with {@code seed}. */
  public LotteryTicketOptions toOptions(long seed) {
    return toOptions(seed, rounds, pruneFraction, epochs, batchSize, learningRate, rewindIteration, scope, layers,
        includeBias, skipFirst, skipLast);
  }

  private static LotteryTicketOptions toOptions(long seed, int rounds, double pruneFraction, int epochs,
      int batchSize, Double learningRate, int rewindIteration, Scope scope, List<String> layers,
      boolean includeBias, boolean skipFirst, boolean skipLast) {
    return new LotteryTicketOptions(rounds, pruneFraction, scope,
        new LayerSelection(layers, includeBias, skipFirst, skipLast), epochs, batchSize, learningRate,
        rewindIteration, seed);
  }
}
