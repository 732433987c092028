import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { createLocalJWKSet } from 'jose';
import pg from 'pg';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { loadDeploymentConfig } from '../amplify/config/index.ts';
import { COMMAND_ROUTES, HTTP_API_THROTTLE } from '../amplify/constructs/http-routes.ts';
import {
  REPORT_PREFIX,
  REPORT_REQUEST_DETAIL_TYPE,
  REPORT_REQUEST_SOURCE,
} from '../amplify/constructs/report-requests.ts';
import { CATALOGUE_EVENT_DETAIL_TYPE, CATALOGUE_EVENT_SOURCE } from '../core/catalogue-events.ts';
import { ORDER_EVENT_DETAIL_TYPE, ORDER_EVENT_SOURCE } from '../core/order-events.ts';
import { createLocalAppSync, type LocalAppSync } from './appsync/local-appsync.ts';
import { createLocalEventBus } from './aws/event-bus.ts';
import { createLocalS3, S3_BODY_LIMIT_BYTES } from './aws/s3.ts';
import { createLocalSecretsManager } from './aws/secrets-manager.ts';
import { createLocalSes } from './aws/ses.ts';
import type { Credentials } from './aws/sigv4-presigned.ts';
import { createLocalCognito } from './cognito/index.ts';
import { projectPreTokenTrigger } from './cognito/pre-token-generation.ts';
import {
  LOCAL_ACCOUNT_ID,
  LOCAL_ORDER_EVENT_BUS,
  LOCAL_REGION,
  LOCAL_REPORT_BUCKET,
  LOCAL_USER_POOL_CLIENT_ID,
  localIssuer,
  SERVICE_PATHS,
} from './config.ts';
import {
  DATABASE_SECRET_NAME,
  databaseSecret,
  functionDatabaseEnvironment,
  startLocalDatabase,
} from './database.ts';
import { guardDeveloperSurface } from './developer-surface.ts';
import { type LocalHost, startLocalHost } from './host.ts';
import { createLocalHttpApi } from './http-api/http-api.ts';
import type { ThrottleLimits } from './http-api/token-bucket.ts';
import { FUNCTION_ROLES, type FunctionRole, projectFunctionPolicies } from './iam/function-policies.ts';
import { createPrincipals, OPERATOR, writeOperatorCredentials } from './iam/principals.ts';
import {
  type AwsProtocol,
  authorize,
  requireSigV4,
  type SignedApiOptions,
  verifyCaller,
} from './iam/signed-api.ts';
import { createLambdaService } from './lambda/lambda-service.ts';
import { loadFunction } from './lambda/local-lambda.ts';
import { runWithRole } from './lambda/role-credentials.ts';
import { MailStore } from './mail/mail-store.ts';
import { createMailViewer } from './mail/mail-viewer.ts';
import { localOutputs } from './outputs.ts';
import { OPERATOR_CREDENTIALS_FILE, PROJECT_ROOT } from './paths.ts';
import { startSchedules } from './scheduler.ts';
import type { LocalService } from './service.ts';
import { createOriginAllowList, importedByServedModule } from './spa-origin.ts';
import { ensureLocalTls } from './tls.ts';

/**
 * The whole app on one machine. One TLS origin serves the SPA and every service the browser talks
 * to (Cognito, AppSync with its realtime WebSocket, the HTTP API, presigned S3 downloads, the
 * token-guarded mail viewer); a loopback HTTP listener serves those and, only there, the AWS APIs
 * (S3, SES, Secrets Manager, EventBridge, Lambda Invoke), which check SigV4 and the caller's IAM
 * policy. The handlers are the project's own, loaded in this process with the environment the
 * cloud gives them (their own role's keys included), except that their AWS endpoints point here
 * (AWS_ENDPOINT_URL_*), so they read their database credentials from the local Secrets Manager as
 * in the cloud. See local-cloud/SECURITY.md.
 */
export interface LocalCloudOptions {
  stateDir: string;
  httpsPort: number;
  httpPort: number;
  databasePort: number;
  /** Use this PostgreSQL server instead of the embedded one. */
  databaseUrl?: string;
  /** Serve the SPA through Vite (off for API-only tests). */
  spa?: boolean;
  /** Run the functions' schedules (outbox relay every minute, the daily report). */
  schedules?: boolean;
  /**
   * The HTTP API's stage throttling; defaults to the deployed stage's (HTTP_API_THROTTLE). The bench
   * passes `false`: it measures the app, not the stage limit.
   */
  httpApiThrottle?: ThrottleLimits | false;
  /** Where to write amplify_outputs.json. */
  outputsFile?: string;
  log?: (line: string) => void;
}

