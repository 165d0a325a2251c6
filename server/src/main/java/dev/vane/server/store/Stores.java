package dev.vane.server.store;

/** The stores of one connection (and, inside {@link Database#write}, of one transaction). */
public interface Stores {

  /** Users and their API keys. */
  UserStore users();

  /** Entities. */
  EntityStore entities();

  /** Team memberships and roles. */
  TeamStore teams();

  /** Projects. */
  ProjectStore projects();

  /** Runs and the IDs of deleted runs. */
  RunStore runs();

  /** History rows. */
  HistoryStore history();

  /**
   * System metrics ({@code system.*} series), kept apart from history: each point's step is the
   * run's runtime in milliseconds when it was sampled, and forks and rewinds do not inherit them.
   */
  HistoryStore system();

  /** Run file metadata. */
  FileStore files();

  /** Console lines. */
  LogStore logs();
}
