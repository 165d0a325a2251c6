-- Browser sessions of the web UI: /login?token=KEY (or the login form) makes one and sets its
-- token as an HttpOnly cookie. Only the SHA-256 (hex) of the token is stored, as for API keys.
CREATE TABLE ui_sessions (
  token_hash CHAR(64) NOT NULL PRIMARY KEY,
  user_id    BIGINT   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT   NOT NULL,
  expires_at BIGINT   NOT NULL
);
CREATE INDEX ui_sessions_by_expiry ON ui_sessions (expires_at);
