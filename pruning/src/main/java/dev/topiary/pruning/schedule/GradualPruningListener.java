package dev.topiary.pruning.schedule;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pruning.ImportanceCriterion;
import dev.topiary.pruning.LayerPruning;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.Pruner;
import dev.topiary.pruning.PruningAmount;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.PruningReport;
import dev.topiary.pruning.Scope;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes a network on a {@link PruningSchedule} while it trains: a DL4J training listener for the
 * user's own training loop (the counterpart of tfmot's {@code UpdatePruningStep} and
 * {@code PruningSummaries}), and what the {@code prune.gradual} stage attaches.
 *
 * <p>The full flow with plain DL4J:
 * <pre>{@code
 * try (GradualPruningListener pruning = new GradualPruningListener(network,     // borrows the network
 *     PolynomialDecaySchedule.builder().finalSparsity(0.8).endStep(600).build())) {
 *   network.setListeners(pruning);                                       // attach
 *   network.fit(trainIterator, 10);                                      // train as usual
 *   pruning.strip();                                                     // the zeros stay, the masks go
 *   ModelSerializer.writeModel(network, file, false);                    // save
 *   pruning.writeCsv(Path.of("pruning-summaries.csv"));                  // optional summaries
 * }
 * }</pre>
 *
 * <p><b>Steps.</b> Step {@code t} is the network's iteration count minus its count when this
 * listener was created; for a freshly initialised network that is DL4J's own iteration counter
 * (0 after the first update). After update {@code t}, if {@code schedule.shouldPrune(t)}, the
 * listener calls {@link Pruner#pruneInPlace} with sparsity {@code schedule.sparsityAt(t)}: weights
 * masked at earlier steps stay masked and count toward that sparsity, so the sparsity only grows.
 * To resume a schedule across separate {@code fit} calls, keep using the same listener.
 *
 * <p><b>Masks hold in any loop.</b> DL4J's own {@code fit} knows nothing of Topiary's masks, so
 * this listener zeroes the gradients of masked weights before the updater sees them (Adam's
 * moments stay zero) and masks the parameters again after every update. Under
 * {@link dev.topiary.core.train.NetworkTrainer}, whose mask enforcer does the same first, this is
 * harmless. Remove the masks with {@link NetworkModel#clearMasks()} (or {@link Pruner#strip})
 * before saving; further training after that may make the zeros non-zero again.
 *
 * <p><b>What is pruned.</b> A {@link LayerSelection} and a {@link Scope} choose the weights and
 * whether each layer follows the schedule on its own ({@link Scope#LAYER}, as tfmot does) or all
 * selected layers share one ranking ({@link Scope#GLOBAL}). N:M patterns, per-layer sparsity
 * overrides and multi-round plans are not part of gradual pruning: a pattern fixes its sparsity in
 * one shot (use {@code prune.magnitude} with a granularity), and one schedule drives every
 * selected layer. Any {@link ImportanceCriterion} works; magnitude is the default.
 *
 * <p><b>Summaries.</b> Every pruning step adds one {@link PruningSummary} per selected layer
 * (read them with {@link #summaries()}, write them with {@link #writeCsv}) and logs the step at
 * debug level.
 *
 * <p><b>Ownership.</b> Built from a {@link NetworkModel}, the listener neither owns the model nor
 * frees anything. Built from a {@link MultiLayerNetwork}, it borrows the network
 * ({@link NetworkModel#borrow}) and owns only the masks: {@link #close()} (or {@link #strip()})
 * frees them, never the network. Either way it must be attached to that network.
 */
public final class GradualPruningListener extends BaseTrainingListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GradualPruningListener.class);

  private final NetworkModel model;
  private final boolean ownsHandle;
  private final LayerSelection selection;
  private final Scope scope;
  private final ImportanceCriterion criterion;
  private final PruningSchedule schedule;
  private final long firstIteration;
  private final List<PruningSummary> summaries = new ArrayList<>();
  private PruningReport latest;
  private long lastPrunedStep = -1;
  private boolean stripped;

  /**
   * Magnitude pruning of every prunable layer's weights, all layers ranked together
   * ({@link Scope#DEFAULT}, as the README's recipe does), of the caller's network, borrowed.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public GradualPruningListener(MultiLayerNetwork network, PruningSchedule schedule) {
    this(NetworkModel.borrow(network), true, LayerSelection.ALL_WEIGHTS, Scope.DEFAULT, new MagnitudeCriterion(),
        schedule);
  }

  /**
   * Pruning of the selected parameters of the caller's network, borrowed, by {@code criterion}.
   *
   * @throws IllegalArgumentException as {@link #GradualPruningListener(NetworkModel, LayerSelection, Scope,
   *     ImportanceCriterion, PruningSchedule)}
   */
  public GradualPruningListener(MultiLayerNetwork network, LayerSelection selection, Scope scope,
      ImportanceCriterion criterion, PruningSchedule schedule) {
    this(NetworkModel.borrow(network), true, selection, scope, criterion, schedule);
  }

  /**
   * Magnitude pruning of every prunable layer's weights, all layers ranked together
   * ({@link Scope#DEFAULT}, as the README's recipe does).
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public GradualPruningListener(NetworkModel model, PruningSchedule schedule) {
    this(model, LayerSelection.ALL_WEIGHTS, Scope.DEFAULT, new MagnitudeCriterion(), schedule);
  }

  /**
   * Pruning of the selected parameters by {@code criterion}.
   *
   * @throws IllegalArgumentException if an argument is null, or the selection names no layer of
   *     the network or selects none
   */
  public GradualPruningListener(NetworkModel model, LayerSelection selection, Scope scope,
      ImportanceCriterion criterion, PruningSchedule schedule) {
    this(required("model", model), false, selection, scope, criterion, schedule);
  }

  private GradualPruningListener(NetworkModel model, boolean ownsHandle, LayerSelection selection, Scope scope,
      ImportanceCriterion criterion, PruningSchedule schedule) {
    this.model = model;
    this.ownsHandle = ownsHandle;
    this.selection = required("selection", selection);
    this.scope = required("scope", scope);
    this.criterion = required("criterion", criterion);
    this.schedule = required("schedule", schedule);
    if (selection.selectedLayers(model.network()).isEmpty()) {
      throw new IllegalArgumentException("no layer is selected for pruning; prunable layers: "
          + LayerSelection.prunableLayers(model.network()));
    }
    selection.resolve(model.network());
    this.firstIteration = model.network().getIterationCount();
  }

  /** Zeroes the gradients of masked weights before the updater uses them. */
  @Override
  public void onGradientCalculation(Model network) {
    if (stripped) {
      return;
    }
    model.maskGradients();
  }

  /**
   * Masks the parameters again, then prunes if the schedule says so at this step.
   *
   * @throws IllegalStateException if the listener is attached to a network other than its model's
   */
  @Override
  public void iterationDone(Model network, int iteration, int epoch) {
    if (network != model.network()) {
      throw new IllegalStateException("a GradualPruningListener prunes the network of the NetworkModel it was"
          + " created with; attach it to that network only");
    }
    if (stripped) {
      return;
    }
    model.applyMasks();
    long step = iteration - firstIteration;
    if (step < 0 || step <= lastPrunedStep || !schedule.shouldPrune(step)) {
      return;
    }
    pruneAt(step);
  }

  /**
   * Drops the masks ("strip"): the pruned weights stay zero, but nothing holds them any more, and
   * the listener stops pruning (later steps would find no masks to hold). Call it after training,
   * before saving.
   */
  public void strip() {
    model.clearMasks();
    stripped = true;
  }

  /**
   * Frees the masks if the listener was built from a {@link MultiLayerNetwork}; does nothing to a
   * {@link NetworkModel} it was given. Never frees the network.
   */
  @Override
  public void close() {
    if (ownsHandle) {
      model.close();
    }
  }

  /** Every summary so far, in step order and layer order within a step; read-only. */
  public List<PruningSummary> summaries() {
    return Collections.unmodifiableList(new ArrayList<>(summaries));
  }

  /** The report of the latest pruning step, or empty before the first one. */
  public Optional<PruningReport> latestReport() {
    return Optional.ofNullable(latest);
  }

  /**
   * Writes the summaries as CSV ({@link PruningSummary#writeCsv}): a header and one row per
   * (step, layer), via a temporary file moved into place.
   *
   * @throws IOException if the file cannot be written
   */
  public void writeCsv(Path file) throws IOException {
    PruningSummary.writeCsv(summaries, file);
  }

  private void pruneAt(long step) {
    double target = schedule.sparsityAt(step);
    PruningPlan plan = new PruningPlan(selection, PruningAmount.sparsity(target), scope, null, null, 1);
    PruningReport report = Pruner.pruneInPlace(model, plan, criterion, ProgressReporter.NONE);
    latest = report;
    lastPrunedStep = step;
    for (LayerPruning layer : report.layers()) {
      summaries.add(new PruningSummary(step, target, report.sparsity(), layer.index(), layer.name(),
          layer.weights(), layer.pruned(), layer.sparsity(), layer.threshold()));
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("gradual pruning at step {}: target sparsity {}, achieved {} ({} of {} selected entries)", step,
          target, report.sparsity(), report.prunedWeights(), report.selectedWeights());
      for (LayerPruning layer : report.layers()) {
        LOG.debug("  layer {} ({}): sparsity {}, threshold {}", layer.index(), layer.name(), layer.sparsity(),
            layer.threshold());
      }
    }
  }

  private static <T> T required(String name, T value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    return value;
  }
}
