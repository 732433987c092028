import '../../tests/support/function-env.ts';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError, onUnlessFalse, readConfig, required } from './config.ts';

const eventBridge = mockClient(EventBridgeClient);

/** Loads a handler module as a new execution environment would: afresh, reading its environment. */
const coldStart = (entry: string) => {
  vi.resetModules();
  return import(entry);
};

describe('readConfig', () => {
  it('given every variable, when read, then the values come back parsed', () => {
    expect(readConfig('f', { BUS: required, SEED: onUnlessFalse }, { BUS: 'orders', SEED: 'false' })).toEqual(
      { BUS: 'orders', SEED: false },
    );
  });

  it('given missing and empty variables, when read, then one error names the function and each of them', () => {
    const read = () => readConfig('f', { A: required, B: required }, { B: '' });
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow('f is misconfigured: A is not set; B is not set');
  });
});

describe('a function started without its configuration', () => {
  beforeEach(() => eventBridge.reset());
  afterEach(() => vi.unstubAllEnvs());

  it.each(['ORDER_EVENT_BUS_NAME', 'REPORT_REQUEST_SOURCE', 'REPORT_REQUEST_DETAIL_TYPE'])(
    'given the orders API without %s, when it starts, then it fails there, naming the variable',
    async (name) => {
      vi.stubEnv(name, undefined);
      await expect(coldStart('../orders-api/handler.ts')).rejects.toThrow(
        `orders-api is misconfigured: ${name} is not set`,
      );
    },
  );

  it('given the outbox relay without a bus, when it starts, then it fails there and publishes nothing', async () => {
    vi.stubEnv('ORDER_EVENT_BUS_NAME', undefined);
    await expect(coldStart('../outbox-relay/handler.ts')).rejects.toThrow(
      'outbox-relay is misconfigured: ORDER_EVENT_BUS_NAME is not set',
    );
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it.each(['APP_CLIENT_ID', 'REPORT_BUCKET_NAME'])(
    'given the report download function without %s, when it starts, then it fails there, naming the variable',
    async (name) => {
      vi.stubEnv(name, undefined);
      await expect(coldStart('../report-download/handler.ts')).rejects.toThrow(
        `report-download is misconfigured: ${name} is not set`,
      );
    },
  );

  it('given the report function without its bucket, when it starts, then it fails there', async () => {
    vi.stubEnv('REPORT_BUCKET_NAME', undefined);
    await expect(coldStart('../report/handler.ts')).rejects.toThrow(
      'report is misconfigured: REPORT_BUCKET_NAME is not set',
    );
  });
});
