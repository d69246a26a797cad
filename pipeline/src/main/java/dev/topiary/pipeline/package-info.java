/**
 * The recipe compiler: binds every stage of a recipe to its registered type, checks the whole
 * recipe before any work is done, and lists the Guice modules that make up Topiary.
 */
package dev.topiary.pipeline;
