package dev.topiary.pruning.lottery;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.measure.Evaluation;
import dev.topiary.core.measure.Evaluator;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.train.NetworkTrainer;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.core.train.TrainingHistory;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.PrunableParameter;
import dev.topiary.pruning.Pruner;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.PruningReport;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import dev.topiary.core.data.Datasets;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Finds a lottery ticket by iterative magnitude pruning with rewinding (Frankle &amp; Carbin 2019;
 * rewinding to iteration k as in Frankle et al. 2020).
 *
 * <p>Starting from the initial weights θ0, each of {@code rounds} rounds:
 * <ol>
 *   <li>trains the network with {@link NetworkTrainer} (masks hold);
 *   <li>evaluates it on the validation data (when there is any);
 *   <li>prunes by magnitude through {@link Pruner#pruneInPlace} to the sparsity
 *       {@code 1 − (1 − p)^r} of the selected weights, so that weights masked earlier stay masked
 *       and count toward it (each round prunes p of the weights that remain);
 *   <li>rewinds: every parameter is set back to the rewind point (θ0, or the weights after
 *       {@code rewindIteration} iterations of round 1), masked ones to zero, and the network gets a
 *       fresh updater (zero moments, iteration count 0), as the paper retrains from the rewound point.
 * </ol>
 * After the last round the ticket is trained once more from the rewind point under the final masks.
 * Every round trains with the same options and the same shuffling seed.
 */
public final class LotteryTicketSearch {

  private static final MagnitudeCriterion MAGNITUDE = new MagnitudeCriterion();

  private LotteryTicketSearch() {}

  /**
   * Searches from the caller's untrained DL4J network (its current parameters are θ0), training on
   * one pass of {@code train} and evaluating on one pass of {@code validation} (converted by
   * {@link Datasets#from(DataSetIterator)}); {@code initial} is not changed.
   *
   * @param validation the evaluation data, or null to evaluate no round
   * @throws IllegalArgumentException as {@link #search(NetworkModel, INDArray, Dataset, Dataset, LotteryTicketOptions, ProgressReporter)}
   */
  public static LotteryTicket search(MultiLayerNetwork initial, DataSetIterator train, DataSetIterator validation,
      LotteryTicketOptions options) {
    Dataset trainData = Datasets.from(train);
    Dataset validationData = validation == null ? Dataset.emptyLike(trainData) : Datasets.from(validation);
    try (NetworkModel borrowed = NetworkModel.borrow(initial)) {
      return search(borrowed, trainData, validationData, options, ProgressReporter.NONE);
    }
  }

  /**
   * Searches from {@code initial}'s current parameters as θ0 (an untrained network); the input is
   * not changed.
   *
   * @param validation data the rounds are evaluated on; may be empty (then the rounds are not evaluated)
   * @throws IllegalArgumentException as {@link #search(NetworkModel, INDArray, Dataset, Dataset, LotteryTicketOptions, ProgressReporter)}
   */
  public static LotteryTicket search(NetworkModel initial, Dataset train, Dataset validation,
      LotteryTicketOptions options, ProgressReporter progress) {
    return run(initial, initial.network().params(), train, validation, options, progress, RoundObserver.NONE);
  }

  /**
   * Searches on a copy of {@code model} (its architecture, updater configuration and masks) whose
   * parameters are first set to {@code initialParameters}, the θ0 to rewind to; the input is not
   * changed. Masks of the input stay and count toward the sparsity of every round.
   *
   * @param initialParameters the flat parameter vector θ0, laid out as {@code network().params()}
   * @param validation data the rounds are evaluated on; may be empty (then the rounds are not evaluated)
   * @throws IllegalArgumentException if θ0 has the wrong length, the training data is empty or does
   *     not fit the network, the selection names unknown layers, or {@code rewindIteration} exceeds
   *     the iterations of one round
   */
  public static LotteryTicket search(NetworkModel model, INDArray initialParameters, Dataset train,
      Dataset validation, LotteryTicketOptions options, ProgressReporter progress) {
    return run(model, initialParameters, train, validation, options, progress, RoundObserver.NONE);
  }

  /**
   * A new network with {@code model}'s configuration, initialised afresh by its own weight-init
   * scheme with {@code seed}, with its own updater configuration, no masks and iteration count 0.
   * The input is not changed.
   */
  public static NetworkModel reinitialized(NetworkModel model, long seed) {
    MultiLayerConfiguration conf = model.network().getLayerWiseConfigurations().clone();
    for (NeuralNetConfiguration layerConf : conf.getConfs()) {
      layerConf.setSeed(seed);
      if (layerConf.getLayer() instanceof BaseLayer base) {
        // MultiLayerConfiguration.clone() shares the updater configurations, which hold the learning rate
        if (base.getIUpdater() != null) {
          base.setIUpdater(base.getIUpdater().clone());
        }
        if (base.getBiasUpdater() != null) {
          base.setBiasUpdater(base.getBiasUpdater().clone());
        }
      }
    }
    conf.setIterationCount(0);
    conf.setEpochCount(0);
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    return NetworkModel.owning(network);
  }

  /**
   * Trains the random re-initialisation control: {@code ticket}'s masks on a network re-initialised
   * with {@code seed} ({@link #reinitialized}), trained once with {@code options} (the same epochs,
   * batch size, learning rate and shuffling as a round). The ticket is not changed.
   *
   * @param validation data the control is evaluated on; may be empty
   * @throws IllegalArgumentException if the training data is empty or does not fit the network
   */
  public static LotteryControl trainControl(NetworkModel ticket, long seed, Dataset train, Dataset validation,
      LotteryTicketOptions options, ProgressReporter progress) {
    NetworkModel control = reinitialized(ticket, seed);
    try {
      ticket.masks().forEach(control::setMask);
      TrainingHistory history = NetworkTrainer.fit(control, train, options.training(), progress);
      Evaluation evaluation = validation.rows() > 0 ? Evaluator.evaluate(control, validation) : null;
      return new LotteryControl(control, seed, evaluation == null ? null : evaluation.accuracy(),
          evaluation == null ? null : evaluation.loss(), history.finalLoss());
    } catch (RuntimeException e) {
      control.close();
      throw e;
    }
  }

  /** The search, with a hook that sees the network at the start of every training run. */
  static LotteryTicket run(NetworkModel model, INDArray initialParameters, Dataset train, Dataset validation,
      LotteryTicketOptions options, ProgressReporter progress, RoundObserver observer) {
    if (initialParameters.length() != model.parameterCount()) {
      throw new IllegalArgumentException("initialParameters must hold the network's " + model.parameterCount()
          + " parameters, got " + initialParameters.length());
    }
    if (train.rows() == 0) {
      throw new IllegalArgumentException("the training data is empty");
    }
    long perRound = (long) options.epochs() * ((train.rows() + options.batchSize() - 1) / options.batchSize());
    if (options.rewindIteration() > perRound) {
      throw new IllegalArgumentException("rewindIteration must be at most the " + perRound
          + " training iterations of one round (epochs × minibatches per epoch), got " + options.rewindIteration());
    }
    boolean evaluate = validation.rows() > 0;
    NetworkModel work = model.copy();
    INDArray rewindPoint = null;
    try {
      List<PrunableParameter> selected = options.selection().resolve(work.network());
      work.network().setParams(initialParameters);
      work.applyMasks();
      freshUpdater(work.network());
      rewindPoint = work.network().params().dup();
      List<LotteryRound> rounds = new ArrayList<>();
      PruningReport last = null;
      for (int round = 1; round <= options.rounds() + 1; round++) {
        if (round > 1) {
          rewind(work, rewindPoint);
        }
        observer.roundStarting(round, work, rewindPoint);
        double sparsity = sparsity(work, selected);
        RewindSnapshot snapshot = round == 1 && options.rewindIteration() > 0
            ? new RewindSnapshot(options.rewindIteration()) : null;
        List<TrainingListener> listeners = snapshot == null ? List.of() : List.of(snapshot);
        TrainingHistory history = NetworkTrainer.fit(work, train, options.training(), progress, listeners);
        if (snapshot != null) {
          rewindPoint.close();
          rewindPoint = snapshot.take();
        }
        Evaluation evaluation = evaluate ? Evaluator.evaluate(work, validation) : null;
        Double prunedTo = null;
        if (round <= options.rounds()) {
          last = Pruner.pruneInPlace(work, plan(options, options.targetSparsity(round)), MAGNITUDE,
              ProgressReporter.NONE);
          prunedTo = last.sparsity();
        }
        rounds.add(new LotteryRound(round, sparsity, evaluation == null ? null : evaluation.accuracy(),
            evaluation == null ? null : evaluation.loss(), history.finalLoss(), options.epochs(),
            history.iterations(), prunedTo));
      }
      return new LotteryTicket(work, rounds, last, evaluate ? "validation" : LotteryTicket.NOT_EVALUATED,
          options.rewindIteration());
    } catch (RuntimeException e) {
      work.close();
      throw e;
    } finally {
      if (rewindPoint != null) {
        rewindPoint.close();
      }
    }
  }

  /** The magnitude plan that prunes the selected weights to {@code sparsity} in the options' scope. */
  static PruningPlan plan(LotteryTicketOptions options, double sparsity) {
    LayerSelection selection = options.selection();
    return PruningPlan.builder().sparsity(sparsity).scope(options.scope()).layers(selection.layers())
        .includeBias(selection.includeBias()).skipFirst(selection.skipFirst()).skipLast(selection.skipLast())
        .build();
  }

  /** Sets every parameter to the rewind point, masked ones to zero, with a fresh updater. */
  private static void rewind(NetworkModel model, INDArray rewindPoint) {
    model.network().params().assign(rewindPoint);
    model.applyMasks();
    freshUpdater(model.network());
  }

  /** A new updater (zero state) and iteration and epoch counts of 0, as before any training. */
  private static void freshUpdater(MultiLayerNetwork network) {
    network.setUpdater(null);
    network.getUpdater(true);
    network.getLayerWiseConfigurations().setIterationCount(0);
    network.getLayerWiseConfigurations().setEpochCount(0);
  }

  /** The fraction of the selected entries that are masked. */
  static double sparsity(NetworkModel model, List<PrunableParameter> selected) {
    long total = 0;
    long masked = 0;
    for (PrunableParameter param : selected) {
      total += param.length();
      INDArray mask = model.masks().get(param.key());
      if (mask != null) {
        masked += param.length() - NetworkModel.countNonZero(mask);
      }
    }
    return total == 0 ? 0 : (double) masked / total;
  }
}
