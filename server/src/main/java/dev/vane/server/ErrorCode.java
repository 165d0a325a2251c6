package dev.vane.server;

/**
 * The stable error codes of the HTTP API (see {@code docs/http-api.md}), each with the status it is
 * sent with. Clients switch on the code, so codes are never renamed.
 */
public enum ErrorCode {
  /** The body is not JSON of the expected shape. */
  INVALID_JSON(400, "invalid_json"),
  /** A field or parameter has a bad value. */
  INVALID_ARGUMENT(400, "invalid_argument"),
  /** A run ID breaks the ID rules. */
  INVALID_ID(400, "invalid_id"),
  /** An entity or project name breaks the name rules. */
  INVALID_NAME(400, "invalid_name"),
  /** An ingest body has a torn or corrupt frame. */
  INVALID_FRAMES(400, "invalid_frames"),
  /** A frame's payload does not decode as its record type, or breaks a record rule. */
  INVALID_RECORD(400, "invalid_record"),
  /** A file name escapes the run's folder. */
  INVALID_PATH(400, "invalid_path"),
  /** No key, or an unknown key. */
  UNAUTHORIZED(401, "unauthorized"),
  /** The key's user may not touch that entity. */
  FORBIDDEN(403, "forbidden"),
  /** No such route, entity, project, run or file. */
  NOT_FOUND(404, "not_found"),
  /** The route exists but not for this HTTP method. */
  METHOD_NOT_ALLOWED(405, "method_not_allowed"),
  /** A run with that ID is written by another writer. */
  RUN_EXISTS(409, "run_exists"),
  /** Another writer of the run is still live (a resume or rewind while it sends heartbeats). */
  RUN_LIVE(409, "run_live"),
  /** The batch's writer no longer writes the run: another resumed or rewound it. */
  WRITER_REPLACED(409, "writer_replaced"),
  /** The run is the source of forks or rewinds, whose history reads its rows. */
  RUN_HAS_BRANCHES(409, "run_has_branches"),
  /** The ID belonged to a deleted run. */
  RUN_DELETED(409, "run_deleted"),
  /** A batch skips sequence numbers. */
  SEQUENCE_GAP(409, "sequence_gap"),
  /** The run has already ended (a stop of a finished, failed or killed run). */
  RUN_ENDED(409, "run_ended"),
  /** A file name is already taken by a folder of the run, or a folder part by a file. */
  FILE_CONFLICT(409, "file_conflict"),
  /** A chunk of a resumable upload that does not start where the server's staged part ends. */
  OFFSET_MISMATCH(409, "offset_mismatch"),
  /** A new user, team or project whose name is taken. */
  NAME_TAKEN(409, "name_taken"),
  /** A change that would leave a team without an admin. */
  LAST_ADMIN(409, "last_admin"),
  /** Revoking a user's only API key (create another first). */
  LAST_KEY(409, "last_key"),
  /** A completed upload whose bytes do not have the declared SHA-256; nothing is stored. */
  CHECKSUM_MISMATCH(400, "checksum_mismatch"),
  /** The body is over the limit. */
  TOO_LARGE(413, "too_large"),
  /** Too many failed logins from one address in a minute. */
  RATE_LIMITED(429, "rate_limited"),
  /** The wrong {@code Content-Type}. */
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
  /** A {@code Range} that starts past the end of the file. */
  RANGE_NOT_SATISFIABLE(416, "range_not_satisfiable"),
  /** A bug or an unexpected failure on the server; details are only in the server's log. */
  INTERNAL(500, "internal");

  private final int status;
  private final String code;

  ErrorCode(int status, String code) {
    this.status = status;
    this.code = code;
  }

  /** The HTTP status sent with this code. */
  public int status() {
    return status;
  }

  /** The code as it appears in the error body. */
  public String code() {
    return code;
  }
}
