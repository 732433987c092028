-- Admin console: every customer's orders, newest first, one keyset page after a cursor.
-- Every argument is required ('' means "any" for status, email and reference): a SQL custom query
-- binds each placeholder it uses. Planned with the values known, each filter reads its index:
-- orders_status_created_idx, orders_owner_email_trgm_idx (part of an email, any case; LIKE's
-- wildcards in the input are escaped, so they match themselves), orders_reference_idx (the last 8
-- hex digits of the id, which the app shows as the order's reference), or orders_created_idx.
SELECT
  o.id AS "id",
  o.owner_email AS "owner_email",
  o.status AS "status",
  o.currency AS "currency",
  o.total_amount::float8 AS "total_amount",
  o.item_count AS "item_count",
  o.version AS "version",
  o.created_at AS "created_at",
  -- The keyset position at the column's full precision (microseconds since 1970), which a datetime
  -- may round.
  (extract(epoch FROM o.created_at) * 1000000)::bigint::text AS "cursor"
FROM orders o
WHERE (:status = '' OR o.status = :status)
  AND (:ownerEmail = '' OR lower(o.owner_email) LIKE
        '%' || replace(replace(replace(lower(:ownerEmail), '\', '\\'), '%', '\%'), '_', '\_') || '%')
  AND (:reference = '' OR right(o.id::text, 8) = lower(:reference))
  AND o.created_at >= CAST(:createdFrom AS timestamptz)
  AND o.created_at < CAST(:createdBefore AS timestamptz)
  AND (o.created_at, o.id) < (
    timestamptz 'epoch' + CAST(:afterCursor AS bigint) * interval '1 microsecond',
    CAST(:afterId AS uuid)
  )
ORDER BY o.created_at DESC, o.id DESC
LIMIT LEAST(GREATEST(:pageSize, 1), 100);
