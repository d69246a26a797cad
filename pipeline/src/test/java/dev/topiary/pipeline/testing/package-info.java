/** Test fakes: a data source, a model handle and stages that need no native code. */
package dev.topiary.pipeline.testing;
