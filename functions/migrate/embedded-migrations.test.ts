import { describe, expect, it } from 'vitest';
import { readMigrationFiles } from './embed-migrations.ts';
import { EMBEDDED_MIGRATIONS } from './embedded-migrations.ts';

describe('embedded migrations', () => {
  it('given the SQL files in db/migrations, when compared with the bundle module, then they are identical (else run npm run migrations:embed)', async () => {
    expect(EMBEDDED_MIGRATIONS).toEqual(await readMigrationFiles());
  });
});
