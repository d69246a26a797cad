package dev.topiary.pruning.sensitivity;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.measure.Evaluation;
import dev.topiary.core.measure.Evaluator;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.PrunableParameter;
import dev.topiary.pruning.Pruner;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.PruningResult;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import dev.topiary.core.data.Datasets;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Measures how much accuracy each layer loses when it alone is pruned by magnitude, at each of a
 * list of sparsities, without retraining (the sensitivity analysis of Distiller and NNI).
 *
 * <p>For every selected layer and every sparsity s, a copy of the model has that layer's weights
 * (and biases with {@code includeBias}) pruned to s by magnitude with layer scope
 * ({@link Pruner}, so masks the model already has stay and count toward s), and is evaluated with
 * {@link Evaluator}. The model itself is not changed.
 */
public final class SensitivityAnalysis {

  /** The sparsities tried by default: 0.1, 0.2, …, 0.9 and 0.95. */
  public static final List<Double> DEFAULT_SPARSITIES = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95);

  private static final MagnitudeCriterion MAGNITUDE = new MagnitudeCriterion();
  private static final Set<String> TYPE_SELECTORS = Set.of(LayerSelection.DENSE, LayerSelection.CONV,
      LayerSelection.OUTPUT);

  private SensitivityAnalysis() {}

  /**
   * Analyses {@code model} on the validation split, or on the test split if the validation split is
   * empty (recorded in {@link SensitivityTable#evaluatedOn()}).
   *
   * @param evaluationExamples at most this many examples, a sample drawn with {@code seed}; null for all
   * @throws IllegalArgumentException if both splits are empty, the sparsities are invalid, or the
   *     selection names unknown layers or none
   */
  public static SensitivityTable analyze(NetworkModel model, DataSplits splits, LayerSelection selection,
      List<Double> sparsities, Integer evaluationExamples, long seed, ProgressReporter progress) {
    if (evaluationExamples != null && evaluationExamples < 1) {
      throw new IllegalArgumentException("evaluationExamples must be at least 1, got " + evaluationExamples);
    }
    Dataset data = splits.validation();
    String split = "validation";
    if (data.rows() == 0) {
      data = splits.test();
      split = "test (the validation split is empty)";
    }
    if (data.rows() == 0) {
      throw new IllegalArgumentException("sensitivity analysis needs evaluation data, but the validation and test "
          + "splits are both empty");
    }
    if (evaluationExamples != null && evaluationExamples < data.rows()) {
      int[] order = Dataset.permutation(data.rows(), new Random(seed));
      int rows = data.rows();
      data = data.subset(Arrays.copyOf(order, evaluationExamples));
      split = split + ", a seeded sample of " + evaluationExamples + " of " + rows + " examples";
    }
    return analyze(model, data, split, selection, sparsities, progress);
  }

  /**
   * Analyses the caller's DL4J network on one pass of {@code data} (converted by
   * {@link Datasets#from(DataSetIterator)}) at {@link #DEFAULT_SPARSITIES}, every prunable layer's
   * weights; {@code network} is not changed.
   *
   * @throws IllegalArgumentException as {@link #analyze(NetworkModel, Dataset, String, LayerSelection, List, ProgressReporter)}
   */
  public static SensitivityTable analyze(MultiLayerNetwork network, DataSetIterator data) {
    return analyze(network, data, LayerSelection.ALL_WEIGHTS, DEFAULT_SPARSITIES);
  }

  /**
   * Analyses the caller's DL4J network on one pass of {@code data}; {@code network} is not changed.
   *
   * @throws IllegalArgumentException as {@link #analyze(NetworkModel, Dataset, String, LayerSelection, List, ProgressReporter)}
   */
  public static SensitivityTable analyze(MultiLayerNetwork network, DataSetIterator data, LayerSelection selection,
      List<Double> sparsities) {
    Dataset converted = Datasets.from(data);
    try (NetworkModel borrowed = NetworkModel.borrow(network)) {
      return analyze(borrowed, converted, "the given data", selection, sparsities, ProgressReporter.NONE);
    }
  }

  /**
   * Analyses {@code model} on {@code data}.
   *
   * @param evaluatedOn what {@code data} is, for the table (e.g. {@code validation})
   * @param selection which layers to analyse, one at a time (biases too with {@code includeBias})
   * @param sparsities each in [0, 1), not empty, no repeats; analysed in ascending order
   * @throws IllegalArgumentException if {@code data} is empty or does not fit the model, the
   *     sparsities are invalid, or the selection names unknown layers or none
   */
  public static SensitivityTable analyze(NetworkModel model, Dataset data, String evaluatedOn,
      LayerSelection selection, List<Double> sparsities, ProgressReporter progress) {
    List<Double> sorted = checkedSparsities(sparsities);
    if (data.rows() == 0) {
      throw new IllegalArgumentException("sensitivity analysis needs evaluation data, got an empty dataset");
    }
    MultiLayerNetwork network = model.network();
    List<SensitivityLayer> layers = layers(network, selection);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("no layer is selected for sensitivity analysis; prunable layers: "
          + LayerSelection.prunableLayers(network));
    }
    Evaluation dense = Evaluator.evaluate(model, data);
    List<SensitivityPoint> points = new ArrayList<>();
    try (ProgressReporter.ProgressTask task = progress.start("sensitivity", (long) layers.size() * sorted.size(),
        "point")) {
      for (SensitivityLayer layer : layers) {
        for (double sparsity : sorted) {
          PruningPlan plan = PruningPlan.builder().sparsity(sparsity).layers(String.valueOf(layer.index()))
              .includeBias(selection.includeBias()).build();
          try (PruningResult pruned = Pruner.prune(model, plan, MAGNITUDE)) {
            Evaluation evaluation = Evaluator.evaluate(pruned.model(), data);
            points.add(new SensitivityPoint(layer.index(), layer.name(), sparsity, evaluation.accuracy(),
                evaluation.loss()));
          }
          task.step(1);
        }
      }
    }
    return new SensitivityTable(evaluatedOn, data.rows(), dense.accuracy(), dense.loss(), sorted, layers, points);
  }

  /**
   * The sparsities ascending, after checking that there is at least one, each in [0, 1), none repeated.
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  static List<Double> checkedSparsities(List<Double> sparsities) {
    if (sparsities == null || sparsities.isEmpty()) {
      throw new IllegalArgumentException("sparsities must not be empty, got " + sparsities);
    }
    TreeSet<Double> seen = new TreeSet<>();
    for (int i = 0; i < sparsities.size(); i++) {
      Double value = sparsities.get(i);
      if (value == null || !(value >= 0 && value < 1)) {
        throw new IllegalArgumentException("sparsities[" + i + "] must be in [0, 1), got " + value);
      }
      if (!seen.add(value)) {
        throw new IllegalArgumentException("sparsities[" + i + "] repeats " + value);
      }
    }
    return List.copyOf(seen);
  }

  /** The selected layers with their names, types and unambiguous recipe selectors. */
  private static List<SensitivityLayer> layers(MultiLayerNetwork network, LayerSelection selection) {
    Map<String, Integer> nameCounts = new LinkedHashMap<>();
    for (int i = 0; i < network.getnLayers(); i++) {
      String name = network.getLayerWiseConfigurations().getConf(i).getLayer().getLayerName();
      nameCounts.merge(name == null ? String.valueOf(i) : name, 1, Integer::sum);
    }
    Map<Integer, SensitivityLayer> byIndex = new LinkedHashMap<>();
    for (PrunableParameter param : selection.resolve(network)) {
      byIndex.computeIfAbsent(param.layerIndex(), index -> {
        String name = param.layerName();
        boolean unambiguous = !name.matches("\\d+") && !TYPE_SELECTORS.contains(name.toLowerCase(Locale.ROOT))
            && nameCounts.getOrDefault(name, 0) == 1;
        return new SensitivityLayer(index, name, param.layerType(), unambiguous ? name : String.valueOf(index));
      });
    }
    return List.copyOf(byIndex.values());
  }
}
