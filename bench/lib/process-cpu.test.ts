import { describe, expect, it } from 'vitest';
import { cpuTicksOfStat } from './process-cpu.ts';

describe('cpuTicksOfStat', () => {
  const stat = '4242 (postgres) S 1 4242 4242 0 -1 4194560 5000 0 0 0 123 45 0 0 20 0 1 0 100 2000000 500';

  it('given a postgres process’s stat line, when read, then user + system ticks come back', () => {
    expect(cpuTicksOfStat(stat, 'postgres')).toBe(168);
  });

  it('given another command, when read, then it is not counted', () => {
    expect(cpuTicksOfStat(stat, 'node')).toBeUndefined();
  });
});
