package dev.topiary.pruning;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.train.ProgressReporter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prunes a network by a {@link PruningPlan} and an {@link ImportanceCriterion}: the library entry
 * point the {@code prune.*} stages call.
 *
 * <p>Each round scores the selected parameters, ranks the scores of each pool (a layer with
 * {@link Scope#LAYER}, all selected layers with {@link Scope#GLOBAL}) and masks the lowest ones
 * through {@link NetworkModel#setMask}, so that they stay zero through later training with
 * {@link dev.topiary.core.train.NetworkTrainer}. Ties are broken by position: among equal scores
 * the entry earlier in the pool is pruned first, where a pool lists its parameters in layer order
 * (weights before bias) and each parameter in row-major order. Entries that were masked before
 * stay masked and count toward the amount. A mask is set on every selected parameter that has at
 * least one pruned entry.
 */
public final class Pruner {

  private Pruner() {}

  /**
   * Prunes a copy of the caller's DL4J network; {@code network} itself is not changed. The result
   * owns the pruned copy ({@link PruningResult#network()}).
   *
   * @throws IllegalArgumentException as {@link #prune(NetworkModel, PruningPlan, ImportanceCriterion, ProgressReporter)}
   */
  public static PruningResult prune(MultiLayerNetwork network, PruningPlan plan, ImportanceCriterion criterion) {
    try (NetworkModel borrowed = NetworkModel.borrow(network)) {
      return prune(borrowed, plan, criterion, ProgressReporter.NONE);
    }
  }

  /** Prunes a copy of {@code input}, without progress reporting. */
  public static PruningResult prune(NetworkModel input, PruningPlan plan, ImportanceCriterion criterion) {
    return prune(input, plan, criterion, ProgressReporter.NONE);
  }

  /**
   * Prunes a copy of {@code input}; the input is not changed.
   *
   * @throws IllegalArgumentException if the plan does not fit the network (an unknown layer, a
   *     count larger than the selected weights, an N:M group size that does not divide a fan-in)
   */
  public static PruningResult prune(NetworkModel input, PruningPlan plan, ImportanceCriterion criterion,
      ProgressReporter progress) {
    NetworkModel copy = input.copy();
    try {
      PruningReport report = pruneInPlace(copy, plan, criterion, progress);
      return new PruningResult(copy, report);
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
  }

  /**
   * Prunes {@code model} itself (for callers that own it, such as a training listener).
   *
   * @throws IllegalArgumentException as {@link #prune(NetworkModel, PruningPlan, ImportanceCriterion, ProgressReporter)}
   */
  public static PruningReport pruneInPlace(NetworkModel model, PruningPlan plan, ImportanceCriterion criterion,
      ProgressReporter progress) {
    MultiLayerNetwork network = model.network();
    List<Integer> layers = plan.selection().selectedLayers(network);
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("no layer is selected for pruning; prunable layers: "
          + LayerSelection.describeLayers(network, LayerSelection.prunableLayers(network)));
    }
    List<PrunableParameter> params = plan.selection().resolve(network);
    Map<Integer, Double> overrides = resolveOverrides(network, plan, layers);
    Granularity granularity = plan.granularity();
    if (!granularity.unstructured()) {
      for (PrunableParameter param : params) {
        if (param.fanIn() % granularity.m() != 0) {
          throw new IllegalArgumentException("granularity " + granularity + " needs the fan-in of layer "
              + param.layerIndex() + " (" + param.layerName() + ") to be a multiple of " + granularity.m()
              + ", got " + param.fanIn());
        }
      }
    }
    List<Pool> pools = granularity.unstructured() ? pools(plan, params, overrides) : List.of();
    int rounds = plan.rounds();
    Map<String, boolean[]> pruned = new LinkedHashMap<>();
    try (ProgressReporter.ProgressTask task = progress.start("prune " + criterion.name(), rounds, "round")) {
      for (int round = 1; round <= rounds; round++) {
        Map<String, double[]> scores = checkedScores(criterion, model, params);
        pruned.clear();
        if (granularity.unstructured()) {
          for (Pool pool : pools) {
            pool.prune(scores, round, rounds, pruned);
          }
        } else {
          for (PrunableParameter param : params) {
            pruned.put(param.key(), nOfM(param, scores.get(param.key()), granularity));
          }
        }
        for (PrunableParameter param : params) {
          boolean[] flags = pruned.get(param.key());
          if (count(flags) > 0 || model.masks().containsKey(param.key())) {
            setMask(model, param.key(), flags);
          }
        }
        task.step(1);
      }
    }
    return report(network, plan, criterion, params, pools, pruned, rounds);
  }

  /**
   * A copy of {@code input} without masks ("strip"): the zeros stay, but later training may make
   * them non-zero again.
   */
  public static NetworkModel strip(NetworkModel input) {
    NetworkModel copy = input.copy();
    copy.clearMasks();
    return copy;
  }

  private static Map<Integer, Double> resolveOverrides(MultiLayerNetwork network, PruningPlan plan,
      List<Integer> selected) {
    Map<Integer, Double> resolved = new TreeMap<>();
    Map<Integer, String> givenBy = new TreeMap<>();
    plan.overrides().forEach((selector, sparsity) -> {
      for (int index : LayerSelection.layersMatching(network, selector, "overrides")) {
        if (!selected.contains(index)) {
          throw new IllegalArgumentException("overrides: layer " + index + " (" + LayerSelection.layerName(network, index)
              + ") is not selected for pruning; selected layers: " + LayerSelection.describeLayers(network, selected));
        }
        String previous = givenBy.put(index, selector);
        if (previous != null) {
          throw new IllegalArgumentException("overrides: layer " + index + " is given by both '" + previous
              + "' and '" + selector + "'");
        }
        resolved.put(index, sparsity);
      }
    });
    return resolved;
  }

  private static List<Pool> pools(PruningPlan plan, List<PrunableParameter> params, Map<Integer, Double> overrides) {
    Map<Integer, List<PrunableParameter>> byLayer = new TreeMap<>();
    for (PrunableParameter param : params) {
      byLayer.computeIfAbsent(param.layerIndex(), i -> new ArrayList<>()).add(param);
    }
    List<Pool> pools = new ArrayList<>();
    List<PrunableParameter> shared = new ArrayList<>();
    for (Map.Entry<Integer, List<PrunableParameter>> layer : byLayer.entrySet()) {
      Double override = overrides.get(layer.getKey());
      PrunableParameter first = layer.getValue().get(0);
      String what = "of layer " + first.layerIndex() + " (" + first.layerName() + ")";
      if (override != null) {
        pools.add(new Pool(layer.getValue(), PruningAmount.sparsity(override), what, false));
      } else if (plan.scope() == Scope.LAYER) {
        pools.add(new Pool(layer.getValue(), plan.amount(), what, false));
      } else {
        shared.addAll(layer.getValue());
      }
    }
    if (!shared.isEmpty()) {
      pools.add(new Pool(shared, plan.amount(), "in total", true));
    }
    return pools;
  }

  private static Map<String, double[]> checkedScores(ImportanceCriterion criterion, NetworkModel model,
      List<PrunableParameter> params) {
    Map<String, double[]> scores = criterion.scores(model, params);
    Map<String, double[]> checked = new LinkedHashMap<>();
    for (PrunableParameter param : params) {
      double[] values = scores.get(param.key());
      if (values == null || values.length != param.length()) {
        throw new IllegalStateException("criterion '" + criterion.name() + "' gave no scores of length "
            + param.length() + " for " + param.key());
      }
      values = values.clone();
      for (double value : values) {
        if (Double.isNaN(value)) {
          throw new IllegalArgumentException("criterion '" + criterion.name() + "' gave a NaN score for "
              + param.key() + " (non-finite weights or gradients?)");
        }
      }
      INDArray mask = model.masks().get(param.key());
      if (mask != null) {
        double[] keep = flat(mask);
        for (int i = 0; i < keep.length; i++) {
          if (keep[i] == 0) {
            values[i] = Double.NEGATIVE_INFINITY;
          }
        }
      }
      checked.put(param.key(), values);
    }
    return checked;
  }

  /** The entries of {@code array} in row-major order, as doubles. */
  static double[] flat(INDArray array) {
    try (INDArray contiguous = array.dup('c')) {
      return contiguous.data().asDouble();
    }
  }

  private static void setMask(NetworkModel model, String key, boolean[] pruned) {
    float[] keep = new float[pruned.length];
    for (int i = 0; i < pruned.length; i++) {
      keep[i] = pruned[i] ? 0f : 1f;
    }
    long[] shape = model.parameter(key).shape();
    try (INDArray mask = Nd4j.create(keep, shape, 'c')) {
      model.setMask(key, mask);
    }
  }

  /**
   * Masks the {@code k} lowest scores ({@code k} raised to the already-masked count), ties by
   * position; returns the largest masked score, or NaN if none was ranked out.
   */
  static double lowest(double[] scores, long k, boolean[] out) {
    long forced = 0;
    for (double score : scores) {
      if (score == Double.NEGATIVE_INFINITY) {
        forced++;
      }
    }
    k = Math.max(k, forced);
    if (k == 0) {
      return Double.NaN;
    }
    double[] sorted = scores.clone();
    Arrays.sort(sorted);
    double tau = sorted[(int) k - 1];
    long ties = k;
    for (double score : scores) {
      if (score < tau) {
        ties--;
      }
    }
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] < tau) {
        out[i] = true;
      } else if (scores[i] == tau && ties > 0) {
        out[i] = true;
        ties--;
      }
    }
    return tau;
  }

  /** In each group of M consecutive fan-in entries of each output unit, masks all but the N highest. */
  static boolean[] nOfM(PrunableParameter param, double[] scores, Granularity granularity) {
    int n = granularity.n();
    int m = granularity.m();
    boolean[] pruned = new boolean[scores.length];
    int[] group = new int[m];
    for (long output = 0; output < param.outputs(); output++) {
      for (long start = 0; start < param.fanIn(); start += m) {
        for (int j = 0; j < m; j++) {
          group[j] = (int) param.flatIndex(output, start + j);
        }
        // insertion sort by (score, flat index): the first m - n are pruned
        for (int a = 1; a < m; a++) {
          int entry = group[a];
          int b = a - 1;
          while (b >= 0 && (scores[group[b]] > scores[entry]
              || (scores[group[b]] == scores[entry] && group[b] > entry))) {
            group[b + 1] = group[b];
            b--;
          }
          group[b + 1] = entry;
        }
        for (int j = 0; j < m; j++) {
          if (j < m - n || scores[group[j]] == Double.NEGATIVE_INFINITY) {
            pruned[group[j]] = true;
          }
        }
      }
    }
    return pruned;
  }

  private static int count(boolean[] flags) {
    int count = 0;
    for (boolean flag : flags) {
      if (flag) {
        count++;
      }
    }
    return count;
  }

  private static PruningReport report(MultiLayerNetwork network, PruningPlan plan, ImportanceCriterion criterion,
      List<PrunableParameter> params, List<Pool> pools, Map<String, boolean[]> pruned, int rounds) {
    Map<Integer, List<PrunableParameter>> byLayer = new TreeMap<>();
    for (PrunableParameter param : params) {
      byLayer.computeIfAbsent(param.layerIndex(), i -> new ArrayList<>()).add(param);
    }
    List<LayerPruning> layers = new ArrayList<>();
    long selected = 0;
    long prunedTotal = 0;
    Double globalThreshold = null;
    for (Pool pool : pools) {
      if (pool.global) {
        globalThreshold = pool.threshold();
      }
    }
    for (Map.Entry<Integer, List<PrunableParameter>> layer : byLayer.entrySet()) {
      long weights = 0;
      long count = 0;
      List<String> keys = new ArrayList<>();
      for (PrunableParameter param : layer.getValue()) {
        weights += param.length();
        count += count(pruned.get(param.key()));
        keys.add(param.key());
      }
      Double threshold = null;
      for (Pool pool : pools) {
        if (pool.params.contains(layer.getValue().get(0))) {
          threshold = pool.threshold();
        }
      }
      PrunableParameter first = layer.getValue().get(0);
      layers.add(new LayerPruning(first.layerIndex(), first.layerName(), first.layerType(), keys, weights, count,
          (double) count / weights, threshold));
      selected += weights;
      prunedTotal += count;
    }
    return new PruningReport(criterion.name(), plan.scope(), plan.granularity().toString(), rounds, layers,
        globalThreshold, selected, prunedTotal, (double) prunedTotal / selected, PruningReport.SPEED_NOTE);
  }

  /** Parameters ranked together, with their amount. */
  private static final class Pool {
    final List<PrunableParameter> params;
    final PruningAmount amount;
    final boolean global;
    final long size;
    final long target;
    double threshold = Double.NaN;

    Pool(List<PrunableParameter> params, PruningAmount amount, String what, boolean global) {
      this.params = List.copyOf(params);
      this.amount = amount;
      this.global = global;
      this.size = params.stream().mapToLong(PrunableParameter::length).sum();
      this.target = amount.threshold() != null ? -1 : amount.prunedOf(size, what);
    }

    void prune(Map<String, double[]> scores, int round, int rounds, Map<String, boolean[]> out) {
      double[] all = new double[Math.toIntExact(size)];
      int offset = 0;
      for (PrunableParameter param : params) {
        double[] values = scores.get(param.key());
        System.arraycopy(values, 0, all, offset, values.length);
        offset += values.length;
      }
      boolean[] flags = new boolean[all.length];
      if (amount.threshold() != null) {
        double t = amount.threshold();
        double largest = Double.NaN;
        for (int i = 0; i < all.length; i++) {
          if (all[i] <= t) {
            flags[i] = true;
            largest = Double.isNaN(largest) ? all[i] : Math.max(largest, all[i]);
          }
        }
        threshold = Double.isNaN(largest) ? Double.NaN : t;
      } else {
        threshold = lowest(all, roundTarget(size, target, round, rounds), flags);
      }
      offset = 0;
      for (PrunableParameter param : params) {
        out.put(param.key(), Arrays.copyOfRange(flags, offset, offset + (int) param.length()));
        offset += (int) param.length();
      }
    }

    Double threshold() {
      return Double.isFinite(threshold) ? threshold : null;
    }

    /** Pruned count after round r of R: density goes from 1 to d = (n − k)/n as d^(r/R). */
    static long roundTarget(long n, long k, int round, int rounds) {
      if (round == rounds || n == 0) {
        return k;
      }
      double density = (double) (n - k) / n;
      return n - (long) Math.rint(n * Math.pow(density, (double) round / rounds));
    }
  }
}
