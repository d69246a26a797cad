/**
 * Structured pruning: physically removes whole dense neurons and convolution filters, ranked by
 * the norm of their incoming weights, and rebuilds a smaller ordinary DL4J network whose matrices
 * really shrink (so inference does less work, unlike masked pruning, which only zeroes weights).
 *
 * <p>{@link dev.topiary.pruning.structured.StructuredPruner#mask} instead masks whole units (or
 * whole inputs, {@link dev.topiary.pruning.structured.PruningDimension#INPUT}) and keeps the shape,
 * as {@code torch.nn.utils.prune.ln_structured} does. Fractions round half to even, as in torch.
 * Layer selectors ({@code layers}, {@code overrides}) follow the one rule of
 * {@link dev.topiary.pruning.LayerSelection}, a type picking only layers whose units can go.
 *
 * <p>Library entry point: {@link dev.topiary.pruning.structured.StructuredPruner}; recipe stage
 * {@code prune.structured}: {@link dev.topiary.pruning.structured.StructuredPruningSpec} and
 * {@link dev.topiary.pruning.structured.StructuredPruningFactory}.
 */
package dev.topiary.pruning.structured;
