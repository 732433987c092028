-- A product's audit trail for admins, newest first: one page before `beforeSeq` (0 for the first).
SELECT
  a.id AS "id",
  a.seq::float8 AS "seq",
  a.product_id AS "product_id",
  a.actor_sub AS "actor_sub",
  a.actor_email AS "actor_email",
  a.action AS "action",
  a.reason AS "reason",
  a.before AS "before",
  a.after AS "after",
  a.occurred_at AS "occurred_at"
FROM product_audit a
WHERE a.product_id = CAST(:productId AS uuid)
  AND (CAST(:beforeSeq AS bigint) = 0 OR a.seq < CAST(:beforeSeq AS bigint))
ORDER BY a.seq DESC
LIMIT LEAST(GREATEST(:pageSize, 1), 100);
