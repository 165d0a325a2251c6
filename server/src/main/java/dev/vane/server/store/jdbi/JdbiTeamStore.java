package dev.vane.server.store.jdbi;

import dev.vane.server.store.Role;
import dev.vane.server.store.TeamMember;
import dev.vane.server.store.TeamStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Team memberships in {@code team_members}. */
final class JdbiTeamStore implements TeamStore {
  private static final String SELECT =
      "SELECT e.name AS team, u.name AS member, m.role, m.created_at FROM team_members m"
          + " JOIN entities e ON e.id = m.entity_id JOIN users u ON u.id = m.user_id";

  private static final RowMapper<TeamMember> MEMBER =
      (rs, ctx) ->
          new TeamMember(
              rs.getString("team"),
              rs.getString("member"),
              Role.of(rs.getString("role")).orElse(Role.VIEWER),
              rs.getLong("created_at"));

  private final Handle handle;
  private final SqlDialect dialect;

  JdbiTeamStore(Handle handle, SqlDialect dialect) {
    this.handle = handle;
    this.dialect = dialect;
  }

  @Override
  public Optional<Role> role(long teamId, long userId) {
    return handle
        .createQuery("SELECT role FROM team_members WHERE entity_id = :team AND user_id = :user")
        .bind("team", teamId)
        .bind("user", userId)
        .mapTo(String.class)
        .findOne()
        .flatMap(Role::of);
  }

  @Override
  public List<TeamMember> members(long teamId) {
    return handle
        .createQuery(SELECT + " WHERE m.entity_id = :team ORDER BY u.name")
        .bind("team", teamId)
        .map(MEMBER)
        .list();
  }

  @Override
  public List<TeamMember> teamsOf(long userId) {
    return handle
        .createQuery(SELECT + " WHERE m.user_id = :user ORDER BY e.name")
        .bind("user", userId)
        .map(MEMBER)
        .list();
  }

  @Override
  public void put(long teamId, long userId, Role role, long now) {
    int updated =
        handle
            .createUpdate(
                "UPDATE team_members SET role = :role WHERE entity_id = :team AND user_id = :user")
            .bind("role", role.code())
            .bind("team", teamId)
            .bind("user", userId)
            .execute();
    if (updated == 0) {
      handle
          .createUpdate(
              "INSERT INTO team_members (entity_id, user_id, role, created_at)"
                  + " VALUES (:team, :user, :role, :now)")
          .bind("team", teamId)
          .bind("user", userId)
          .bind("role", role.code())
          .bind("now", now)
          .execute();
    }
  }

  @Override
  public boolean remove(long teamId, long userId) {
    return handle
            .createUpdate("DELETE FROM team_members WHERE entity_id = :team AND user_id = :user")
            .bind("team", teamId)
            .bind("user", userId)
            .execute()
        == 1;
  }

  @Override
  public void lockForUpdate(long teamId) {
    handle
        .createQuery("SELECT e.id FROM entities e WHERE e.id = :id" + dialect.forUpdateOf("e"))
        .bind("id", teamId)
        .mapTo(Long.class)
        .findOne();
  }
}
