/** Writing files a user keeps: never half-written, never lost to an interrupted write. */
package dev.topiary.core.io;
