/** Recipes: their model, reading from YAML or JSON with line numbers, and their errors. */
package dev.topiary.core.recipe;
