-- Every observed price or stock change of a retailer listing, per size ('' = the offer as a whole).
CREATE TABLE price_points (
  id BIGSERIAL PRIMARY KEY,
  vendor TEXT NOT NULL,
  vendor_product_id TEXT NOT NULL,
  size TEXT NOT NULL DEFAULT '',
  observed_at TIMESTAMPTZ NOT NULL,
  price_amount NUMERIC(12, 2),
  currency_code TEXT,
  availability TEXT NOT NULL
);

CREATE INDEX price_points_listing ON price_points (vendor, vendor_product_id, size, observed_at DESC);

CREATE INDEX price_points_observed_at ON price_points (observed_at);
