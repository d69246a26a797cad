/**
 * Topiary's dependency-free inference runtime for compressed models (dense, sparse and int8
 * kernels) and its file format. It depends on nothing but the JDK. Work in progress.
 */
package dev.topiary.runtime;
