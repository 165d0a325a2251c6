package dev.vane.internal.system;

import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Keeps SLF4J, which OSHI logs through, from printing "No SLF4J providers were found" into the
 * program's terminal. Only when the program has no SLF4J provider at all (so SLF4J would fall back
 * to its no-operation logger anyway) is that logger named explicitly, for the moment OSHI starts
 * SLF4J, with SLF4J's own reporting at warnings only so that naming it is not announced either.
 * A program with a provider, or one that chose one itself, is left alone.
 */
final class QuietSlf4j {
  private static final String PROVIDER = "slf4j.provider";
  private static final String VERBOSITY = "slf4j.internal.verbosity";
  private static final String NOP = "org.slf4j.helpers.NOP_FallbackServiceProvider";
  private static final String SERVICE = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

  private QuietSlf4j() {}

  /**
   * Runs {@code start} (which may start SLF4J) without SLF4J's no-provider warning. SLF4J is
   * started here, before {@code start}, since OSHI's classes ask for their loggers only when first
   * used, which may be well after.
   */
  static <T> T around(Supplier<T> start) {
    if (System.getProperty(PROVIDER) != null || hasProvider()) {
      return start.get();
    }
    String verbosity = System.getProperty(VERBOSITY);
    System.setProperty(PROVIDER, NOP);
    if (verbosity == null) {
      System.setProperty(VERBOSITY, "WARN");
    }
    try {
      LoggerFactory.getILoggerFactory();
    } finally {
      // SLF4J reads both once, when it starts: the program's own properties are as they were.
      System.clearProperty(PROVIDER);
      if (verbosity == null) {
        System.clearProperty(VERBOSITY);
      }
    }
    return start.get();
  }

  private static boolean hasProvider() {
    ClassLoader cl = QuietSlf4j.class.getClassLoader();
    try {
      return cl != null && cl.getResources(SERVICE).hasMoreElements();
    } catch (IOException e) {
      return true; // cannot tell: leave SLF4J as it is
    }
  }
}
