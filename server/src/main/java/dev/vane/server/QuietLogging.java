package dev.vane.server;

/**
 * Keeps the libraries under the server quiet on slf4j-simple: Jetty, Javalin, Flyway and Hikari log
 * their start-up at INFO, which would bury the few lines the CLI prints. Only levels nobody set are
 * changed, so {@code -Dorg.slf4j.simpleLogger.log.org.eclipse.jetty=debug} still works.
 */
final class QuietLogging {
  private static final String PREFIX = "org.slf4j.simpleLogger.log.";

  /**
   * The PostgreSQL driver logs through java.util.logging; it warns about a malformed URL on stderr
   * before the server reports the same in one line. Held here because JUL keeps loggers weakly.
   */
  private static final java.util.logging.Logger POSTGRES_DRIVER =
      java.util.logging.Logger.getLogger("org.postgresql");

  private static final String[] NOISY = {
    "org.eclipse.jetty", "io.javalin", "org.flywaydb", "com.zaxxer.hikari"
  };

  private QuietLogging() {}

  static void apply() {
    if (POSTGRES_DRIVER.getLevel() == null) {
      POSTGRES_DRIVER.setLevel(java.util.logging.Level.SEVERE);
    }
    for (String logger : NOISY) {
      if (System.getProperty(PREFIX + logger) == null) {
        System.setProperty(PREFIX + logger, "warn");
      }
    }
  }
}
