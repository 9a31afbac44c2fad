-- Saved price alerts: they outlive any connection and any server.
CREATE TABLE price_alerts (
  id UUID PRIMARY KEY,
  owner_id TEXT NOT NULL,
  product_id TEXT NOT NULL,
  -- The product's listings when the alert was made ("<vendor>:<vendorProductId>"): a change is matched by listing.
  listing_keys TEXT[] NOT NULL,
  max_price_amount NUMERIC(12, 2),
  max_price_currency TEXT,
  min_drop_percent DOUBLE PRECISION,
  size TEXT,
  webhook_url TEXT,
  secret TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  last_fired_at TIMESTAMPTZ
);

CREATE INDEX price_alerts_owner ON price_alerts (owner_id, created_at);

CREATE INDEX price_alerts_listings ON price_alerts USING GIN (listing_keys);

-- One row per alert and change: the unique key makes a change fire an alert once, whichever server saw it.
CREATE TABLE alert_deliveries (
  id BIGSERIAL PRIMARY KEY,
  alert_id UUID NOT NULL REFERENCES price_alerts (id) ON DELETE CASCADE,
  change_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL,
  delivered_at TIMESTAMPTZ,
  failed_at TIMESTAMPTZ,
  last_error TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  UNIQUE (alert_id, change_key)
);

CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
