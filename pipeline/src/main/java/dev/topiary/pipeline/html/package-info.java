/**
 * The HTML reports: {@code report.html} of a run and {@code comparison.html} of a comparison, each
 * one self-contained file (charts drawn by XChart and embedded as PNG data, no script, no network)
 * that works opened from disk.
 */
package dev.topiary.pipeline.html;
