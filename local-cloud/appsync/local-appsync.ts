import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  type DocumentNode,
  type ExecutionResult,
  execute,
  type GraphQLError,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  isObjectType,
  type OperationDefinitionNode,
  parse,
  validate,
} from 'graphql';
import type pg from 'pg';
import { GRAPHQL_LIMITS } from '../../amplify/data/graphql-limits.ts';
import { LOCAL_ACCOUNT_ID } from '../config.ts';
import { LOCAL_STATE_DIR } from '../paths.ts';
import { type LocalService, PayloadTooLargeError, readBody, sendJson } from '../service.ts';
import { buildAppSyncSchema, subscriptionTriggers } from './appsync-schema.ts';
import {
  type AppSyncCaller,
  AppSyncError,
  assumedRoleCaller,
  callerFromAuthorization,
  type IamCaller,
  type TokenClaims,
  UnauthorizedException,
} from './identity.ts';
import { type JsResolver, loadJsResolver } from './js-resolver.ts';
import { readDataModel } from './models.ts';
import { createRealtimeEndpoint, type GraphQLRequest } from './realtime.ts';
import { attachResolvers, type ExecutionContext } from './resolvers.ts';
import { type DerivedSchema, loadDerivedSchema } from './schema-source.ts';
import { matchesFilter, type SubscriptionFilter } from './subscription-filter.ts';

export interface LocalAppSyncOptions {
  /** The database the SQL data source reads. */
  pool: pg.Pool;
  /**
   * Verifies a Cognito access or ID token as AppSync's user-pool auth does (signature, issuer, exp,
   * iat, token_use, app client) and returns its claims; a rejection becomes a 401.
   */
  verifyToken(token: string): Promise<TokenClaims>;
  /**
   * The role EventBridge's AppSync target assumes. Becomes the API's environment variables
   * ORDER_EVENT_PUBLISHER_ROLE / _ACCOUNT, as amplify/backend.ts sets them, which
   * publish-order-event.js checks.
   */
  publisher?: { accountId: string; roleName: string };
  /** The schema derived from amplify/data; by default loaded (or derived) into the state folder's appsync/. */
  derived?: DerivedSchema;
  keepAliveIntervalMs?: number;
  log?: (line: string) => void;
}

export interface LocalAppSync extends LocalService {
  /** The caller EventBridge's AppSync target is (an assumed-role IAM identity of the publisher role). */
  readonly publisherCaller: IamCaller;
  /** Runs one GraphQL operation as `caller`, as AppSync does for a signed request. */
  execute(request: GraphQLRequest, caller: AppSyncCaller): Promise<ExecutionResult>;
  /** `publishOrderEvent` with every field of its result selected, as the EventBridge rule sends it. */
  publishOrderEvent(variables: Record<string, unknown>, caller?: AppSyncCaller): Promise<ExecutionResult>;
  /** `publishCatalogueEvent`, likewise. */
  publishCatalogueEvent(variables: Record<string, unknown>, caller?: AppSyncCaller): Promise<ExecutionResult>;
  /** The `model_introspection` for amplify_outputs.json. */
  readonly modelIntrospection: unknown;
}

export const DEFAULT_PUBLISHER = {
  accountId: LOCAL_ACCOUNT_ID,
  roleName: 'secure-orders-local-order-event-publisher',
};

interface Subscriber {
  id: string;
  request: GraphQLRequest;
  document: DocumentNode;
  caller: AppSyncCaller;
  filter?: SubscriptionFilter;
  send(message: string): void;
}

/**
 * The local AppSync: the GraphQL API Amplify would deploy from amplify/data, over HTTP (POST /)
 * and realtime (wss /realtime), executing against PostgreSQL with Amplify's authorization rules.
 */
