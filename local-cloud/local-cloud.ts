import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';
import { createLocalJWKSet } from 'jose';
import pg from 'pg';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { loadDeploymentConfig } from '../amplify/config/index.ts';
import { COMMAND_ROUTES } from '../amplify/constructs/http-routes.ts';
import {
  REPORT_PREFIX,
  REPORT_REQUEST_DETAIL_TYPE,
  REPORT_REQUEST_SOURCE,
} from '../amplify/constructs/report-requests.ts';
import { ORDER_EVENT_DETAIL_TYPE, ORDER_EVENT_SOURCE } from '../core/order-events.ts';
import { createLocalAppSync } from './appsync/local-appsync.ts';
import { createLocalEventBus } from './aws/event-bus.ts';
import { createLocalS3 } from './aws/s3.ts';
import { createLocalSecretsManager } from './aws/secrets-manager.ts';
import { createLocalSes } from './aws/ses.ts';
import { createLocalCognito } from './cognito/index.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, LOCAL_USER_POOL_CLIENT_ID, localIssuer, ROUTES } from './config.ts';
import {
  DATABASE_SECRET_NAME,
  databaseSecret,
  functionDatabaseEnvironment,
  startLocalDatabase,
} from './database.ts';
import { type LocalHost, startLocalHost } from './host.ts';
import { createLocalHttpApi } from './http-api/http-api.ts';
import { createLambdaService } from './lambda/lambda-service.ts';
import { loadFunction } from './lambda/local-lambda.ts';
import { MailStore } from './mail/mail-store.ts';
import { createMailViewer } from './mail/mail-viewer.ts';
import { localOutputs } from './outputs.ts';
import { PROJECT_ROOT } from './paths.ts';
import { startSchedules } from './scheduler.ts';
import { createOriginAllowList } from './spa-origin.ts';
import { ensureLocalTls } from './tls.ts';

