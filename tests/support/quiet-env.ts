/**
 * Imported first by handler tests: silences Powertools output and sets the env the handlers read
 * at import time. Tests set DATABASE_URL themselves.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_SERVICE_NAME ??= 'secure-orders-test';
process.env.AWS_REGION ??= 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