export async function createLocalAppSync(options: LocalAppSyncOptions): Promise<LocalAppSync> {
  const log = options.log ?? ((line: string) => console.log(`[local-appsync] ${line}`));
  const derived =
    options.derived ?? (await loadDerivedSchema({ cacheDir: join(LOCAL_STATE_DIR, 'appsync'), log }));
  const publisher = options.publisher ?? DEFAULT_PUBLISHER;
  const environment = {
    ORDER_EVENT_PUBLISHER_ROLE: publisher.roleName,
    ORDER_EVENT_PUBLISHER_ACCOUNT: publisher.accountId,
  };

  const schema = buildAppSyncSchema(derived.schema);
  const jsResolvers: Record<string, JsResolver> = Object.fromEntries(
    Object.entries(derived.jsResolvers).map(([coordinate, path]) => [
      coordinate,
      loadJsResolver(path, (line) => log(`${coordinate}: ${line}`)),
    ]),
  );
  attachResolvers(schema, {
    pool: options.pool,
    dataModel: readDataModel(derived.modelSchema),
    sqlStatements: derived.sqlStatements,
    jsResolvers,
    environment,
    limits: GRAPHQL_LIMITS,
  });
  const prepare = preparedOperations(schema);
  const { publish, subscribe } = createSubscriptionHub(schema, prepare);

  async function executeOperation(request: GraphQLRequest, caller: AppSyncCaller): Promise<ExecutionResult> {
    const prepared = prepare(request);
    if ('errors' in prepared) return { data: null, errors: prepared.errors };
    if (prepared.operation.operation === 'subscription') {
      return {
        data: null,
        errors: [new AppSyncError('Subscriptions are served over the realtime endpoint', 'BadRequest')],
      };
    }
    const result = await execute({
      schema,
      document: prepared.document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: { caller } satisfies ExecutionContext,
    });
    if (prepared.operation.operation === 'mutation' && result.data) {
      for (const selection of prepared.operation.selectionSet.selections) {
        if (selection.kind !== 'Field') continue;
        const payload = result.data[selection.alias?.value ?? selection.name.value];
        if (payload) publish(selection.name.value, payload as Record<string, unknown>);
      }
    }
    return result;
  }

  const realtime = createRealtimeEndpoint(
    { authorize: (authorization) => callerFromAuthorization(authorization, options.verifyToken), subscribe },
    { keepAliveIntervalMs: options.keepAliveIntervalMs },
  );
  const publisherCaller = assumedRoleCaller(publisher);
  const publishAs = async (field: string, variables: Record<string, unknown>, caller: AppSyncCaller) =>
    formatResult(await executeOperation({ query: operationSelectingAll(schema, field), variables }, caller));

  return {
    publisherCaller,
    modelIntrospection: derived.modelIntrospection,
    execute: async (request, caller) => formatResult(await executeOperation(request, caller)),
    publishOrderEvent: (variables, caller = publisherCaller) =>
      publishAs('publishOrderEvent', variables, caller),
    publishCatalogueEvent: (variables, caller = publisherCaller) =>
      publishAs('publishCatalogueEvent', variables, caller),
    handle: graphqlOverHttp((body, caller) => executeOperation(body, caller), options.verifyToken),
    upgrade: realtime.upgrade,
    close: realtime.close,
  };
}

/**
 * The subscriptions of the realtime endpoint: `subscribe` runs a subscription's resolver at start
 * (its auth and filter) and keeps the subscriber; `publish` fans a mutation's payload out to them.
 */
function createSubscriptionHub(schema: GraphQLSchema, prepare: (request: GraphQLRequest) => Prepared) {
  const triggers = subscriptionTriggers(schema);
  const subscribers = new Map<string, Set<Subscriber>>();

  /** Fan-out: a filter test per subscriber; the payload is shaped once per distinct query and caller kind. */
  function publish(mutation: string, payload: Record<string, unknown>) {
    for (const field of triggers.get(mutation) ?? []) {
      const shaped = new Map<string, Promise<string>>();
      for (const subscriber of subscribers.get(field) ?? []) {
        if (subscriber.filter && !matchesFilter(subscriber.filter, payload)) continue;
        const key = shapeKey(subscriber);
        let message = shaped.get(key);
        if (!message) {
          message = Promise.resolve(
            execute({
              schema,
              document: subscriber.document,
              rootValue: { [field]: payload },
              variableValues: subscriber.request.variables,
              contextValue: { caller: subscriber.caller } satisfies ExecutionContext,
            }),
          ).then((result) => JSON.stringify(formatResult(result)));
          shaped.set(key, message);
        }
        void message.then((data) =>
          subscriber.send(`{"id":${JSON.stringify(subscriber.id)},"type":"data","payload":${data}}`),
        );
      }
    }
  }

  async function subscribe(
    id: string,
    request: GraphQLRequest,
    caller: AppSyncCaller,
    send: (message: string) => void,
  ) {
    const prepared = prepare(request);
    if ('errors' in prepared) throw { errors: prepared.errors.map(formatError) };
    const [field, ...others] = prepared.operation.selectionSet.selections;
    if (prepared.operation.operation !== 'subscription' || field?.kind !== 'Field' || others.length) {
      throw new AppSyncError('A start message needs a subscription with one field', 'UnsupportedOperation');
    }
    // Run the subscription's resolver now (auth and filter); graphql-js coerces its arguments.
    const context: ExecutionContext = { caller, subscriptionStart: {} };
    const started = await execute({
      schema,
      document: prepared.document,
      variableValues: request.variables,
      contextValue: context,
    });
    if (started.errors?.length) throw { errors: started.errors.map(formatError) };
    const subscriber: Subscriber = {
      id,
      request,
      document: prepared.document,
      caller,
      filter: context.subscriptionStart?.filter,
      send,
    };
    const fieldName = field.name.value;
    const set = subscribers.get(fieldName) ?? new Set();
    subscribers.set(fieldName, set.add(subscriber));
    return () => set.delete(subscriber);
  }

  return { publish, subscribe };
}

