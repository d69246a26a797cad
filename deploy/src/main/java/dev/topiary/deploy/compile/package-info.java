/**
 * The compiler from a DL4J {@code MultiLayerNetwork} to the dependency-free Topiary runtime
 * ({@link dev.topiary.deploy.compile.RuntimeCompiler}) and the {@code runtime.compile} stage, which
 * picks each layer's kernel by timing it on the machine and checks the result against DL4J.
 */
package dev.topiary.deploy.compile;
