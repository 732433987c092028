-- Up Migration
-- The catalogue as admins run it, and stock that is never oversold. The rules live here as well as
-- in code: stock cannot go negative nor below what open orders hold, whoever writes it.

-- Optimistic concurrency for catalogue edits: every change to a product (prices included) bumps it.
ALTER TABLE products
  ADD COLUMN version    integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CHECK (updated_at >= created_at);

-- Stock per product, in its own table so that the Product model customers read carries none of it.
-- available = on_hand - reserved. Placing an order reserves; cancelling releases; delivery consumes
-- (takes the units off the shelf: on_hand and reserved both drop).
CREATE TABLE product_stock (
  product_id  uuid PRIMARY KEY REFERENCES products (id),
  on_hand     integer NOT NULL DEFAULT 0 CHECK (on_hand BETWEEN 0 AND 1000000),
  reserved    integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (reserved <= on_hand)
);
-- Products that exist before stock is tracked start with none: an operator counts and sets it.
INSERT INTO product_stock (product_id) SELECT id FROM products;

-- Each order line's hold on stock. NULL: the order was placed before stock was tracked, so it
-- holds nothing and its cancel or delivery moves no stock.
ALTER TABLE order_items
  ADD COLUMN stock_state text CHECK (stock_state IN ('HELD', 'RELEASED', 'CONSUMED'));
CREATE INDEX order_items_held_idx ON order_items (order_id) WHERE stock_state = 'HELD';

-- Who changed what in the catalogue, and when: shown on the product's admin page, never deleted.
CREATE TABLE product_audit (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq          bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  product_id   uuid NOT NULL REFERENCES products (id),
  actor_sub    text NOT NULL CHECK (length(actor_sub) BETWEEN 1 AND 128),
  actor_email  text CHECK (actor_email IS NULL OR length(actor_email) BETWEEN 3 AND 320),
  action       text NOT NULL CHECK (action IN ('CREATED', 'UPDATED', 'RETIRED', 'REACTIVATED', 'STOCK_SET', 'STOCK_ADJUSTED')),
  reason       text CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 200),
  before       jsonb,
  after        jsonb NOT NULL,
  occurred_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((action = 'CREATED') = (before IS NULL))
);
CREATE INDEX product_audit_product_idx ON product_audit (product_id, seq DESC);

-- What customers may know of stock (core/stock.ts holds the same rule; a test keeps them equal).
CREATE FUNCTION availability_level(available integer) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN available <= 0 THEN 'OUT_OF_STOCK' WHEN available <= 5 THEN 'LOW_STOCK' ELSE 'IN_STOCK' END;
CREATE FUNCTION available_when_low(available integer) RETURNS integer
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN CASE WHEN available BETWEEN 1 AND 5 THEN available END;

-- The catalogue's outbox for live pages: a row whenever a product's public view changes.
CREATE TABLE catalogue_events (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Also the message's revision: a product's events are written under its row lock, so a later
  -- change of one product always has a higher seq.
  seq                 bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  product_id          uuid NOT NULL REFERENCES products (id),
  type                text NOT NULL CHECK (type IN ('PRODUCT_CHANGED', 'AVAILABILITY_CHANGED')),
  level               text NOT NULL CHECK (level IN ('IN_STOCK', 'LOW_STOCK', 'OUT_OF_STOCK')),
  available_when_low  integer CHECK (available_when_low BETWEEN 1 AND 5),
  occurred_at         timestamptz NOT NULL DEFAULT now(),
  published_at        timestamptz,
  CHECK ((level = 'LOW_STOCK') = (available_when_low IS NOT NULL)),
  CHECK (published_at IS NULL OR published_at >= occurred_at)
);
CREATE INDEX catalogue_events_unpublished_idx ON catalogue_events (seq) WHERE published_at IS NULL;

-- Written by the database itself, so no path that moves stock or edits a product can forget it.
CREATE FUNCTION record_catalogue_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  available integer;
BEGIN
  IF TG_TABLE_NAME = 'product_stock' THEN
    available := NEW.on_hand - NEW.reserved;
    IF TG_OP = 'UPDATE' AND availability_level(available) = availability_level(OLD.on_hand - OLD.reserved)
       AND available_when_low(available) IS NOT DISTINCT FROM available_when_low(OLD.on_hand - OLD.reserved) THEN
      RETURN NULL;
    END IF;
    INSERT INTO catalogue_events (product_id, type, level, available_when_low)
    VALUES (NEW.product_id, CASE TG_OP WHEN 'INSERT' THEN 'PRODUCT_CHANGED' ELSE 'AVAILABILITY_CHANGED' END,
            availability_level(available), available_when_low(available));
  ELSIF NEW.version <> OLD.version THEN
    INSERT INTO catalogue_events (product_id, type, level, available_when_low)
    SELECT NEW.id, 'PRODUCT_CHANGED', availability_level(s.on_hand - s.reserved), available_when_low(s.on_hand - s.reserved)
      FROM product_stock s WHERE s.product_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER product_stock_catalogue_event AFTER INSERT OR UPDATE ON product_stock
  FOR EACH ROW EXECUTE FUNCTION record_catalogue_event();
CREATE TRIGGER products_catalogue_event AFTER UPDATE OF version ON products
  FOR EACH ROW EXECUTE FUNCTION record_catalogue_event();

-- Idempotency keys now also guard catalogue writes (a retried create or stock adjustment): each
-- key names the order or the product its stored response is about, never both.
ALTER TABLE idempotency_keys
  ALTER COLUMN order_id DROP NOT NULL,
  ADD COLUMN product_id uuid REFERENCES products (id),
  ADD CHECK (num_nonnulls(order_id, product_id) = 1);