/** AppSync's GraphQL endpoint over HTTP: CORS preflight, POST only, the caller authorized first, then one operation. */
function graphqlOverHttp(
  executeOperation: (request: GraphQLRequest, caller: AppSyncCaller) => Promise<ExecutionResult>,
  verifyToken: LocalAppSyncOptions['verifyToken'],
) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    const cors = { 'access-control-allow-origin': '*' };
    if (request.method === 'OPTIONS') {
      response
        .writeHead(204, {
          ...cors,
          'access-control-allow-methods': 'POST, OPTIONS',
          'access-control-allow-headers':
            'authorization, content-type, x-amz-user-agent, x-amz-date, x-api-key',
          'access-control-max-age': '86400',
        })
        .end();
      return;
    }
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (request.method !== 'POST' || (path !== '/' && path !== '/graphql')) {
      sendJson(
        response,
        404,
        { errors: [{ errorType: 'NotFound', message: 'POST GraphQL operations to /' }] },
        cors,
      );
      return;
    }
    let caller: AppSyncCaller;
    try {
      caller = await callerFromAuthorization(request.headers.authorization, verifyToken);
    } catch (error) {
      if (!(error instanceof UnauthorizedException)) throw error;
      sendJson(response, 401, { errors: [{ errorType: error.errorType, message: error.message }] }, cors);
      return;
    }
    let body: GraphQLRequest;
    try {
      body = JSON.parse((await readBody(request)).toString('utf8'));
    } catch (error) {
      const status = error instanceof PayloadTooLargeError ? 413 : 400;
      sendJson(
        response,
        status,
        { errors: [{ errorType: 'MalformedHttpRequestException', message: String(error) }] },
        cors,
      );
      return;
    }
    sendJson(response, 200, formatResult(await executeOperation(body, caller)), cors);
  };
}

type Prepared =
  | { document: DocumentNode; operation: OperationDefinitionNode }
  | { errors: readonly GraphQLError[] };

/** Most recently prepared operations kept; clients send the same few again and again. */
const PREPARED_CACHE_SIZE = 256;

/**
 * Parses and validates each distinct operation once, as a server caches its documents: doing it for
 * every request (every published order event runs `publishOrderEvent`) was the local AppSync's
 * largest cost under load. Only valid operations are kept, so junk cannot crowd them out.
 */
function preparedOperations(schema: GraphQLSchema): (request: GraphQLRequest) => Prepared {
  const cache = new Map<string, Prepared>();
  return (request) => {
    const key = `${request.operationName ?? ''}\n${request.query}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const prepared = prepare(schema, request);
    if ('errors' in prepared) return prepared;
    if (cache.size >= PREPARED_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, prepared);
    return prepared;
  };
}

function prepare(schema: GraphQLSchema, request: GraphQLRequest): Prepared {
  let document: DocumentNode;
  try {
    document = parse(String(request.query ?? ''));
  } catch (error) {
    return { errors: [error as GraphQLError] };
  }
  const errors = validate(schema, document);
  if (errors.length) return { errors };
  const operation = getOperationAST(document, request.operationName);
  if (!operation) return { errors: [new AppSyncError('No operation to execute', 'BadRequest')] };
  return { document, operation };
}

const shapeKey = ({ request, caller }: Subscriber) =>
  JSON.stringify([
    request.query,
    request.variables ?? null,
    caller.authType,
    caller.authType === 'User Pool Authorization' ? caller.identity.groups : null,
  ]);

/** AppSync's error entries: path, data, errorType, errorInfo, locations (with sourceName), message. */
function formatError(error: GraphQLError) {
  const appsync = [error.originalError, error].find((candidate) => candidate instanceof AppSyncError) as
    | AppSyncError
    | undefined;
  if (!appsync && error.originalError) console.error('[local-appsync] resolver failure', error.originalError);
  return {
    path: error.path ?? null,
    data: appsync?.errorData ?? null,
    errorType: appsync?.errorType ?? (error.originalError ? 'InternalFailure' : 'ValidationError'),
    errorInfo: appsync?.errorInfo ?? null,
    locations: error.locations?.map((location) => ({ ...location, sourceName: null })) ?? null,
    message: appsync || !error.originalError ? error.message : 'Internal failure',
  };
}

function formatResult(result: ExecutionResult) {
  const errors = result.errors?.map(formatError);
  return { data: result.data ?? null, ...(errors?.length ? { errors } : {}) } as ExecutionResult;
}

/** `mutation(<its arguments>) { field(<arguments>) { <every scalar field of its result> } }`. */
function operationSelectingAll(schema: GraphQLSchema, mutation: string): string {
  const field = schema.getMutationType()?.getFields()[mutation];
  if (!field) throw new Error(`The schema has no mutation ${mutation}`);
  const resultType = getNamedType(field.type);
  const selection = isObjectType(resultType)
    ? Object.values(resultType.getFields())
        .filter((candidate) => !isObjectType(getNamedType(candidate.type)))
        .map((candidate) => candidate.name)
        .join(' ')
    : '';
  const variables = field.args.map((arg) => `$${arg.name}: ${arg.type}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `mutation (${variables}) { ${mutation}(${args})${selection ? ` { ${selection} }` : ''} }`;
}
