/** JMH benchmarks of the Topiary runtime against DL4J on the same weights (run by benchmarks/runtime-jmh.sh). */
package dev.topiary.deploy.bench;
