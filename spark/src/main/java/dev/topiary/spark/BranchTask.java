package dev.topiary.spark;

import java.io.Serializable;

/**
 * What one Spark task needs to run one branch of a sweep: the recipe's text (compiled again on
 * the executor), the branch, where to write its folder, and the shipped baseline cache.
 *
 * @param recipeText the recipe file's content
 * @param fileName the recipe file's name (its extension gives the format)
 * @param baseDirectory the folder the recipe's relative paths resolve against
 * @param seedOverride the seed replacing the recipe's, or null
 * @param branch the branch's name
 * @param folder the branch's report folder (created by the task)
 * @param shippedCache the name under which the driver added the baseline cache folder with
 *     {@code SparkContext.addFile} (found with {@code SparkFiles.get})
 * @param deadlineMillis epoch milliseconds after which the task does not start its branch (the
 *     sweep's wall-time budget), or {@link Long#MAX_VALUE}
 * @param allowLarge the driver compiled the sweep with {@code --allow-large}
 * @param failFirstAttempt for tests: the first attempt of this task throws, as if its executor had died
 */
record BranchTask(String recipeText, String fileName, String baseDirectory, Long seedOverride, String branch,
    String folder, String shippedCache, long deadlineMillis, boolean allowLarge, boolean failFirstAttempt) implements Serializable {
}
