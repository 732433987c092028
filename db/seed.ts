import type pg from 'pg';
import { DEMO_CATALOGUE } from './catalogue.ts';
import { withTransaction } from './transaction.ts';

/**
 * Demo and benchmark data. Orders are generated inside PostgreSQL (generate_series), a batch per
 * transaction, because a million rows sent one by one from Node would take minutes. The data is
 * skewed like real shops: a few customers order a lot, most orders are recent, old orders are
 * delivered, new ones are still in flight; every order's items, totals, version and event history
 * agree with each other and with the database's constraints.
 */

export interface SeedOwner {
  sub: string;
  email: string;
}

/**
 * Puts the demo catalogue in place, idempotently: every deploy runs it, and it only adds the demo
 * products that are not there yet, with their prices and stock. A product that exists is left as
 * it is: admins own the catalogue once it exists (their edits are versioned and audited; a deploy
 * must not undo them), so a re-run writes no row.
 */
export async function seedCatalogue(db: pg.Pool): Promise<number> {
  const prices = DEMO_CATALOGUE.flatMap((entry) =>
    Object.entries(entry.prices).map(([currency, amount]) => ({ sku: entry.sku, currency, amount })),
  );
  return withTransaction(db, async (client) => {
    const added = await client.query(
      `INSERT INTO products (sku, name, description)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (sku) DO NOTHING
       RETURNING id, sku`,
      [
        DEMO_CATALOGUE.map((entry) => entry.sku),
        DEMO_CATALOGUE.map((entry) => entry.name),
        DEMO_CATALOGUE.map((entry) => entry.description),
      ],
    );
    const addedSkus = added.rows.map((row) => String(row.sku));
    await client.query(
      `INSERT INTO product_prices (product_id, currency, unit_amount)
       SELECT p.id, v.currency, v.amount
         FROM unnest($1::text[], $2::text[], $3::bigint[]) AS v(sku, currency, amount)
         JOIN products p ON p.sku = v.sku
        WHERE p.sku = ANY($4::text[])`,
      [
        prices.map((price) => price.sku),
        prices.map((price) => price.currency),
        prices.map((price) => price.amount),
        addedSkus,
      ],
    );
    await client.query(
      `INSERT INTO product_stock (product_id, on_hand)
       SELECT p.id, v.on_hand FROM unnest($1::text[], $2::int[]) AS v(sku, on_hand)
         JOIN products p ON p.sku = v.sku
        WHERE p.sku = ANY($3::text[])`,
      [DEMO_CATALOGUE.map((entry) => entry.sku), DEMO_CATALOGUE.map((entry) => entry.onHand), addedSkus],
    );
    return DEMO_CATALOGUE.length;
  });
}

export interface SeedOrdersOptions {
  orders: number;
  /** Who orders. Absent: generated customers, one per 50 orders (at least 10). */
  owners?: SeedOwner[];
  /** Orders are spread over [from, to), most of them recent. */
  from?: Date;
  to?: Date;
  /** Same seed, same data. */
  seed?: number;
  batchSize?: number;
  /** Batches in flight at once (one connection each). */
  parallelism?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function seedOrders(db: pg.Pool, options: SeedOrdersOptions): Promise<number> {
  const to = options.to ?? new Date();
  const from = options.from ?? new Date(to.getTime() - 2 * 365 * 86_400_000);
  const owners = options.owners ?? generatedOwners(Math.max(10, Math.ceil(options.orders / 50)));
  const batchSize = options.batchSize ?? 50_000;
  const skipForeignKeyTriggers = await isSuperuser(db);
  const batches = Math.ceil(options.orders / batchSize);
  const counterBase = Date.now();
  let nextBatch = 0;
  let done = 0;
  // Batches are independent (each has its own session's temp tables), so a server can take several
  // at once (`parallelism`; one by default).
  const worker = async () => {
    for (let batch = nextBatch++; batch < batches; batch = nextBatch++) {
      const size = Math.min(batchSize, options.orders - batch * batchSize);
      await withTransaction(db, async (client) => {
        // Deterministic per batch: the same options always produce the same rows.
        await client.query('SELECT setseed($1)', [(((options.seed ?? 42) + batch * 7919) % 10_000) / 10_000]);
        // Foreign-key triggers fire once per row and double the time of a million-order seed. The
        // batch is consistent by construction (it inserts parents first and checks nothing else),
        // so where the role may (superuser: local and CI servers, never RDS) they are skipped for it.
        if (skipForeignKeyTriggers) await client.query('SET LOCAL session_replication_role = replica');
        // Demo data: a crash may lose the last batches, never consistency. Sorts (the inserts are
        // ordered by key) stay in memory.
        await client.query('SET LOCAL synchronous_commit = off');
        await client.query("SET LOCAL work_mem = '64MB'");
        await insertOrderBatch(client, {
          size,
          owners,
          from,
          to,
          firstCounter: counterBase + batch * batchSize,
        });
      });
      done += size;
      options.onProgress?.(done, options.orders);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.parallelism ?? 1) }, worker));
  return done;
}

