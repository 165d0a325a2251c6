-- Teams, roles, project visibility and named API keys.
--
-- An entity is a user's own (kind 'user', same name as the user) or a team (kind 'team'). Entities
-- that an admin created by logging to a new name before teams existed become teams without members:
-- only server admins reach them until members are added.
ALTER TABLE entities ADD COLUMN kind VARCHAR(8) NOT NULL DEFAULT 'team';
UPDATE entities SET kind = 'user' WHERE name IN (SELECT name FROM users);

-- A user's role in a team: admin (members, project settings), member (writes runs), viewer (reads).
CREATE TABLE team_members (
  entity_id  BIGINT     NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
  user_id    BIGINT     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       VARCHAR(8) NOT NULL,
  created_at BIGINT     NOT NULL,
  PRIMARY KEY (entity_id, user_id)
);
CREATE INDEX team_members_by_user ON team_members (user_id);

-- private: the owner (a user entity) or the team's admins and the project's creator; team: every
-- member of the entity; public: every signed-in user may read, members write.
ALTER TABLE projects ADD COLUMN visibility VARCHAR(8) NOT NULL DEFAULT 'team';
UPDATE projects SET visibility = 'private'
  WHERE entity_id IN (SELECT id FROM entities WHERE kind = 'user');
-- The user who created the project (its first run); NULL for projects older than this column.
ALTER TABLE projects ADD COLUMN created_by BIGINT;

-- Keys get a label and their first characters, so a user can tell them apart when revoking one.
ALTER TABLE api_keys ADD COLUMN description TEXT;
ALTER TABLE api_keys ADD COLUMN key_prefix VARCHAR(8);
