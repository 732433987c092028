import { fileURLToPath } from 'node:url';

/**
 * Every Lambda function of an environment and the module Lambda runs, from the repository's root:
 * the one table the resource.ts files, the local cloud, the Lambda bench and `npm run invoke` read.
 * (The platform's provisioner is not an environment's function: platform/provisioner.ts.)
 */
export const FUNCTION_ENTRIES = {
  'orders-api': 'functions/orders-api/handler.ts',
  'report-download': 'functions/report-download/handler.ts',
  'outbox-relay': 'functions/outbox-relay/handler.ts',
  report: 'functions/report/handler.ts',
  migrate: 'functions/migrate/handler.ts',
  'pre-token-generation': 'functions/pre-token-generation/handler.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;

/** The entry's absolute path (defineFunction takes one as it is). */
export function functionEntryPath(name: FunctionName): string {
  return fileURLToPath(new URL(`../../${FUNCTION_ENTRIES[name]}`, import.meta.url));
}
