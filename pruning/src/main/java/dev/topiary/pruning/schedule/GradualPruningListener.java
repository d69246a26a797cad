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
 * try (NetworkModel model = NetworkModel.owning(network)) {                  // 1. wrap (takes ownership)
 *   GradualPruningListener pruning = new GradualPruningListener(model,
 *       new PolynomialDecaySchedule(0.0, 0.8, 0, 600));                  // 2. a schedule
 *   network.setListeners(pruning);                                       // 3. attach
 *   network.fit(trainIterator, 10);                                      // 4. train as usual
 *   model.clearMasks();                                                  // 5. strip: the zeros stay
 *   ModelSerializer.writeModel(network, file, false);                    // 6. save
 *   pruning.writeCsv(Path.of("pruning-summaries.csv"));                  //    optional summaries
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
 * <p>The listener does not own the model; it must be attached to the network of that model.
 */
public final class GradualPruningListener extends BaseTrainingListener {

  private static final Logger LOG = LoggerFactory.getLogger(GradualPruningListener.class);

  private final NetworkModel model;
  private final LayerSelection selection;
  private final Scope scope;
  private final ImportanceCriterion criterion;
  private final PruningSchedule schedule;
  private final long firstIteration;
  private final List<PruningSummary> summaries = new ArrayList<>();
  private PruningReport latest;
  private long lastPrunedStep = -1;

  /**
   * Magnitude pruning of every prunable layer's weights, each layer on its own.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public GradualPruningListener(NetworkModel model, PruningSchedule schedule) {
    this(model, LayerSelection.ALL_WEIGHTS, Scope.LAYER, new MagnitudeCriterion(), schedule);
  }

  /**
   * Pruning of the selected parameters by {@code criterion}.
   *
   * @throws IllegalArgumentException if an argument is null, or the selection names no layer of
   *     the network or selects none
   */
  public GradualPruningListener(NetworkModel model, LayerSelection selection, Scope scope,
      ImportanceCriterion criterion, PruningSchedule schedule) {
    this.model = required("model", model);
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
    model.applyMasks();
    long step = iteration - firstIteration;
    if (step < 0 || step <= lastPrunedStep || !schedule.shouldPrune(step)) {
      return;
    }
    pruneAt(step);
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
