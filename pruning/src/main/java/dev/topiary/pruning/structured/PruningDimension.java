package dev.topiary.pruning.structured;

/**
 * Which axis of a layer's weights structured masking zeroes whole slices of
 * ({@code torch.nn.utils.prune.ln_structured}'s {@code dim}).
 */
public enum PruningDimension {
  /**
   * A unit's outgoing channel: a dense neuron (a column of W [nIn, nOut], and its bias) or a
   * convolution filter (W[f, :, :, :], and its bias); torch's {@code dim=0} for both layouts.
   */
  OUTPUT,
  /**
   * One input of the layer: a dense input feature (a row of W [nIn, nOut]) or a convolution input
   * channel (W[:, c, :, :]); the bias is not touched. The output layer and the first layer can be
   * masked along this axis.
   */
  INPUT
}
