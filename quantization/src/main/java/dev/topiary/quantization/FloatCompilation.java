package dev.topiary.quantization;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.deploy.compile.CompileOptions;
import dev.topiary.deploy.compile.KernelPolicy;
import dev.topiary.deploy.compile.LayerChoice;
import dev.topiary.deploy.compile.RuntimeCompilation;
import dev.topiary.deploy.compile.RuntimeCompiler;
import dev.topiary.runtime.LayerInfo;
import dev.topiary.runtime.RuntimeModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The fp32 runtime model a DL4J network quantizes from (batch norm folded, masks as zeros, dense
 * or sparse fp32 kernels timed by the runtime compiler), and the names its layers go by: the
 * runtime's ({@code dense_3}) and DL4J's (the layer name, e.g. {@code layer2}, or its index).
 */
final class FloatCompilation {

  private static final Pattern SOURCE = Pattern.compile("layer (\\d+) \\(");

  final RuntimeModel model;
  final List<LayerChoice> choices;
  /** Every accepted name of a weighted layer → the runtime layer's name. */
  final Map<String, String> names = new LinkedHashMap<>();

  private FloatCompilation(RuntimeCompilation compilation, MultiLayerNetwork network) {
    this.model = compilation.model();
    this.choices = compilation.choices();
    List<LayerInfo> layers = model.layers();
    Map<String, String> dl4j = new LinkedHashMap<>();
    Map<String, String> runtime = new LinkedHashMap<>();
    for (LayerChoice choice : choices) {
      String runtimeName = layers.get(choice.layer()).name();
      runtime.put(runtimeName, runtimeName);
      Matcher m = SOURCE.matcher(choice.source());
      if (m.find()) {
        int index = Integer.parseInt(m.group(1));
        String layerName = network.getLayerWiseConfigurations().getConf(index).getLayer().getLayerName();
        if (layerName != null) {
          dl4j.put(layerName, runtimeName);
        }
        dl4j.putIfAbsent(String.valueOf(index), runtimeName);
      }
    }
    names.putAll(dl4j);
    runtime.forEach(names::putIfAbsent);
  }

  static FloatCompilation of(NetworkModel network, float[] sample, int sampleRows, List<String> classNames) {
    return new FloatCompilation(RuntimeCompiler.compile(network, CompileOptions.of(KernelPolicy.AUTO), sample,
        sampleRows, classNames), network.network());
  }

  /** Dense fp32 kernels everywhere, without timing (for stages that have no sample rows). */
  static FloatCompilation dense(NetworkModel network) {
    return new FloatCompilation(RuntimeCompiler.compile(network, CompileOptions.of(KernelPolicy.DENSE), null, 0,
        List.of()), network.network());
  }

  /** Dense fp32 kernels everywhere, without timing, for a bare DL4J network (borrowed, not changed). */
  static FloatCompilation dense(MultiLayerNetwork network) {
    return new FloatCompilation(RuntimeCompiler.compile(network, CompileOptions.of(KernelPolicy.DENSE), null, 0,
        List.of()), network);
  }

  static FloatCompilation of(MultiLayerNetwork network, float[] sample, int sampleRows, List<String> classNames) {
    return new FloatCompilation(RuntimeCompiler.compile(network, CompileOptions.of(KernelPolicy.AUTO), sample,
        sampleRows, classNames), network);
  }

  /**
   * The runtime names of {@code keepFloat} entries (DL4J layer names, DL4J indices or runtime names).
   *
   * @throws IllegalArgumentException naming the first unknown entry and the known names
   */
  List<String> runtimeNames(List<String> keepFloat) {
    List<String> out = new ArrayList<>();
    for (String name : keepFloat) {
      String runtime = names.get(name);
      if (runtime == null) {
        throw new IllegalArgumentException(unknownLayer(name));
      }
      out.add(runtime);
    }
    return out;
  }

  /** The names {@code keepFloat} may use, without the bare indices (which are accepted too). */
  Set<String> knownNames() {
    Set<String> known = new LinkedHashSet<>();
    names.keySet().stream().filter(n -> !n.matches("\\d+")).forEach(known::add);
    return known;
  }

  /** The message for a {@code keepFloat} entry that names no weighted layer. */
  String unknownLayer(String name) {
    return "keepFloat names unknown layer '" + name + "'; known: " + knownNames();
  }
}
