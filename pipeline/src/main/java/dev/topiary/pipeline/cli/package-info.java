/** The {@code topiary} command line: {@code run}, {@code validate} and {@code stages}. */
package dev.topiary.pipeline.cli;
