package dev.topiary.core;

import java.io.EOFException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What went wrong, in a user's words: an exception's message without Java class names
 * ({@code java.io.EOFException: Unexpected end of ZLIB input stream} becomes
 * {@code unexpected end of ZLIB input stream}), or, for an exception without a message, a short
 * description of its kind ({@code the file ends too early} for an {@link EOFException}).
 */
public final class PlainMessage {

  /** Qualified class names, optionally with the {@code ": "} that follows them in a message. */
  private static final Pattern CLASS_NAME = Pattern.compile(
      "(?:[a-z_$][a-z0-9_$]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)(?::\\s*)?");

  private static final Map<String, String> KINDS = Map.ofEntries(
      Map.entry("EOFException", "the file ends too early (is it truncated?)"),
      Map.entry("ZipException", "not a valid zip archive"),
      Map.entry("NoSuchFileException", "no such file"),
      Map.entry("AccessDeniedException", "permission denied"),
      Map.entry("NotDirectoryException", "not a folder"),
      Map.entry("FileAlreadyExistsException", "the file already exists"),
      Map.entry("DirectoryNotEmptyException", "the folder is not empty"),
      Map.entry("OutOfMemoryError", "out of memory (give the JVM more with -Xmx)"),
      Map.entry("NullPointerException", "a value was missing"),
      Map.entry("ArrayIndexOutOfBoundsException", "an index was out of range"),
      Map.entry("IndexOutOfBoundsException", "an index was out of range"),
      Map.entry("NumberFormatException", "not a number"),
      Map.entry("UnsupportedOperationException", "an unsupported operation"),
      Map.entry("IllegalStateException", "an inconsistent state"));

  private PlainMessage() {}

  /** The plain description of {@code error}; never null, never blank, never a Java class name. */
  public static String of(Throwable error) {
    for (Throwable current = error; current != null; current = current.getCause()) {
      String text = fileSystemText(current);
      if (text == null) {
        text = strip(current.getMessage());
      }
      if (!text.isEmpty()) {
        return text;
      }
      if (current.getCause() == null || current.getCause() == current) {
        return kind(current);
      }
    }
    return "an unknown error";
  }

  /** {@code text} without qualified Java class names, trimmed; empty for null. */
  public static String strip(String text) {
    if (text == null) {
      return "";
    }
    return CLASS_NAME.matcher(text).replaceAll("").trim();
  }

  /** A short description of the exception's kind, from its simple name. */
  static String kind(Throwable error) {
    String simple = error.getClass().getSimpleName();
    String known = KINDS.get(simple);
    if (known != null) {
      return known;
    }
    String words = simple.replaceAll("(Exception|Error)$", "").replaceAll("([a-z])([A-Z])", "$1 $2")
        .toLowerCase(Locale.ROOT).trim();
    return words.isEmpty() ? "an unknown error" : "an unexpected " + words + " problem";
  }

  private static String fileSystemText(Throwable error) {
    if (!(error instanceof FileSystemException fs)) {
      return null;
    }
    String what;
    if (fs.getReason() != null && !fs.getReason().isBlank()) {
      what = lowerFirst(fs.getReason());
    } else if (error instanceof NoSuchFileException) {
      what = "no such file or folder";
    } else if (error instanceof AccessDeniedException) {
      what = "permission denied";
    } else if (error instanceof NotDirectoryException) {
      what = "not a folder";
    } else {
      what = kind(error);
    }
    return fs.getFile() == null ? what : fs.getFile() + ": " + what;
  }

  private static String lowerFirst(String text) {
    if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))) {
      return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
    return text;
  }
}
