import { describe, expect, it } from 'vitest';
import { addDays, dayRangeProblem, daysOf, describeDays, describePeriod } from './calendar-days.ts';

describe('calendar days', () => {
  it('given a range across a month end, then every day is listed once, both ends included', () => {
    expect(daysOf('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('given the last day of a leap February, when a day is added, then it is March 1st', () => {
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
  });

  it('given a cap of 366 days, then 366 days pass and 367 are refused in words', () => {
    expect(dayRangeProblem('2025-01-01', '2026-01-01', 366)).toBeNull();
    expect(dayRangeProblem('2025-01-01', '2026-01-02', 366)).toBe('Choose at most 366 days.');
  });

  it('given a last day before the first, then it says so in words, with no field names', () => {
    expect(dayRangeProblem('2026-05-10', '2026-05-09', 31)).toBe(
      'The last day must be on or after the first day.',
    );
  });

  it("given a report's half-open period, then it reads as its first and last day", () => {
    expect(describePeriod({ periodStart: '2026-05-01', periodEnd: '2026-06-01' }, 'en')).toBe(
      'May 1, 2026 to May 31, 2026',
    );
    expect(describeDays('2026-05-01', '2026-05-01', 'en')).toBe('May 1, 2026');
  });
});
