/**
 * What every function of this backend shares: the newest Node runtime Lambda offers, Graviton,
 * structured logs kept for a bounded time. Amplify bundles each entry with esbuild (minified, with
 * source maps).
 */
export const functionDefaults = {
  runtime: 24,
  architecture: 'arm64',
  logging: { format: 'json', level: 'info', retention: '1 month' },
} as const;

export const POWERTOOLS_METRICS_NAMESPACE = 'SecureOrders';
