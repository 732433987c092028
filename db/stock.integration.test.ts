import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicAvailability } from '../core/stock.ts';
import { databaseTargets, type TestDatabase } from '../tests/support/databases.ts';

// The database computes public availability itself (its triggers and the AppSync query); it must
// say exactly what core/stock.ts says.
describe.each(databaseTargets())('availability rule on the $name database', (target) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await target.start();
  });
  afterAll(() => db.stop());

  it('given every count from -1 to 10, when the database rates it, then it agrees with core/stock.ts', async () => {
    const { rows } = await db.pool.query(
      `SELECT n, availability_level(n) AS level, available_when_low(n) AS low FROM generate_series(-1, 10) AS n`,
    );
    for (const row of rows) {
      expect({ level: row.level, availableWhenLow: row.low }).toEqual(publicAvailability(row.n));
    }
  });
});
