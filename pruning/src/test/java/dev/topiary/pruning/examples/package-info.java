/** The library examples the README quotes, compiled and run as tests so they stay true. */
package dev.topiary.pruning.examples;
