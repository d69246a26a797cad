/**
 * Getting a model out of DL4J: the {@link dev.topiary.deploy.RuntimeModelHandle} of compiled
 * runtime models, the compiler to the Topiary runtime ({@code dev.topiary.deploy.compile}) and ONNX
 * export; registered by {@link dev.topiary.deploy.DeployModule}.
 */
package dev.topiary.deploy;
