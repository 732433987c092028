import { describe, expect, it } from 'vitest';
import { reportObjectKey, yesterdayIn } from './report-job.ts';

describe('yesterdayIn', () => {
  it('given just after midnight in Berlin (still the day before in UTC), when computed, then yesterday is Berlin yesterday', () => {
    expect(yesterdayIn('Europe/Berlin', new Date('2026-03-28T23:30:00Z'))).toEqual({
      periodStart: '2026-03-28',
      periodEnd: '2026-03-29',
    });
  });

  it('given the first of the month in UTC, when computed, then yesterday is the last day of the previous month', () => {
    expect(yesterdayIn('UTC', new Date('2026-03-01T06:00:00Z'))).toEqual({
      periodStart: '2026-02-28',
      periodEnd: '2026-03-01',
    });
  });
});

describe('reportObjectKey', () => {
  it('given a period, when keyed, then the key is dated by its first day', () => {
    expect(reportObjectKey('reports/', { periodStart: '2026-05-01', periodEnd: '2026-06-01' })).toBe(
      'reports/2026/05/01/orders_2026-05-01_2026-06-01.csv',
    );
  });
});
