import { describe, expect, it } from 'vitest';
import { isReportJob } from './report-job.ts';

describe('isReportJob', () => {
  it.each([
    [{ trigger: 'request', reportId: 'abc' }, true],
    [{ trigger: 'schedule' }, false],
    [null, false],
  ])('given %j, when checked, then it is a report job: %s', (event, expected) => {
    expect(isReportJob(event)).toBe(expected);
  });
});
