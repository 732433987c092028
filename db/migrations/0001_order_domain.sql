-- Up Migration
-- The order domain. Constraints live here, not only in code: the database is the last line of
-- defence against a bug in any caller (API, relay, report, local cloud).

CREATE TABLE products (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sku         text NOT NULL UNIQUE CHECK (sku ~ '^[A-Z0-9][A-Z0-9-]{1,39}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- A product is sold in one or more currencies, each with its own price in minor units.
CREATE TABLE product_prices (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id   uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  currency     char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  unit_amount  bigint NOT NULL CHECK (unit_amount BETWEEN 0 AND 100000000000),
  UNIQUE (product_id, currency)
);

CREATE TABLE orders (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_sub     text NOT NULL CHECK (length(owner_sub) BETWEEN 1 AND 128),
  owner_email   text NOT NULL CHECK (length(owner_email) BETWEEN 3 AND 320),
  status        text NOT NULL DEFAULT 'PENDING'
                CHECK (status IN ('PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
  currency      char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  total_amount  bigint NOT NULL CHECK (total_amount >= 0),
  item_count    integer NOT NULL CHECK (item_count BETWEEN 1 AND 50000),
  version       integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (updated_at >= created_at),
  -- Lets items and events carry the owner (for per-owner authorization) and proves it matches.
  UNIQUE (id, owner_sub)
);

-- A customer's orders, newest first (keyset on created_at, id).
CREATE INDEX orders_owner_created_idx ON orders (owner_sub, created_at DESC, id DESC);
-- Admins' list filtered by status, newest first.
CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC, id DESC);
-- Admins' unfiltered list, date ranges and the report aggregate (covering: no heap visits).
CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC) INCLUDE (status, total_amount, currency);
-- Admins' filter by customer email.
CREATE INDEX orders_owner_email_created_idx ON orders (lower(owner_email), created_at DESC, id DESC);

CREATE TABLE order_items (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  order_id      uuid NOT NULL,
  owner_sub     text NOT NULL,
  line_no       smallint NOT NULL CHECK (line_no BETWEEN 1 AND 50),
  product_id    uuid NOT NULL REFERENCES products (id),
  product_name  text NOT NULL,
  quantity      integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
  unit_amount   bigint NOT NULL CHECK (unit_amount >= 0),
  line_amount   bigint NOT NULL CHECK (line_amount = unit_amount * quantity),
  FOREIGN KEY (order_id, owner_sub) REFERENCES orders (id, owner_sub) ON DELETE CASCADE,
  UNIQUE (order_id, line_no)
);
CREATE INDEX order_items_product_idx ON order_items (product_id);

-- Every change to an order: the audit trail, and the transactional outbox for realtime events.
CREATE TABLE order_events (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Commit-independent total order for the relay ("oldest first"); never exposed as a key.
  seq            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  order_id       uuid NOT NULL,
  owner_sub      text NOT NULL,
  type           text NOT NULL CHECK (type IN ('ORDER_PLACED', 'ORDER_STATUS_CHANGED')),
  actor_sub      text NOT NULL CHECK (length(actor_sub) BETWEEN 1 AND 128),
  actor_role     text NOT NULL CHECK (actor_role IN ('CUSTOMER', 'ADMIN', 'SYSTEM')),
  from_status    text CHECK (from_status IN ('PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
  to_status      text NOT NULL CHECK (to_status IN ('PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
  order_version  integer NOT NULL CHECK (order_version >= 1),
  payload        jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at    timestamptz NOT NULL DEFAULT now(),
  published_at   timestamptz,
  FOREIGN KEY (order_id, owner_sub) REFERENCES orders (id, owner_sub) ON DELETE CASCADE,
  -- One event per version; also the index behind an order's history, read in version order.
  UNIQUE (order_id, order_version),
  CHECK ((type = 'ORDER_PLACED') = (from_status IS NULL)),
  CHECK (published_at IS NULL OR published_at >= occurred_at)
);
-- The outbox: only unpublished events, oldest first. Stays tiny however large the history grows.
CREATE INDEX order_events_unpublished_idx ON order_events (seq) WHERE published_at IS NULL;

CREATE TABLE idempotency_keys (
  owner_sub        text NOT NULL CHECK (length(owner_sub) BETWEEN 1 AND 128),
  key              text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  -- SHA-256 of the canonical request: the same key with another request is a conflict.
  request_hash     text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
  order_id         uuid NOT NULL,
  response_status  smallint NOT NULL CHECK (response_status BETWEEN 200 AND 299),
  response_body    jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner_sub, key),
  FOREIGN KEY (order_id, owner_sub) REFERENCES orders (id, owner_sub) ON DELETE CASCADE
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

CREATE TABLE reports (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  period_start      date NOT NULL,
  period_end        date NOT NULL,
  status            text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RUNNING', 'READY', 'FAILED')),
  object_key        text CHECK (object_key IS NULL OR length(object_key) BETWEEN 1 AND 1024),
  row_count         integer CHECK (row_count IS NULL OR row_count >= 0),
  summary           jsonb,
  requested_by      text NOT NULL CHECK (length(requested_by) BETWEEN 1 AND 128),
  created_at        timestamptz NOT NULL DEFAULT now(),
  completed_at      timestamptz,
  email_claimed_at  timestamptz,
  emailed_at        timestamptz,
  CHECK (period_end > period_start),
  CHECK (status <> 'READY' OR (object_key IS NOT NULL AND row_count IS NOT NULL AND completed_at IS NOT NULL)),
  CHECK (emailed_at IS NULL OR email_claimed_at IS NOT NULL),
  UNIQUE (period_start, period_end)
);
CREATE INDEX reports_created_idx ON reports (created_at DESC);
