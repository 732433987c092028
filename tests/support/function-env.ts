import { FUNCTION_CONFIG } from './function-config.ts';

/**
 * Imported first by handler tests: silences Powertools output and sets the environment the handlers
 * read when their modules load (they read their configuration at cold start). Tests set
 * DATABASE_URL themselves.
 */
const TEST_ENVIRONMENT = {
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_SERVICE_NAME: 'secure-orders-test',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  ...FUNCTION_CONFIG,
};

for (const [name, value] of Object.entries(TEST_ENVIRONMENT)) process.env[name] ??= value;
