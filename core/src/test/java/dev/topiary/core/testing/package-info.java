/**
 * Test fixtures shared with every module through core's test-jar: tiny seeded networks and
 * datasets, and the contract every stage parameter record keeps.
 */
package dev.topiary.core.testing;
