-- Shoppers' preferences: user data, kept here (the source of truth); the user tier caches them.
CREATE TABLE user_preferences (
  user_id TEXT PRIMARY KEY,
  preferences JSONB NOT NULL,
  -- When they last changed: the version a user's query and response entries are keyed by.
  updated_at TIMESTAMPTZ NOT NULL
);
