package dev.vane.server;

/**
 * Keeps the libraries under the server quiet on slf4j-simple: Jetty, Javalin, Flyway and Hikari log
 * their start-up at INFO, which would bury the few lines the CLI prints. Only levels nobody set are
 * changed, so {@code -Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=debug} still works.
 */
final class QuietLogging {
  private static final String PREFIX = "org.slf4j.simpleLogger.log.";
  private static final String[] NOISY = {
    "org.eclipse.jetty", "io.javalin", "org.flywaydb", "com.zaxxer.hikari"
  };

  private QuietLogging() {}

  static void apply() {
    for (String logger : NOISY) {
      if (System.getProperty(PREFIX + logger) == null) {
        System.setProperty(PREFIX + logger, "warn");
      }
    }
  }
}
