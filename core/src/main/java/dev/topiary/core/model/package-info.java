/** Model handles: what a pipeline carries from stage to stage, and the one inference interface. */
package dev.topiary.core.model;
