package dev.topiary.core.source;

import dev.topiary.core.PlainMessage;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelFileException;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.train.ProgressReporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A recipe's {@code model:} section: exactly one of {@code train} (build and train an
 * architecture, see {@link TrainSpec}) or {@code file} (load a DL4J {@code ModelSerializer} zip of a
 * {@code MultiLayerNetwork}, relative to the recipe's folder).
 *
 * <pre>
 * model:
 *   train: {architecture: mlp, hidden: [300, 150], epochs: 10}
 * model:
 *   file: models/baseline.zip
 * </pre>
 *
 * @param train the architecture to train, or null
 * @param file the model file to load, relative to the recipe's folder, or null
 */
public record ModelSpec(TrainSpec train, String file) {

  /** Checks that exactly one of {@code train} and {@code file} is given. */
  public ModelSpec {
    if (train != null && file != null) {
      throw new IllegalArgumentException("model: give either train or file, not both");
    }
    if (train == null && file == null) {
      throw new IllegalArgumentException("model: give one of train (an architecture to train) or file "
          + "(a DL4J model zip to load)");
    }
    if (file != null && file.isBlank()) {
      throw new IllegalArgumentException("model.file: must not be blank");
    }
  }

  /** A spec that trains {@code train}. */
  public static ModelSpec trained(TrainSpec train) {
    return new ModelSpec(train, null);
  }

  /** A spec that loads {@code file}, relative to the base directory given to {@link #build}. */
  public static ModelSpec fromFile(String file) {
    return new ModelSpec(null, file);
  }

  /**
   * Builds (trains or loads) the baseline model for {@code data}; the caller owns the result.
   *
   * @param baseDirectory the folder a relative {@code file} is resolved against (the recipe's folder)
   * @param seed the seed of training when {@code train} gives none
   * @throws ModelFileException if the file is missing, unreadable, not a DL4J zip or a
   *     ComputationGraph, or if the model does not fit the data (the message names both numbers)
   */
  public NetworkModel build(DataSplits data, Path baseDirectory, long seed, ProgressReporter progress)
      throws ModelFileException {
    if (train != null) {
      try {
        return train.train(data.train(), seed, progress);
      } catch (IllegalArgumentException e) {
        throw new ModelFileException(e.getMessage(), e);
      }
    }
    NetworkModel model = NetworkModel.owning(load(baseDirectory.resolve(file)));
    try {
      checkFits(model.network(), data.train());
    } catch (ModelFileException | RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /**
   * Loads a DL4J {@code MultiLayerNetwork} model zip with the same checks and messages as a
   * recipe's {@code model.file}; the caller owns the network.
   *
   * @throws ModelFileException if the file is missing, unreadable, not a DL4J zip or not a MultiLayerNetwork
   */
  public static MultiLayerNetwork loadNetwork(Path path) throws ModelFileException {
    return fromFile(path.toString()).load(path);
  }

  private MultiLayerNetwork load(Path path) throws ModelFileException {
    if (!Files.exists(path)) {
      throw new ModelFileException("model file " + file + " does not exist (looked for " + path.toAbsolutePath()
          + ")");
    }
    if (!Files.isRegularFile(path)) {
      throw new ModelFileException("model file " + file + " is not a file");
    }
    if (!Files.isReadable(path)) {
      throw new ModelFileException("model file " + file + " is not readable");
    }
    String configuration;
    try (ZipFile zip = new ZipFile(path.toFile())) {
      ZipEntry config = zip.getEntry(ModelSerializer.CONFIGURATION_JSON);
      if (config == null || zip.getEntry(ModelSerializer.COEFFICIENTS_BIN) == null) {
        throw new ModelFileException("model file " + file + " is not a DL4J model zip (it has no "
            + ModelSerializer.CONFIGURATION_JSON + " and " + ModelSerializer.COEFFICIENTS_BIN + ")");
      }
      configuration = new String(zip.getInputStream(config).readAllBytes(), StandardCharsets.UTF_8);
    } catch (ZipException e) {
      throw new ModelFileException("model file " + file + " is not a DL4J model zip (not a zip archive)", e);
    } catch (IOException e) {
      throw new ModelFileException("model file " + file + " cannot be read: " + PlainMessage.of(e), e);
    }
    if (isComputationGraph(configuration)) {
      throw new ModelFileException("model file " + file + " holds a DL4J ComputationGraph; Topiary needs a "
          + "MultiLayerNetwork");
    }
    try {
      return ModelSerializer.restoreMultiLayerNetwork(path.toFile(), true);
    } catch (IOException | RuntimeException e) {
      throw new ModelFileException("model file " + file + " is not a DL4J MultiLayerNetwork: " + PlainMessage.of(e), e);
    }
  }

  private static boolean isComputationGraph(String configuration) {
    try {
      ComputationGraphConfiguration graph = ComputationGraphConfiguration.fromJson(configuration);
      return graph.getNetworkInputs() != null && graph.getVertices() != null && !graph.getVertices().isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private void checkFits(MultiLayerNetwork network, Dataset data) throws ModelFileException {
    int inputSize;
    int classCount;
    try {
      inputSize = NetworkModel.inputSize(network);
      classCount = NetworkModel.classCount(network);
    } catch (IllegalArgumentException e) {
      throw new ModelFileException("model file " + file + ": " + e.getMessage(), e);
    }
    if (inputSize != data.featureCount()) {
      throw new ModelFileException("model file " + file + " takes " + inputSize + " features per example, but the "
          + "data has " + data.featureCount());
    }
    if (classCount != data.classCount()) {
      throw new ModelFileException("model file " + file + " predicts " + classCount + " classes, but the data has "
          + data.classCount());
    }
  }
}
