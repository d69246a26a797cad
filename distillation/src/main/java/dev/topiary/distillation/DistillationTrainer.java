package dev.topiary.distillation;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.Inference;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.train.ProgressReporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Trains a student network in place on the softened outputs of one or more teachers (Hinton,
 * Vinyals and Dean 2015), with the loss of {@link SoftTargetLoss}:
 * {@code alpha·T²·KL(p_teacher,T ‖ p_student,T) + (1 − alpha)·CE(labels, p_student)}.
 *
 * <pre>{@code
 * DistillationTrainer trainer = DistillationTrainer.builder()
 *     .teacher(bigNetwork)            // a MultiLayerNetwork, a ModelHandle or any Inference
 *     .temperature(4).alpha(0.9)
 *     .epochs(5).batchSize(64).learningRate(1e-3).seed(7)
 *     .build();
 * DistillationHistory history = trainer.fit(student, trainData);   // student: a MultiLayerNetwork
 * }</pre>
 *
 * <p><b>Teachers</b> are borrowed: the trainer never closes or changes them. Several teachers form
 * an ensemble whose probabilities are averaged ({@link EnsembleAveraging#PROBABILITIES}, the
 * default) or whose log-probabilities are ({@link EnsembleAveraging#LOG_PROBABILITIES}). The
 * teachers run once per example before the first epoch; their soft targets are kept in heap memory
 * ({@code rows × classes} doubles) and reused every epoch, so an ensemble costs one inference pass.
 *
 * <p><b>The student</b> must end in a softmax output layer with as many classes as the teachers.
 * Its output layer's loss function is replaced by the distillation loss during the call and
 * restored afterwards; its updater state carries on, unless {@link Builder#updater} replaces the
 * updater (then its iteration count restarts at 0 too, so that Adam's bias correction is fresh as
 * well). A {@link NetworkModel} student keeps its masks: masked weights stay exactly zero.
 *
 * <p><b>Data</b> is a {@link TransferSet} (labelled or not), a Topiary {@link Dataset}, or a DL4J
 * {@link DataSetIterator} (read once into memory). Without labels the loss is the soft term alone
 * and {@code alpha} must be 1. Minibatches are drawn in a new order every epoch from one
 * {@link Random} seeded with {@link Builder#seed}.
 */
public final class DistillationTrainer {

  /** The updater names {@link Builder#updater} accepts. */
  public static final List<String> UPDATERS = List.of("adam", "sgd", "nesterovs");

  private static final int TEACHER_BATCH = 512;
  private static final double NESTEROVS_MOMENTUM = 0.9;

  private final List<TeacherSource> teachers;
  private final double temperature;
  private final double alpha;
  private final int epochs;
  private final int batchSize;
  private final Double learningRate;
  private final String updater;
  private final long seed;
  private final EnsembleAveraging averaging;
  private final ProgressReporter progress;

  private DistillationTrainer(Builder builder) {
    this.teachers = List.copyOf(builder.teachers);
    this.temperature = builder.temperature;
    this.alpha = builder.alpha;
    this.epochs = builder.epochs;
    this.batchSize = builder.batchSize;
    this.learningRate = builder.learningRate;
    this.updater = builder.updater;
    this.seed = builder.seed;
    this.averaging = builder.averaging;
    this.progress = builder.progress;
  }

  /** A builder; at least one teacher is required, every other option has a default. */
  public static Builder builder() {
    return new Builder();
  }

  /** The temperature T. */
  public double temperature() {
    return temperature;
  }

  /** The weight of the soft-target term. */
  public double alpha() {
    return alpha;
  }

  /**
   * Distils into {@code student} in place on labelled {@code data}.
   *
   * @throws IllegalArgumentException if the student, the teachers and the data do not fit together
   */
  public DistillationHistory fit(MultiLayerNetwork student, Dataset data) {
    return fit(student, TransferSet.labelled(data));
  }

  /**
   * Distils into {@code student} in place on the batches of {@code data}, read once into memory.
   *
   * @throws IllegalArgumentException if the student, the teachers and the data do not fit together
   */
  public DistillationHistory fit(MultiLayerNetwork student, DataSetIterator data) {
    return fit(student, TransferSet.from(data));
  }

  /**
   * Distils into {@code student} in place on {@code data}.
   *
   * @throws IllegalArgumentException if the student, the teachers and the data do not fit together
   */
  public DistillationHistory fit(MultiLayerNetwork student, TransferSet data) {
    return run(student, null, data);
  }

  /**
   * Distils into the network of {@code student} in place on labelled {@code data}; its masks hold.
   *
   * @throws IllegalArgumentException if the student, the teachers and the data do not fit together
   */
  public DistillationHistory fit(NetworkModel student, Dataset data) {
    return fit(student, TransferSet.labelled(data));
  }

  /**
   * Distils into the network of {@code student} in place on {@code data}; its masks hold: masked
   * weights are exactly zero afterwards.
   *
   * @throws IllegalArgumentException if the student, the teachers and the data do not fit together
   */
  public DistillationHistory fit(NetworkModel student, TransferSet data) {
    return run(student.network(), student, data);
  }

  /**
   * The soft targets the teachers give {@code data} at this trainer's temperature, row-major
   * {@code rows × classes}: what the student is trained towards.
   *
   * @throws IllegalArgumentException if a teacher does not take the data's features, or teachers disagree
   *     on the class count
   */
  public double[] softTargets(TransferSet data) {
    int classes = teacherClassCount(data.featureCount());
    List<float[]> outputs = new ArrayList<>();
    for (TeacherSource teacher : teachers) {
      float[] all = new float[data.rows() * classes];
      for (int from = 0; from < data.rows(); from += TEACHER_BATCH) {
        int to = Math.min(data.rows(), from + TEACHER_BATCH);
        float[] part = teacher.probabilities(data.rows(from, to), to - from);
        System.arraycopy(part, 0, all, from * classes, part.length);
      }
      outputs.add(all);
    }
    return SoftTargets.combine(outputs, data.rows(), classes, temperature, averaging);
  }

  private int teacherClassCount(int featureCount) {
    int classes = teachers.get(0).classCount();
    for (int i = 0; i < teachers.size(); i++) {
      TeacherSource teacher = teachers.get(i);
      if (teacher.inputSize() != featureCount) {
        throw new IllegalArgumentException("teacher " + (i + 1) + " takes " + teacher.inputSize()
            + " features per example, the transfer set has " + featureCount);
      }
      if (teacher.classCount() != classes) {
        throw new IllegalArgumentException("the teachers disagree on the class count: teacher 1 predicts " + classes
            + " classes, teacher " + (i + 1) + " predicts " + teacher.classCount());
      }
    }
    return classes;
  }

  private DistillationHistory run(MultiLayerNetwork network, NetworkModel masked, TransferSet data) {
    if (network.params() == null) {
      network.init();
    }
    int featureCount = data.featureCount();
    int studentInputs = NetworkModel.inputSize(network);
    if (studentInputs != featureCount) {
      throw new IllegalArgumentException("the student takes " + studentInputs
          + " features per example, the transfer set has " + featureCount);
    }
    int classes = teacherClassCount(featureCount);
    int studentClasses = NetworkModel.classCount(network);
    if (studentClasses != classes) {
      throw new IllegalArgumentException("the teacher predicts " + classes + " classes, the student "
          + studentClasses);
    }
    Layer outputConf = network.getLayerWiseConfigurations().getConf(network.getnLayers() - 1).getLayer();
    if (!(outputConf instanceof BaseOutputLayer output) || !(output.getActivationFn() instanceof ActivationSoftmax)) {
      throw new IllegalArgumentException("the student must end in a softmax output layer, got "
          + outputConf.getClass().getSimpleName() + (outputConf instanceof BaseOutputLayer o
              ? " with activation " + o.getActivationFn() : ""));
    }
    if (!data.hasLabels() && alpha != 1) {
      throw new IllegalArgumentException("an unlabeled transfer set needs alpha = 1 (the soft-target term alone), "
          + "got alpha = " + alpha);
    }
    if (data.hasLabels() && data.labelBound() > classes) {
      throw new IllegalArgumentException("the transfer set has label " + (data.labelBound() - 1)
          + ", but the models predict " + classes + " classes");
    }
    double[] soft = softTargets(data);

    SoftTargetLoss loss = new SoftTargetLoss(temperature, alpha);
    SoftTargetLoss.Tally tally = new SoftTargetLoss.Tally();
    loss.tally(tally);
    ILossFunction previousLoss = output.getLossFn();
    Collection<TrainingListener> previousListeners = new ArrayList<>(network.getListeners());
    output.setLossFn(loss);
    try {
      if (updater != null) {
        replaceUpdater(network, updater, learningRate != null ? learningRate : currentLearningRate(network));
      } else if (learningRate != null) {
        network.setLearningRate(learningRate);
      }
      List<TrainingListener> listeners = new ArrayList<>();
      if (masked != null) {
        masked.applyMasks();
        listeners.add(new MaskHold(masked));
      }
      network.setListeners(listeners);
      return loop(network, data, soft, classes, tally);
    } finally {
      output.setLossFn(previousLoss);
      network.setListeners(previousListeners);
      loss.tally(null);
    }
  }

  private DistillationHistory loop(MultiLayerNetwork network, TransferSet data, double[] soft, int classes,
      SoftTargetLoss.Tally tally) {
    int rows = data.rows();
    int featureCount = data.featureCount();
    Random random = new Random(seed);
    long perEpoch = (rows + batchSize - 1) / batchSize;
    List<Double> softCurve = new ArrayList<>();
    List<Double> hardCurve = new ArrayList<>();
    List<Double> totalCurve = new ArrayList<>();
    long iterations = 0;
    try (ProgressReporter.ProgressTask task = progress.start("distill", perEpoch * epochs, "batch")) {
      for (int epoch = 0; epoch < epochs; epoch++) {
        tally.reset();
        int[] order = Dataset.permutation(rows, random);
        for (int from = 0; from < rows; from += batchSize) {
          int n = Math.min(batchSize, rows - from);
          float[] features = new float[n * featureCount];
          float[] labels = new float[n * 2 * classes];
          for (int i = 0; i < n; i++) {
            int row = order[from + i];
            System.arraycopy(data.features(), row * featureCount, features, i * featureCount, featureCount);
            for (int c = 0; c < classes; c++) {
              labels[i * 2 * classes + c] = (float) soft[row * classes + c];
            }
            if (data.hasLabels()) {
              labels[i * 2 * classes + classes + data.label(row)] = 1f;
            }
          }
          try (INDArray f = Nd4j.create(features, new long[] {n, featureCount}, 'c');
              INDArray l = Nd4j.create(labels, new long[] {n, 2L * classes}, 'c')) {
            network.fit(new DataSet(f, l));
            // fit clears the layers' inputs; drop the network's references to the arrays closed
            // here (not network.clear(): it also drops the solver, and with it the updater's state)
            network.setInput(null);
            network.setLabels(null);
          }
          iterations++;
          task.step(1);
          task.status(String.format(Locale.ROOT, "epoch %d/%d soft %.4f hard %.4f", epoch + 1, epochs,
              tally.meanSoft(), tally.meanHard()));
        }
        network.incrementEpochCount();
        softCurve.add(tally.meanSoft());
        hardCurve.add(tally.meanHard());
        totalCurve.add(alpha * tally.meanSoft() + (1 - alpha) * tally.meanHard());
      }
    }
    return new DistillationHistory(softCurve, hardCurve, totalCurve, iterations);
  }

  private static double currentLearningRate(MultiLayerNetwork network) {
    for (int i = 0; i < network.getnLayers(); i++) {
      if (network.getLayerWiseConfigurations().getConf(i).getLayer() instanceof BaseLayer base
          && base.getIUpdater() != null && base.getIUpdater().hasLearningRate()) {
        return base.getIUpdater().getLearningRate(0, 0);
      }
    }
    return 1e-3;
  }

  /**
   * Gives every layer a new updater of {@code name} (fresh state) and restarts the network's
   * iteration count: DL4J's Adam takes its bias-correction step from that count, so zero moments
   * at a large count would make the first few hundred steps up to several times too large.
   */
  private static void replaceUpdater(MultiLayerNetwork network, String name, double rate) {
    for (int i = 0; i < network.getnLayers(); i++) {
      if (network.getLayerWiseConfigurations().getConf(i).getLayer() instanceof BaseLayer base) {
        base.setIUpdater(updater(name, rate));
        base.setBiasUpdater(null);
      }
    }
    network.getLayerWiseConfigurations().setIterationCount(0);
    network.setUpdater(null);
    network.getUpdater(true);
  }

  static IUpdater updater(String name, double rate) {
    return switch (name) {
      case "adam" -> new Adam(rate);
      case "sgd" -> new Sgd(rate);
      case "nesterovs" -> new Nesterovs(rate, NESTEROVS_MOMENTUM);
      default -> throw new IllegalArgumentException("updater: unknown updater '" + name + "'; one of " + UPDATERS);
    };
  }

  /** Options of a {@link DistillationTrainer}, validated by {@link #build()}. */
  public static final class Builder {
    private final List<TeacherSource> teachers = new ArrayList<>();
    private double temperature = 4;
    private double alpha = 0.9;
    private int epochs = 1;
    private int batchSize = 64;
    private Double learningRate;
    private String updater;
    private long seed = 0;
    private EnsembleAveraging averaging = EnsembleAveraging.PROBABILITIES;
    private ProgressReporter progress = ProgressReporter.NONE;

    private Builder() {}

    /** Adds a teacher given by Topiary's inference interface (any model kind); borrowed. */
    public Builder teacher(Inference teacher) {
      teachers.add(TeacherSource.of(require(teacher, "teacher")));
      return this;
    }

    /** Adds a teacher model; borrowed, never closed. */
    public Builder teacher(ModelHandle teacher) {
      return teacher(require(teacher, "teacher").inference());
    }

    /** Adds a DL4J network as a teacher, run in inference mode; borrowed, never closed or changed. */
    public Builder teacher(MultiLayerNetwork teacher) {
      teachers.add(TeacherSource.of(require(teacher, "teacher")));
      return this;
    }

    /** Temperature T of the soft targets, positive; default 4. */
    public Builder temperature(double value) {
      this.temperature = value;
      return this;
    }

    /** Weight of the soft-target term, in [0, 1]; default 0.9. Must be 1 for an unlabeled transfer set. */
    public Builder alpha(double value) {
      this.alpha = value;
      return this;
    }

    /** Full passes over the transfer set, at least 1; default 1. */
    public Builder epochs(int value) {
      this.epochs = value;
      return this;
    }

    /** Examples per minibatch, at least 1; default 64. */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** A new learning rate for the student's updater, positive; default: keep the student's own. */
    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /** A new updater for the student, one of {@link #UPDATERS} (fresh state); default: keep its own. */
    public Builder updater(String value) {
      this.updater = value == null ? null : value.toLowerCase(Locale.ROOT);
      return this;
    }

    /** Seed of the per-epoch shuffling; default 0. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** How an ensemble's teachers are combined; default {@link EnsembleAveraging#PROBABILITIES}. */
    public Builder averaging(EnsembleAveraging value) {
      this.averaging = require(value, "averaging");
      return this;
    }

    /** Where the progress bar goes; default nowhere. */
    public Builder progress(ProgressReporter value) {
      this.progress = require(value, "progress");
      return this;
    }

    /**
     * The trainer.
     *
     * @throws IllegalArgumentException naming the first option that is missing or out of range
     */
    public DistillationTrainer build() {
      if (teachers.isEmpty()) {
        throw new IllegalArgumentException("teacher: at least one teacher is required");
      }
      new SoftTargetLoss(temperature, alpha); // validates temperature and alpha with their messages
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
      }
      if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
        throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
      }
      if (updater != null && !UPDATERS.contains(updater)) {
        throw new IllegalArgumentException("updater: unknown updater '" + updater + "'; one of " + UPDATERS);
      }
      return new DistillationTrainer(this);
    }

    private static <T> T require(T value, String name) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }
  }
}