export interface LocalCloud {
  origin: string;
  internalUrl: string;
  databaseUrl: string;
  databaseDescription: string;
  mail: MailStore;
  /** The mail viewer's link with this start's developer token (the banner prints it). */
  mailViewerUrl: string;
  /** The local operator's keys: the developer's own IAM identity for the local AWS APIs. */
  operatorCredentials: Credentials;
  /** Each function role's keys, as its Lambda environment holds them (tests sign as a role with these). */
  functionCredentials: Record<FunctionRole, Credentials>;
  /** What amplify_outputs.json holds for this local cloud. */
  outputs: ReturnType<typeof localOutputs>;
  caCert: string;
  schedules: string[];
  /** Waits for event deliveries in flight (tests). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? ((line: string) => console.log(`[local-cloud] ${line}`));
  // Readable by this user only: it holds the signing key, credentials and the database.
  mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  const config = loadDeploymentConfig();
  const tls = await ensureLocalTls(join(options.stateDir, 'tls'));
  const database = await startLocalDatabase({
    externalUrl: options.databaseUrl,
    dataDir: join(options.stateDir, 'pgdata'),
    port: options.databasePort,
    log,
  });
  const routes: Parameters<typeof startLocalHost>[0]['routes'] = {};
  const internalRoutes: typeof routes = {};
  let vite: ViteDevServer | undefined;
  let originAllowList: ReturnType<typeof createOriginAllowList> | undefined;
  const host: LocalHost = await startLocalHost({
    tls,
    routes,
    internalRoutes,
    httpsPort: options.httpsPort,
    httpPort: options.httpPort,
    fallback: (request, response) => serveSpaThroughAllowList(request, response, vite, originAllowList),
  });
  const origin = host.httpsUrl;
  const internal = host.httpUrl as string;
  const mail = new MailStore(join(options.stateDir, 'mail.jsonl'));
  const secretsManager = createLocalSecretsManager({
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    secrets: { [DATABASE_SECRET_NAME]: databaseSecret(database.url) },
    authorize,
  });
  const principals = createPrincipals(projectFunctionPolicies(secretsManager.arnOf(DATABASE_SECRET_NAME)));
  const operatorCredentials = principals.get(OPERATOR).credentials;
  writeOperatorCredentials(join(options.stateDir, OPERATOR_CREDENTIALS_FILE), operatorCredentials);
  /** A function's invocations run with its own role's keys in their environment, as in Lambda. */
  const asRole =
    <Event, Result>(role: FunctionRole, invoke: (event: Event) => Promise<Result>) =>
    (event: Event) =>
      runWithRole(principals.get(role).credentials, () => invoke(event));
  const signed =
    (protocol: AwsProtocol, options: Partial<SignedApiOptions> = {}) =>
    (service: LocalService) =>
      requireSigV4(service, { principals, protocol, ...options });
  const functionDatabase = functionDatabaseEnvironment(
    database.url,
    secretsManager.arnOf(DATABASE_SECRET_NAME),
  );
  if (functionDatabase.DATABASE_URL) {
    log('the database is not on a loopback IP: the functions use DATABASE_URL, not their TLS secret path');
  }

  // Set before any handler module loads: the handlers read their configuration at import time.
  // DATABASE_URL (which chose the database) must not reach them, or they would skip the secret path.
  delete process.env.DATABASE_URL;
  Object.assign(process.env, functionEnvironment({ functionDatabase, internal, origin, config }));

  // Imported only now: the functions' modules read their environment (log level, metrics) on import.
  const { closePool: closeFunctionsPool } = await import('../functions/lib/database.ts');
  const cognito = await createLocalCognito({
    stateFile: join(options.stateDir, 'cognito.json'),
    mail,
    issuer: localIssuer(origin),
    preTokenGeneration: asRole('pre-token-generation', projectPreTokenTrigger),
    verifyAdminCaller: (request) => verifyCaller(request, { principals }),
    authorize,
  });
  // AppSync's SQL reads, as the environment's readonly role (Amplify's SQL Lambda's connection string).
  const appsyncPool = new pg.Pool({ connectionString: database.appsyncUrl, max: 4 });
  // A DATABASE_URL server that restarts closes idle connections: say so rather than crash npm start.
  appsyncPool.on('error', (error) =>
    log(`database connection lost (${error.message}); reconnecting on next use`),
  );
  const appsync = await createLocalAppSync({
    pool: appsyncPool,
    verifyToken: async (token) => {
      const claims = await cognito.verifyUserPoolToken(token);
      if (typeof claims.sub !== 'string') throw new Error('The token has no subject');
      return { ...claims, sub: claims.sub };
    },
    log: (line) => log(`appsync: ${line}`),
  });
  const functions = {
    'orders-api': asRole('orders-api', await loadFunction('orders-api')),
    'report-download': asRole('report-download', await loadFunction('report-download')),
    'outbox-relay': asRole('outbox-relay', await loadFunction('outbox-relay')),
    report: asRole('report', await loadFunction('report')),
  };
  const bus = createProjectEventBus(appsync, functions);
  // Per start, as Jupyter's: the banner's mail link carries it; nothing writes it down.
  const developerToken = randomBytes(32).toString('base64url');

