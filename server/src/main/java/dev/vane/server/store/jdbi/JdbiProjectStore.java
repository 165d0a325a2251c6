package dev.vane.server.store.jdbi;

import dev.vane.server.store.Entity;
import dev.vane.server.store.Project;
import dev.vane.server.store.ProjectStore;
import dev.vane.server.store.Visibility;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Projects, with their live run counts computed on read. */
final class JdbiProjectStore implements ProjectStore {
  private static final String SELECT =
      "SELECT p.id, e.name AS entity, p.name, p.created_at, p.visibility, p.created_by"
          + " FROM projects p JOIN entities e ON e.id = p.entity_id";

  private static final RowMapper<Project> PROJECT =
      (rs, ctx) ->
          new Project(
              rs.getLong("id"),
              rs.getString("entity"),
              rs.getString("name"),
              rs.getLong("created_at"),
              Visibility.of(rs.getString("visibility")).orElse(Visibility.PRIVATE),
              rs.getObject("created_by") == null ? null : rs.getLong("created_by"));

  private final Handle handle;
  private final SqlDialect dialect;

  JdbiProjectStore(Handle handle, SqlDialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public Optional<Project> find(String entity, String name) {
    return handle
        .createQuery(SELECT + " WHERE e.name = :entity AND p.name = :name")
        .bind("entity", entity)
        .bind("name", name)
        .map(PROJECT)
        .findOne();
  }

  @Override
  public Project ensure(
      Entity entity, String name, Visibility visibility, Long createdBy, long now) {
    Optional<Project> existing = find(entity.name(), name);
    if (existing.isPresent()) {
      return existing.get();
    }
    // DO NOTHING: another process may create the same project meanwhile; its row is as good.
    handle
        .createUpdate(
            "INSERT INTO projects (id, entity_id, name, run_counter, created_at, visibility,"
                + " created_by) VALUES (:id, :entity, :name, 0, :now, :visibility, :createdBy)"
                + " ON CONFLICT (entity_id, name) DO NOTHING")
        .bind("id", IdSequence.next(handle, "projects"))
        .bind("entity", entity.id())
        .bind("name", name)
        .bind("now", now)
        .bind("visibility", visibility.code())
        .bind("createdBy", createdBy)
        .execute();
    return find(entity.name(), name).orElseThrow();
  }

  @Override
  public void setVisibility(long projectId, Visibility visibility) {
    handle
        .createUpdate("UPDATE projects SET visibility = :visibility WHERE id = :id")
        .bind("visibility", visibility.code())
        .bind("id", projectId)
        .execute();
  }

  @Override
  public List<Project> list(long entityId) {
    return handle
        .createQuery(SELECT + " WHERE p.entity_id = :entity ORDER BY p.name")
        .bind("entity", entityId)
        .map(PROJECT)
        .list();
  }

  @Override
  public Map<Long, Long> runCounts(long entityId) {
    Map<Long, Long> counts = new HashMap<>();
    handle
        .createQuery(
            "SELECT p.id, COUNT(r.id) FROM projects p LEFT JOIN runs r ON r.project_id = p.id"
                + " WHERE p.entity_id = :entity GROUP BY p.id")
        .bind("entity", entityId)
        .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    return counts;
  }

  @Override
  public void lockForUpdate(long projectId) {
    handle
        .createQuery("SELECT p.id FROM projects p WHERE p.id = :id" + dialect.forUpdateOf("p"))
        .bind("id", projectId)
        .mapTo(Long.class)
        .findOne();
  }

  @Override
  public long nextRunNumber(long projectId) {
    return handle
        .createQuery(
            "UPDATE projects SET run_counter = run_counter + 1 WHERE id = :id"
                + " RETURNING run_counter")
        .bind("id", projectId)
        .mapTo(Long.class)
        .one();
  }
}
