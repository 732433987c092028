// Derives what the local AppSync serves from amplify/data, the way `ampx` would, offline: the data
// schema's own transform, then Amplify's GraphQL transformer (the AmplifyData construct) in a bare
// CDK stack, whose staged `.graphql` asset is the schema AppSync gets. Run as a child process
// (`tsx derive-schema.ts <out.json>`): loading the CDK and Amplify's construct costs ~9 s and
// ~300 MB, which the running local cloud should not carry. schema-source.ts caches the result.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DerivedSchema } from './schema-source.ts';

const dataDir = fileURLToPath(new URL('../../amplify/data/', import.meta.url));
const [outputPath] = process.argv.slice(2);
if (!outputPath) throw new Error('usage: derive-schema.ts <output.json>');

process.env.AMPLIFY_DISABLE_TELEMETRY = '1';
const { schema } = await import('../../amplify/data/resource.ts');
const { App, Stack } = await import('aws-cdk-lib');
const { UserPool } = await import('aws-cdk-lib/aws-cognito');
const { AmplifyData, AmplifyDataDefinition } = await import('@aws-amplify/data-construct');
const { generateModels } = await import('@aws-amplify/graphql-generator');

const transformed = schema.transform();

// `a.handler.sqlReference('./x.sql')` paths are relative to resource.ts, as in backend-data.
const sqlByReference: Record<string, string> = {};
const sqlStatements: Record<string, string> = {};
for (const strategy of transformed.customSqlDataSourceStrategies ?? []) {
  if (!strategy.entry) continue;
  const reference = typeof strategy.entry === 'string' ? strategy.entry : strategy.entry.relativePath;
  const text = readFileSync(resolve(dataDir, reference), 'utf8');
  sqlByReference[reference] = text;
  sqlStatements[`${strategy.typeName}.${strategy.fieldName}`] = text;
}

const jsResolvers: Record<string, string> = {};
for (const fn of transformed.jsFunctions ?? []) {
  const [handler] = fn.handlers;
  const entry = handler?.entry;
  const relativePath = typeof entry === 'string' ? entry : entry?.relativePath;
  if (!relativePath) continue;
  jsResolvers[`${fn.typeName}.${fn.fieldName}`] = resolve(dataDir, relativePath);
}

const outdir = mkdtempSync(join(tmpdir(), 'local-appsync-'));
try {
  const app = new App({ outdir });
  const stack = new Stack(app, 'LocalAppSync', { env: { account: '000000000000', region: 'eu-west-1' } });
  const api = new AmplifyData(stack, 'Data', {
    definition: AmplifyDataDefinition.fromString(transformed.schema, {
      dbType: 'POSTGRES',
      name: 'LocalPostgres',
      dbConnectionConfig: { connectionUriSsmPath: ['/local/connection-uri'] },
      customSqlStatements: sqlByReference,
    }),
    // As defineData makes them: user pools by default, and IAM (Amplify always enables it).
    authorizationModes: {
      defaultAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS',
      userPoolConfig: { userPool: UserPool.fromUserPoolId(stack, 'UserPool', 'eu-west-1_local') },
      iamConfig: { enableIamAuthorizationMode: true },
    },
  });
  // The schema asset is staged lazily, when the template asks for its S3 location.
  stack.resolve(api.resources.cfnResources.cfnGraphqlSchema.definitionS3Location);
  const schemaAsset = readdirSync(outdir).find((file) => file.endsWith('.graphql'));
  if (!schemaAsset) throw new Error('the transformer staged no .graphql schema asset');

  const introspection = await generateModels({
    schema: transformed.schema,
    target: 'introspection',
    directives: '',
  });
  const derived: DerivedSchema = {
    schema: readFileSync(join(outdir, schemaAsset), 'utf8'),
    modelSchema: transformed.schema,
    sqlStatements,
    jsResolvers,
    modelIntrospection: JSON.parse(Object.values(introspection)[0] ?? 'null'),
  };
  writeFileSync(outputPath, JSON.stringify(derived));
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
// Amplify's construct leaves handles open (telemetry, timers); the work is done.
process.exit(0);
