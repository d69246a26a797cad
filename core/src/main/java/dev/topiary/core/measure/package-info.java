/** The meter: size, latency and accuracy measured the same way after every stage. */
package dev.topiary.core.measure;
