-- Admin dashboard: orders and their value per status and currency, for [startDate, endDate] (UTC days).
-- The range is capped at 366 days; reads orders_created_idx.
SELECT
  o.status AS "status",
  o.currency AS "currency",
  count(*)::int AS "orderCount",
  coalesce(sum(o.total_amount), 0)::float8 AS "revenue"
FROM orders o
WHERE o.created_at >= CAST(:startDate AS date) AT TIME ZONE 'UTC'
  AND o.created_at < (CAST(:endDate AS date) + 1) AT TIME ZONE 'UTC'
  AND CAST(:endDate AS date) - CAST(:startDate AS date) BETWEEN 0 AND 366
GROUP BY 1, 2
ORDER BY 1, 2;