  // The origin: what a browser reaches in AWS (Cognito's endpoint, where Admin* calls still need a
  // signature; AppSync; the HTTP API), plus the developer's guarded mail page. Report download
  // links point where the functions' S3 endpoint is, the loopback listener: a presigned GET there
  // is checked (signature, expiry, and the signer's s3:GetObject) as S3 checks it.
  Object.assign(routes, {
    [SERVICE_PATHS.cognito]: cognito,
    [SERVICE_PATHS.graphql]: appsync,
    [SERVICE_PATHS.httpApi]: createLocalHttpApi({
      routes: COMMAND_ROUTES,
      authorizer: {
        issuer: localIssuer(origin),
        audience: [LOCAL_USER_POOL_CLIENT_ID],
        keys: createLocalJWKSet(cognito.jwks),
      },
      integrations: functions,
      allowedOrigins: [origin],
      throttle: options.httpApiThrottle ?? HTTP_API_THROTTLE,
    }),
    [SERVICE_PATHS.mail]: guardDeveloperSurface(createMailViewer(mail, SERVICE_PATHS.mail), {
      token: developerToken,
      mountPath: SERVICE_PATHS.mail,
    }),
  });
  // The loopback listener only: the AWS APIs the functions and the operator call, signed.
  Object.assign(internalRoutes, {
    [SERVICE_PATHS.s3]: signed('xml', { bodyLimitBytes: S3_BODY_LIMIT_BYTES })(
      createLocalS3({ dataDir: join(options.stateDir, 's3'), buckets: [LOCAL_REPORT_BUCKET], authorize }),
    ),
    [SERVICE_PATHS.ses]: signed('query')(
      createLocalSes({ mail, allowedFromAddresses: [config.reports.fromAddress], authorize }),
    ),
    [SERVICE_PATHS.secretsManager]: signed('json')(secretsManager),
    [SERVICE_PATHS.events]: signed('json')(bus),
    [SERVICE_PATHS.lambda]: signed('json')(createLambdaService(functions, authorize)),
  });

  const outputs = localOutputs({ origin, modelIntrospection: appsync.modelIntrospection });
  if (options.outputsFile) writeFileSync(options.outputsFile, `${JSON.stringify(outputs, null, 2)}\n`);
  if (options.spa) {
    originAllowList = createOriginAllowList({
      outputsFile: resolve(process.env.AMPLIFY_OUTPUTS_FILE ?? join(PROJECT_ROOT, 'amplify_outputs.json')),
    });
    vite = await startSpaDevServer(host);
  }
  const schedules = options.schedules ? startProjectSchedules(functions, config, log) : undefined;

  return {
    origin,
    internalUrl: internal,
    databaseUrl: database.url,
    databaseDescription: database.description,
    mail,
    mailViewerUrl: `${origin}${SERVICE_PATHS.mail}/?token=${developerToken}`,
    operatorCredentials,
    functionCredentials: Object.fromEntries(
      FUNCTION_ROLES.map((role) => [role, principals.get(role).credentials]),
    ) as Record<FunctionRole, Credentials>,
    outputs,
    caCert: tls.caCert,
    schedules: schedules?.describe() ?? [],
    drain: () => bus.drain(),
    async stop() {
      schedules?.stop();
      await vite?.close();
      await bus.drain();
      await appsync.close?.();
      await host.close();
      await closeFunctionsPool();
      await appsyncPool.end();
      await database.stop();
    },
  };
}

/**
 * The origin's fallback: the SPA through Vite, but only what the allow-list lets a browser have (the
 * SPA's own modules, what they import, public/); everything else, and anything before Vite is up, 404.
 */
async function serveSpaThroughAllowList(
  request: IncomingMessage,
  response: ServerResponse,
  vite: ViteDevServer | undefined,
  allowList: ReturnType<typeof createOriginAllowList> | undefined,
): Promise<void> {
  const url = request.url ?? '/';
  const decision = vite && allowList ? allowList(url) : 'refuse';
  const served =
    decision === 'serve' ||
    decision === 'spa-route' ||
    (decision === 'if-imported' &&
      vite !== undefined &&
      allowList !== undefined &&
      (await importedByServedModule(url, vite.environments.client.moduleGraph, allowList).catch(
        () => false,
      )));
  if (!vite || !served) return void response.writeHead(404).end('Not found');
  if (decision === 'spa-route') request.url = '/';
  vite.middlewares(request, response);
}

