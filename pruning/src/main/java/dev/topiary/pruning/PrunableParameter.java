package dev.topiary.pruning;

/**
 * One parameter array selected for pruning, with what a criterion or an N:M pattern needs to know
 * about its layout. Scores and masks address its entries by flat index in row-major ('c') order
 * of the parameter's shape.
 *
 * @param key DL4J's parameter key, e.g. {@code "0_W"}
 * @param layerIndex the layer's index in the network
 * @param layerName the layer's DL4J name (by default {@code layer<index>})
 * @param layerType {@code dense}, {@code conv} or {@code output}
 * @param bias true for a bias vector ({@code b}), false for weights ({@code W})
 * @param length number of entries
 * @param fanIn inputs per output unit: {@code nIn} (dense, output), {@code nIn·kH·kW} (conv), 1 (bias)
 * @param outputs output units: {@code nOut}
 */
public record PrunableParameter(String key, int layerIndex, String layerName, String layerType, boolean bias,
    long length, long fanIn, long outputs) {

  /**
   * The flat row-major index of the weight from fan-in position {@code input} to output unit
   * {@code output}: {@code input·nOut + output} for a dense {@code [nIn, nOut]} kernel,
   * {@code output·fanIn + input} for a convolution kernel {@code [nOut, nIn, kH, kW]}.
   */
  public long flatIndex(long output, long input) {
    if (bias) {
      return output;
    }
    return layerType.equals(LayerSelection.CONV) ? output * fanIn + input : input * outputs + output;
  }
}