/**
 * The whole app on one machine. One TLS origin serves the SPA and every service the browser talks
 * to (Cognito, AppSync with its realtime WebSocket, the HTTP API, S3 downloads, the mail viewer); a
 * loopback HTTP listener serves the same routes to the handlers' AWS SDK clients. The handlers are
 * the project's own, loaded in this process with the environment the cloud gives them, except that
 * their AWS endpoints point here (AWS_ENDPOINT_URL_*), so they read their database credentials from
 * the local Secrets Manager as in the cloud.
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
  invokeToken: string;
  /** What amplify_outputs.json holds for this local cloud. */
  outputs: ReturnType<typeof localOutputs>;
  caCert: string;
  schedules: string[];
  /** Waits for event deliveries in flight (tests). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const REPORT_BUCKET = 'secure-orders-local-reports';
const ORDER_EVENT_BUS = 'secure-orders-local-orders';
const LOCAL_CREDENTIALS = {
  accessKeyId: 'LOCALCLOUDACCESSKEY',
  secretAccessKey: 'local-cloud-secret-key-not-a-secret',
};

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
  let vite: ViteDevServer | undefined;
  let originAllowList: ReturnType<typeof createOriginAllowList> | undefined;
  const host: LocalHost = await startLocalHost({
    tls,
    routes,
    httpsPort: options.httpsPort,
    httpPort: options.httpPort,
    fallback: (request: IncomingMessage, response: ServerResponse) => {
      const decision = vite && originAllowList ? originAllowList(request.url ?? '/') : 'refuse';
      if (!vite || decision === 'refuse') return void response.writeHead(404).end('Not found');
      if (decision === 'spa-route') request.url = '/';
      vite.middlewares(request, response);
    },
  });
  const origin = host.httpsUrl;
  const internal = host.httpUrl as string;
  const mail = new MailStore(join(options.stateDir, 'mail.jsonl'));
  const reportFrom = config.reports.fromAddress;
  const secretsManager = createLocalSecretsManager({
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
    secrets: { [DATABASE_SECRET_NAME]: databaseSecret(database.url) },
  });
  const functionDatabase = functionDatabaseEnvironment(
    database.url,
    secretsManager.arnOf(DATABASE_SECRET_NAME),
  );
  if (functionDatabase.DATABASE_URL) {
    log('the database is not on a loopback IP: the functions use DATABASE_URL, not their TLS secret path');
  }

  // The environment the cloud gives the functions, with local endpoints. Set before any handler
  // module loads: the handlers read some of it at import time. DATABASE_URL (which chose the
  // database) must not reach them, or they would skip the secret path.
  delete process.env.DATABASE_URL;
  Object.assign(process.env, {
    ...functionDatabase,
    // One process serves every concurrent invocation here, where the cloud runs an environment each.
    DB_POOL_MAX: process.env.DB_POOL_MAX ?? '10',
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: `${internal}${ROUTES.s3}`,
    AWS_ENDPOINT_URL_SES: `${internal}${ROUTES.ses}`,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `${internal}${ROUTES.secretsManager}`,
    AWS_ENDPOINT_URL_EVENTBRIDGE: `${internal}${ROUTES.events}`,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: `${internal}${ROUTES.cognito}`,
    ORDER_EVENT_BUS_NAME: ORDER_EVENT_BUS,
    REPORT_BUCKET_NAME: REPORT_BUCKET,
    REPORT_PREFIX,
    REPORT_FROM_ADDRESS: reportFrom,
    REPORT_RECIPIENTS: 'admin@example.com',
    REPORT_TIMEZONE: config.reports.timezone,
    REPORT_REQUEST_SOURCE,
    REPORT_REQUEST_DETAIL_TYPE,
    APP_URL: origin,
    APP_CLIENT_ID: LOCAL_USER_POOL_CLIENT_ID,
    POWERTOOLS_SERVICE_NAME: 'secure-orders-local',
    POWERTOOLS_METRICS_NAMESPACE: 'SecureOrders',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  });

  // Imported only now: the functions' modules read their environment (log level, metrics) on import.
  const { closePool: closeFunctionsPool } = await import('../functions/lib/database.ts');
  const cognito = await createLocalCognito({
    stateFile: join(options.stateDir, 'cognito.json'),
    mail,
    issuer: localIssuer(origin),
  });
  const appPool = new pg.Pool({ connectionString: database.url, max: 4 });
  // A DATABASE_URL server that restarts closes idle connections: say so rather than crash npm start.
  appPool.on('error', (error) =>
    log(`database connection lost (${error.message}); reconnecting on next use`),
  );
  const appsync = await createLocalAppSync({
    pool: appPool,
    verifyToken: async (token) => {
      const claims = await cognito.verifyAccessToken(token);
      if (typeof claims.sub !== 'string') throw new Error('The token has no subject');
      return { ...claims, sub: claims.sub };
    },
    log: (line) => log(`appsync: ${line}`),
  });
  const functions = {
    'orders-api': await loadFunction('orders-api'),
    'outbox-relay': await loadFunction('outbox-relay'),
    report: await loadFunction('report'),
  };
  const bus = createLocalEventBus({
    busName: ORDER_EVENT_BUS,
    rules: [
      {
        name: 'order-events-to-appsync',
        source: ORDER_EVENT_SOURCE,
        detailType: ORDER_EVENT_DETAIL_TYPE,
        target: async (event) => {
          const result = await appsync.publishOrderEvent(event.detail as Record<string, unknown>);
          if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join('; '));
        },
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
  const invokeToken = ensureInvokeToken(join(options.stateDir, 'invoke-token'));

  Object.assign(routes, {
    [ROUTES.cognito]: cognito,
    [ROUTES.graphql]: appsync,
    [ROUTES.httpApi]: createLocalHttpApi({
      routes: COMMAND_ROUTES,
      authorizer: {
        issuer: localIssuer(origin),
        audience: [LOCAL_USER_POOL_CLIENT_ID],
        keys: createLocalJWKSet(cognito.jwks),
      },
      invoke: functions['orders-api'],
      allowedOrigins: [origin],
    }),
    [ROUTES.s3]: createLocalS3({
      dataDir: join(options.stateDir, 's3'),
      buckets: [REPORT_BUCKET],
      credentials: LOCAL_CREDENTIALS,
      mountPath: ROUTES.s3,
    }),
    [ROUTES.ses]: createLocalSes({ mail, allowedFromAddresses: [reportFrom] }),
    [ROUTES.secretsManager]: secretsManager,
    [ROUTES.events]: bus,
    [ROUTES.mail]: createMailViewer(mail),
    '/lambda': createLambdaService(functions, invokeToken),
  });

  const outputs = localOutputs({ origin, modelIntrospection: appsync.modelIntrospection });
  if (options.outputsFile) writeFileSync(options.outputsFile, `${JSON.stringify(outputs, null, 2)}\n`);
  if (options.spa) {
    originAllowList = createOriginAllowList({
      outputsFile: resolve(process.env.AMPLIFY_OUTPUTS_FILE ?? join(PROJECT_ROOT, 'amplify_outputs.json')),
    });
    vite = await createViteServer({
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
  const schedules = options.schedules
    ? startSchedules(
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
      )
    : undefined;

  return {
    origin,
    internalUrl: internal,
    databaseUrl: database.url,
    databaseDescription: database.description,
    mail,
    invokeToken,
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
      await appPool.end();
      await database.stop();
    },
  };
}

function ensureInvokeToken(path: string): string {
  if (!existsSync(path)) writeFileSync(path, randomBytes(24).toString('hex'), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}
