-- The admin console searches orders by part of a customer's email (case-insensitive) and by the
-- reference the app shows (#, then the id's last 8 hex digits). Both read an index rather than
-- every order: a trigram index for "contains" (pg_trgm is a trusted extension, so the database's
-- owner, the migrator, may create it; Aurora PostgreSQL ships it), and an expression index for
-- the reference.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX orders_owner_email_trgm_idx ON orders USING gin (lower(owner_email) gin_trgm_ops);

CREATE INDEX orders_reference_idx ON orders (right(id::text, 8));
