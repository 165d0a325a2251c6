package dev.vane.server.http;

/**
 * The run a URL names: {@code /api/v1/runs/{entity}/{project}/{id}/...}, its parts checked.
 *
 * @param entity the entity name
 * @param project the project name
 * @param id the run ID
 */
record RunPath(String entity, String project, String id) {

  @Override
  public String toString() {
    return entity + "/" + project + "/" + id;
  }
}
