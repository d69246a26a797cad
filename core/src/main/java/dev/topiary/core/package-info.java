/**
 * Topiary's shared vocabulary: model handles, stages and their registry, data, training, the
 * meter and recipes. Every technique module depends on this module only.
 */
package dev.topiary.core;
