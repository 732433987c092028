-- Every signed-in user: each active product's public availability, by SKU after `afterSku` ('' for
-- the first). A level, and the count only when low (availability_level, available_when_low in
-- db/migrations/0004): on hand and reserved never leave the database this way.
SELECT
  p.id AS "product_id",
  p.sku AS "sku",
  availability_level(s.on_hand - s.reserved) AS "level",
  available_when_low(s.on_hand - s.reserved) AS "available_when_low"
FROM products p
JOIN product_stock s ON s.product_id = p.id
WHERE p.active AND p.sku > :afterSku
ORDER BY p.sku
LIMIT LEAST(GREATEST(:pageSize, 1), 100);
