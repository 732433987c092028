-- Admin Catalogue page: products with their stock, by SKU, one keyset page after `afterSku` ('' for
-- the first). `search` ('' for any) matches SKU or name, case-insensitively; `status` is ACTIVE,
-- RETIRED or '' (both). Every argument is required: a SQL custom query binds each placeholder.
SELECT
  p.id AS "id",
  p.sku AS "sku",
  p.name AS "name",
  p.active AS "active",
  p.version AS "version",
  s.on_hand AS "on_hand",
  s.reserved AS "reserved",
  s.on_hand - s.reserved AS "available",
  greatest(p.updated_at, s.updated_at) AS "updated_at"
FROM products p
JOIN product_stock s ON s.product_id = p.id
WHERE (:search = '' OR strpos(p.sku, upper(:search)) > 0 OR strpos(lower(p.name), lower(:search)) > 0)
  AND (:status = '' OR p.active = (:status = 'ACTIVE'))
  AND p.sku > :afterSku
ORDER BY p.sku
LIMIT LEAST(GREATEST(:pageSize, 1), 100);
