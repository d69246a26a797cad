package dev.topiary.pipeline.run;

import dev.topiary.core.BadInputException;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.model.ModelFileException;
import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.source.ModelSpec;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.train.ProgressReporter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** {@link BaselineBuilder#FROM_SPEC}: {@link ModelSpec#build}, and the architecture without training. */
final class SpecBaselineBuilder implements BaselineBuilder {

  @Override
  public ModelHandle build(ModelSpec spec, DataSplits data, Path baseDirectory, long seed, ProgressReporter progress)
      throws BadInputException {
    return spec.build(data, baseDirectory, seed, progress);
  }

  @Override
  public NetworkModel architecture(ModelSpec spec, DataSplits data, Path baseDirectory, long seed)
      throws BadInputException {
    if (spec.train() != null) {
      if (data == null) {
        return null;
      }
      MultiLayerNetwork network;
      try {
        network = new MultiLayerNetwork(spec.train().configuration(data.train(), seed));
      } catch (IllegalArgumentException e) {
        throw new ModelFileException(e.getMessage(), e);
      }
      network.init();
      return NetworkModel.owning(network);
    }
    if (data == null) {
      Path file = baseDirectory.resolve(spec.file());
      if (!Files.exists(file)) {
        throw new ModelFileException("model file " + spec.file() + " does not exist (looked for "
            + file.toAbsolutePath() + ")");
      }
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new ModelFileException("model file " + spec.file() + " is not a readable file");
      }
      return null;
    }
    // loading trains nothing: the file is read and checked against the data
    return spec.build(data, baseDirectory, seed, ProgressReporter.NONE);
  }
}