/**
 * SQL for a UUID shaped like a version 7 UUID (RFC 9562): 48 leading bits from a counter that rises
 * with each row, then version 7 and the random bits and variant of a gen_random_uuid() (one call,
 * where hashing random() text three times per id cost seconds per million rows). Ids that rise with
 * insertion order land at the right edge of each primary-key index, where random UUIDs (the
 * application's default, gen_random_uuid) would touch a random page of a large index for every
 * row: the main cost of seeding millions of rows. The counter starts from the clock, so later seeds
 * sort later.
 */
function timeOrderedUuid(counterSql: string): string {
  // gen_random_uuid()::text is xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx: keep from character 16 on.
  return `(lpad(to_hex(${counterSql}), 12, '0') || '7' || substr(gen_random_uuid()::text, 16))::uuid`;
}

async function isSuperuser(db: pg.Pool): Promise<boolean> {
  const { rows } = await db.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
  return rows[0]?.rolsuper === true;
}

function generatedOwners(count: number): SeedOwner[] {
  return Array.from({ length: count }, (_, index) => ({
    sub: `00000000-0000-4000-8000-${(index + 1).toString(16).padStart(12, '0')}`,
    email: `customer${index + 1}@example.com`,
  }));
}

async function insertOrderBatch(
  client: pg.PoolClient,
  batch: { size: number; owners: SeedOwner[]; from: Date; to: Date; firstCounter: number },
): Promise<void> {
  await client.query(
    `CREATE TEMP TABLE seed_owner ON COMMIT DROP AS
       SELECT (n - 1)::int AS n, sub, email FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(sub, email, n)`,
    [batch.owners.map((owner) => owner.sub), batch.owners.map((owner) => owner.email)],
  );
  await client.query(`
    CREATE TEMP TABLE seed_price ON COMMIT DROP AS
      SELECT pp.currency, (row_number() OVER (PARTITION BY pp.currency ORDER BY p.sku) - 1)::int AS idx,
             p.id AS product_id, p.name, pp.unit_amount
        FROM products p JOIN product_prices pp ON pp.product_id = p.id
       WHERE p.active AND pp.currency IN ('USD', 'EUR', 'GBP')`);
  // Orders: a power-law owner, a date skewed towards the end of the range, a status by age.
  await client.query(
    `CREATE TEMP TABLE seed_order ON COMMIT DROP AS
     SELECT ${timeOrderedUuid('counter * 8')} AS id, * FROM (
       SELECT $5::bigint + row_number() OVER (ORDER BY g.created_at) AS counter,
              s.sub AS owner_sub, s.email AS owner_email, g.created_at, g.currency,
              g.n_lines, g.product_base % c.n AS product_base, c.n AS n_products,
              CASE WHEN g.r < 0.05 THEN 'CANCELLED'
                   WHEN g.age < 0.004 THEN (CASE WHEN g.r < 0.5 THEN 'PENDING' WHEN g.r < 0.8 THEN 'CONFIRMED' ELSE 'SHIPPED' END)
                   WHEN g.age < 0.02 THEN (CASE WHEN g.r < 0.3 THEN 'SHIPPED' ELSE 'DELIVERED' END)
                   ELSE 'DELIVERED' END AS status
         FROM (
           SELECT floor(power(random(), 3) * $2)::int AS owner_n,
                  power(random(), 2) AS age,
                  random() AS r,
                  CASE WHEN random() < 0.7 THEN 'USD' WHEN random() < 0.67 THEN 'EUR' ELSE 'GBP' END AS currency,
                  1 + floor(power(random(), 2) * 5)::int AS n_lines,
                  floor(random() * 1000)::int AS product_base
             FROM generate_series(1, $1)
         ) g0
         CROSS JOIN LATERAL (
           SELECT g0.*, $4::timestamptz - ($4::timestamptz - $3::timestamptz) * g0.age AS created_at
         ) g
         JOIN seed_owner s ON s.n = g.owner_n
         JOIN (SELECT currency, count(*)::int AS n FROM seed_price GROUP BY currency) c ON c.currency = g.currency
     ) numbered`,
    [batch.size, batch.owners.length, batch.from, batch.to, batch.firstCounter],
  );
  // Temp tables have no statistics until analyzed: without them the planner guesses nested loops.
  await client.query('ANALYZE seed_order, seed_price');
  await client.query(`
    CREATE TEMP TABLE seed_item ON COMMIT DROP AS
      SELECT ${timeOrderedUuid('counter * 8 + line_no')} AS id, order_id, owner_sub, line_no, product_id, product_name,
             quantity, unit_amount, unit_amount * quantity AS line_amount
        FROM (
          SELECT o.counter, o.id AS order_id, o.owner_sub, l.line_no::smallint AS line_no, p.product_id,
                 p.name AS product_name, p.unit_amount, 1 + floor(power(random(), 4) * 20)::int AS quantity
            FROM seed_order o
            CROSS JOIN LATERAL generate_series(1, o.n_lines) AS l(line_no)
            JOIN seed_price p ON p.currency = o.currency AND p.idx = (o.product_base + l.line_no) % o.n_products
        ) lines`);
  // The lifecycle path each status implies: version = number of events.
  await client.query(`
    CREATE TEMP TABLE seed_path ON COMMIT DROP AS
      SELECT * FROM (VALUES
        ('PENDING', 1, NULL, 'PENDING'),
        ('CONFIRMED', 1, NULL, 'PENDING'), ('CONFIRMED', 2, 'PENDING', 'CONFIRMED'),
        ('SHIPPED', 1, NULL, 'PENDING'), ('SHIPPED', 2, 'PENDING', 'CONFIRMED'), ('SHIPPED', 3, 'CONFIRMED', 'SHIPPED'),
        ('DELIVERED', 1, NULL, 'PENDING'), ('DELIVERED', 2, 'PENDING', 'CONFIRMED'),
        ('DELIVERED', 3, 'CONFIRMED', 'SHIPPED'), ('DELIVERED', 4, 'SHIPPED', 'DELIVERED'),
        ('CANCELLED', 1, NULL, 'PENDING'), ('CANCELLED', 2, 'PENDING', 'CANCELLED')
      ) AS t(status, version, from_status, to_status)`);
  await client.query(`
    INSERT INTO orders (id, owner_sub, owner_email, status, currency, total_amount, item_count, version, created_at, updated_at)
    SELECT o.id, o.owner_sub, o.owner_email, o.status, o.currency, t.total, t.items, v.version,
           o.created_at, greatest(o.created_at, least(now(), o.created_at + (v.version - 1) * interval '7 hours'))
      FROM seed_order o
      JOIN (SELECT order_id, sum(line_amount) AS total, sum(quantity) AS items FROM seed_item GROUP BY order_id) t
        ON t.order_id = o.id
      JOIN (SELECT status, max(version) AS version FROM seed_path GROUP BY status) v ON v.status = o.status
     ORDER BY o.id`);
  await client.query(`
    INSERT INTO order_items (id, order_id, owner_sub, line_no, product_id, product_name, quantity, unit_amount, line_amount)
    SELECT id, order_id, owner_sub, line_no, product_id, product_name, quantity, unit_amount, line_amount
      FROM seed_item ORDER BY id`);
  await client.query(`
    INSERT INTO order_events (id, order_id, owner_sub, type, actor_sub, actor_role, from_status, to_status,
                              order_version, occurred_at, published_at)
    SELECT ${timeOrderedUuid('o.counter * 8 + p.version')}, o.id, o.owner_sub,
           CASE WHEN p.from_status IS NULL THEN 'ORDER_PLACED' ELSE 'ORDER_STATUS_CHANGED' END,
           CASE WHEN p.from_status IS NULL OR p.to_status = 'CANCELLED' THEN o.owner_sub ELSE 'seed-admin' END,
           CASE WHEN p.from_status IS NULL OR p.to_status = 'CANCELLED' THEN 'CUSTOMER' ELSE 'ADMIN' END,
           p.from_status, p.to_status, p.version, e.at, e.at
      FROM seed_order o
      JOIN seed_path p ON p.status = o.status
      CROSS JOIN LATERAL (SELECT greatest(o.created_at, least(now(), o.created_at + (p.version - 1) * interval '7 hours')) AS at) e
     ORDER BY o.counter, p.version`);
}
