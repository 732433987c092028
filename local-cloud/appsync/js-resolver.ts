import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createContext, runInContext } from 'node:vm';
import { transformSync } from 'esbuild';
import { type AppSyncCaller, AppSyncError, type CognitoIdentity, type IamIdentity } from './identity.ts';
import { assertValidFilter, type SubscriptionFilter, toSubscriptionFilter } from './subscription-filter.ts';

/**
 * Runs the project's AppSync JS resolvers (amplify/data/*.js) unchanged, with a shim of the
 * APPSYNC_JS runtime for the parts they use. esbuild turns the file's ES module syntax into a
 * CommonJS body whose `require('@aws-appsync/utils')` gets the shim; the body runs in its own V8
 * context, so it sees what APPSYNC_JS offers (no process, fetch or Node modules), as in the cloud.
 */

/** `ctx` as a resolver sees it. */
export interface ResolverContext {
  arguments: Record<string, unknown>;
  args: Record<string, unknown>;
  identity: CognitoIdentity | IamIdentity;
  source: Record<string, unknown> | null;
  stash: Record<string, unknown>;
  env: Record<string, string>;
  prev: { result: unknown };
  result?: unknown;
  error?: unknown;
}

/** What one request or response call did besides its return value. */
interface Invocation {
  authType: AppSyncCaller['authType'];
  subscriptionFilter?: SubscriptionFilter;
}

class EarlyReturn {
  constructor(readonly value: unknown) {}
}

/** Thrown by `util.unauthorized()`; the caller knows which field it guards. */
export class ResolverUnauthorized extends Error {}

let current: Invocation | undefined;
const invocation = (): Invocation => {
  if (!current) throw new Error('APPSYNC_JS utilities used outside a resolver call');
  return current;
};

const appsyncUtils = Object.freeze({
  util: {
    authType: () => invocation().authType,
    unauthorized: () => {
      throw new ResolverUnauthorized();
    },
    error: (message: string, errorType = 'CustomError', data: unknown = null, errorInfo: unknown = null) => {
      throw new AppSyncError(message, errorType, data, errorInfo);
    },
    autoId: () => randomUUID(),
    time: { nowISO8601: () => new Date().toISOString(), nowEpochMilliSeconds: () => Date.now() },
    transform: { toSubscriptionFilter },
  },
  extensions: {
    setSubscriptionFilter: (filter: SubscriptionFilter) => {
      assertValidFilter(filter);
      invocation().subscriptionFilter = filter;
    },
  },
  runtime: {
    earlyReturn: (value: unknown) => {
      throw new EarlyReturn(value);
    },
  },
});

type Handler = (ctx: ResolverContext) => unknown;
export interface JsResolver {
  /** Runs request, then (with the request's payload as `ctx.result`, as a NONE data source) response. */
  run(
    ctx: ResolverContext,
    caller: AppSyncCaller,
  ): { result: unknown; subscriptionFilter?: SubscriptionFilter };
}

export function loadJsResolver(path: string, log: (line: string) => void): JsResolver {
  const { code } = transformSync(readFileSync(path, 'utf8'), {
    format: 'cjs',
    loader: 'js',
    sourcefile: path,
  });
  const module = { exports: {} as Record<string, unknown> };
  const sandbox = createContext({
    module,
    exports: module.exports,
    require: (id: string) => {
      if (id === '@aws-appsync/utils') return appsyncUtils;
      throw new Error(`APPSYNC_JS resolvers cannot import ${id}`);
    },
    console: { log: (...parts: unknown[]) => log(parts.map(String).join(' ')) },
  });
  runInContext(code, sandbox, { filename: path });
  const request = module.exports.request as Handler;
  const response = module.exports.response as Handler;
  if (typeof request !== 'function' || typeof response !== 'function') {
    throw new Error(`${path} must export request and response functions`);
  }
  return {
    run(ctx, caller) {
      const state: Invocation = { authType: caller.authType };
      current = state;
      try {
        const dataSourceResult = callHandler(request, ctx);
        if (dataSourceResult instanceof EarlyReturn) return { result: dataSourceResult.value };
        const payload = (dataSourceResult as { payload?: unknown } | null)?.payload ?? null;
        const result = callHandler(response, { ...ctx, result: payload, prev: { result: payload } });
        return {
          result: result instanceof EarlyReturn ? result.value : result,
          subscriptionFilter: state.subscriptionFilter,
        };
      } finally {
        current = undefined;
      }
    },
  };
}

function callHandler(handler: Handler, ctx: ResolverContext): unknown {
  try {
    return handler(ctx);
  } catch (thrown) {
    if (thrown instanceof EarlyReturn) return thrown;
    throw thrown;
  }
}
