-- Discord: one connection per community, members' linked Discord accounts,
-- and the remote ids of what moim created on a server.

-- A community's Discord server. Either a bot (bot_token_sealed and guild_id)
-- or webhook-only mode (webhook_url_sealed: announcements only). Tokens are
-- sealed with the server's secret key (platform/crypto/secret_box.hpp), the
-- context naming the community, so a copied database hands over nothing.
CREATE TABLE discord_connections (
  community_id BIGINT PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
  mode TEXT NOT NULL CHECK (mode IN ('bot', 'webhook')),
  bot_token_sealed TEXT,
  guild_id TEXT,                           -- Discord snowflake, kept as text
  guild_name TEXT NOT NULL DEFAULT '',     -- as read by the last connection test
  announcements_channel_id TEXT,           -- bot mode: where announcements go (optional)
  webhook_url_sealed TEXT,
  voice_channels INTEGER NOT NULL DEFAULT 0,  -- a voice channel per project as well
  connected_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  connected_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- A member's Discord account, linked through OAuth2 (identify scope).
CREATE TABLE discord_links (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  discord_user_id TEXT NOT NULL UNIQUE,
  discord_username TEXT NOT NULL,
  linked_at BIGINT NOT NULL
);

-- The OAuth2 state of a "Link Discord" click, bound to the session that
-- started it; used once, within minutes.
CREATE TABLE discord_oauth_states (
  state TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  session_id BIGINT NOT NULL,              -- the browser session that clicked
  created_at BIGINT NOT NULL
);

-- What moim created on a server, by moim's own name for it
-- ('cohort:7:category', 'project:12:role', 'project:12:text',
-- 'project:12:voice'). The connector looks here first, then by name on the
-- server, and only then creates: a crash between creating and recording
-- finds the thing by name next time instead of making a second one.
CREATE TABLE discord_resources (
  community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
  resource_key TEXT NOT NULL,
  remote_id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (community_id, resource_key)
);
