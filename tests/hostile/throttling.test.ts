import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTTP_API_THROTTLE } from '../../amplify/constructs/http-routes.ts';
import { SERVICE_PATHS } from '../../local-cloud/config.ts';
import { startHostileCloud } from './hostile-cloud.ts';

// A client that floods the orders API: API Gateway's stage throttling (a token bucket of
// HTTP_API_THROTTLE's burst, refilled at its rate) answers the excess 429 before anything else runs.

let local: Awaited<ReturnType<typeof startHostileCloud>>;
beforeAll(async () => {
  local = await startHostileCloud();
});
afterAll(() => local?.stop());

const listReports = () => fetch(local.url(`${SERVICE_PATHS.httpApi}/reports`));

describe('the HTTP API stage throttling', () => {
  it('given a burst larger than the stage allows, then the excess is 429 {"message":"Too Many Requests"}', async () => {
    // Floods of burst + 50 at once until one is throttled: on a loaded machine one flood can arrive
    // slower than the bucket refills, and a later one then finds it empty.
    const responses: Response[] = [];
    for (let flood = 0; flood < 10 && !responses.some((response) => response.status === 429); flood++) {
      responses.push(
        ...(await Promise.all(Array.from({ length: HTTP_API_THROTTLE.burstLimit + 50 }, listReports))),
      );
    }
    const statuses = responses.map((response) => response.status);
    // Unauthenticated: the admitted ones reach the authorizer (401); the rest never get that far.
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(
      HTTP_API_THROTTLE.burstLimit,
    );
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    const throttled = responses.filter((response) => response.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(await throttled[0]?.json()).toEqual({ message: 'Too Many Requests' });
  });

  it('given a throttled client, when it waits a second, then requests are admitted again at the stage rate', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const responses = await Promise.all(Array.from({ length: 10 }, listReports));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(401));
  });
});
