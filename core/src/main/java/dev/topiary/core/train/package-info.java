/** The one training loop (seeded, masked, with progress) and progress reporting. */
package dev.topiary.core.train;
