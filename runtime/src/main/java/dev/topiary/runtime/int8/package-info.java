/**
 * Int8 kernels of the Topiary runtime as pure functions: int8 × int8 → int32 dot products, matrix ×
 * vector and matrix × matrix products, a sparse (CSR) int8 matrix, im2col for int8 convolution, and
 * the per-channel requantization of int32 accumulators back to 8-bit activations (fused with relu)
 * or to float.
 *
 * <p><b>One representation of 8-bit activations.</b> Activations travel as signed bytes {@code a}
 * with a scale {@code s} and a zero point {@code z} in {@code [-128, 127]}: the real value is
 * {@code s·(a − z)}. Asymmetric uint8 activations (zero point {@code zu} in {@code [0, 255]}, the
 * convention of the quantization literature) are stored shifted by 128: {@code a = u − 128},
 * {@code z = zu − 128}, which leaves every real value unchanged. The kernels therefore only ever
 * multiply signed bytes by signed int8 weights; the zero point is applied once per output through
 * the weights' row sums ({@code Σ w·(a − z) = Σ w·a − z·Σ w}), precomputed by {@link
 * dev.topiary.runtime.int8.Requantization}.
 *
 * <p>Weights are symmetric int8 in {@code [-127, 127]} with a zero point of 0, one scale per output
 * channel (or one per tensor). Products of two bytes are at most 128·128, so an int32 accumulator
 * cannot overflow for fewer than 131,072 inputs per output; the kernels check that bound.
 *
 * <p><b>Int8 arithmetic on the float units.</b> The runtime's layers multiply on the fused
 * multiply-add units where the Vector API runs ({@link dev.topiary.runtime.int8.Int8Fma}): int8
 * weights widened to float lanes, exact partial sums of at most 128 products, int32 accumulators —
 * the same integers as the int loops ({@link dev.topiary.runtime.int8.Int8MatMul}, {@link
 * dev.topiary.runtime.int8.Int8Axpy}), which remain the kernels without the Vector API.
 */
package dev.topiary.runtime.int8;