/** The environment the cloud gives the functions, with the local endpoints. */
function functionEnvironment(local: {
  functionDatabase: Record<string, string>;
  internal: string;
  origin: string;
  config: ReturnType<typeof loadDeploymentConfig>;
}): Record<string, string> {
  const { functionDatabase, internal, origin, config } = local;
  return {
    ...functionDatabase,
    // One process serves every concurrent invocation here, where the cloud runs an environment each.
    DB_POOL_MAX: process.env.DB_POOL_MAX ?? '10',
    AWS_REGION: LOCAL_REGION,
    AWS_ENDPOINT_URL_S3: `${internal}${SERVICE_PATHS.s3}`,
    AWS_ENDPOINT_URL_SES: `${internal}${SERVICE_PATHS.ses}`,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `${internal}${SERVICE_PATHS.secretsManager}`,
    AWS_ENDPOINT_URL_EVENTBRIDGE: `${internal}${SERVICE_PATHS.events}`,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${internal}${SERVICE_PATHS.cognito}`,
    ORDER_EVENT_BUS_NAME: LOCAL_ORDER_EVENT_BUS,
    REPORT_BUCKET_NAME: LOCAL_REPORT_BUCKET,
    REPORT_PREFIX,
    REPORT_FROM_ADDRESS: config.reports.fromAddress,
    REPORT_RECIPIENTS: 'admin@example.com',
    REPORT_TIMEZONE: config.reports.timezone,
    REPORT_REQUEST_SOURCE,
    REPORT_REQUEST_DETAIL_TYPE,
    APP_URL: origin,
    APP_CLIENT_ID: LOCAL_USER_POOL_CLIENT_ID,
    POWERTOOLS_SERVICE_NAME: 'secure-orders-local',
    POWERTOOLS_METRICS_NAMESPACE: 'SecureOrders',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  };
}

/** A rule target that runs a publish mutation with the event's detail; its errors fail the delivery. */
function toAppSync(publish: LocalAppSync['publishOrderEvent']) {
  return async (event: { detail: unknown }) => {
    const result = await publish(event.detail as Record<string, unknown>);
    if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join('; '));
  };
}

/**
 * The order-event bus and its rules, as the CDK's: order and catalogue events to AppSync, report
 * requests to the report function.
 */
function createProjectEventBus(
  appsync: LocalAppSync,
  functions: { report: (event: Record<string, unknown>) => Promise<unknown> },
) {
  return createLocalEventBus({
    busName: LOCAL_ORDER_EVENT_BUS,
    authorize,
    rules: [
      {
        name: 'order-events-to-appsync',
        source: ORDER_EVENT_SOURCE,
        detailType: ORDER_EVENT_DETAIL_TYPE,
        target: toAppSync(appsync.publishOrderEvent),
      },
      {
        name: 'catalogue-events-to-appsync',
        source: CATALOGUE_EVENT_SOURCE,
        detailType: CATALOGUE_EVENT_DETAIL_TYPE,
        target: toAppSync(appsync.publishCatalogueEvent),
      },
      {
        name: 'report-requests-to-report-function',
        source: REPORT_REQUEST_SOURCE,
        detailType: REPORT_REQUEST_DETAIL_TYPE,
        target: async (event) => {
          await functions.report({ trigger: 'request', ...(event.detail as Record<string, unknown>) });
        },
      },
    ],
  });
}

/** The schedules the CDK creates: the outbox relay every minute, the daily report in its time zone. */
function startProjectSchedules(
  functions: {
    'outbox-relay': (event: Record<string, unknown>) => Promise<unknown>;
    report: (event: Record<string, unknown>) => Promise<unknown>;
  },
  config: ReturnType<typeof loadDeploymentConfig>,
  log: (line: string) => void,
) {
  return startSchedules(
    [
      {
        name: 'outbox-relay',
        cron: '* * * * *',
        run: () => functions['outbox-relay']({ trigger: 'schedule' }),
      },
      {
        name: 'daily-report',
        cron: `${config.reports.dailyAt.minute} ${config.reports.dailyAt.hour} * * *`,
        timeZone: config.reports.timezone,
        run: () => functions.report({ trigger: 'schedule' }),
      },
    ],
    log,
  );
}

/** Vite in middleware mode on the origin's TLS server (its HMR socket included). */
function startSpaDevServer(host: LocalHost): Promise<ViteDevServer> {
  return createViteServer({
    configFile: 'vite.config.ts',
    logLevel: 'warn',
    server: {
      middlewareMode: true,
      ws: { server: host.httpsServer },
      // Behind the allow-list, Vite's own refusals (its defaults, plus key material anywhere).
      fs: { strict: true, deny: ['.env', '.env.*', '*.{crt,pem,key}', '**/.git/**', '**/tls/**'] },
    },
  });
}
