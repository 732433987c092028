import { ENDPOINT_ACTIONS, REPORT_OBJECT_ACTIONS } from '../../../platform/network.ts';
import { type CfnTemplate, resourcesOfType } from './synthesized-backend.ts';

/** A check over the platform's template that returns what breaks it (empty = holds). */
export type PlatformInvariant = (template: CfnTemplate) => string[];

const json = (value: unknown) => String(JSON.stringify(value));
type Statement = { Effect?: string; Action?: string | string[]; Resource?: unknown; Condition?: unknown };
const statementsOf = (properties: Record<string, unknown>) =>
  [(properties.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? []].flat();
const thisAccountOnly = (statement: Statement, key: string) =>
  json(statement.Condition).includes(`"${key}":{"Ref":"AWS::AccountId"}`);
const endpoints = (template: CfnTemplate) => resourcesOfType({ platform: template }, 'AWS::EC2::VPCEndpoint');

/** 3. An interface endpoint lets through the calls our functions make, by this account's principals. */
export const interfaceEndpointsAdmitOnlyTheCallsWeMake: PlatformInvariant = (template) => {
  const allowed = new Set(Object.values(ENDPOINT_ACTIONS).flatMap(({ actions }) => actions));
  const interfaces = endpoints(template).filter(
    (endpoint) => endpoint.properties.VpcEndpointType === 'Interface',
  );
  const problems = interfaces.length < 4 ? [`only ${interfaces.length} interface endpoints`] : [];
  for (const endpoint of interfaces) {
    const statements = statementsOf(endpoint.properties);
    if (statements.length === 0)
      problems.push(`${endpoint.logicalId}: no policy (any principal, any action)`);
    for (const statement of statements) {
      const actions = [statement.Action ?? []].flat();
      if (statement.Effect !== 'Allow' || actions.some((action) => !allowed.has(action)))
        problems.push(`${endpoint.logicalId}: ${json(actions)}`);
      if (!thisAccountOnly(statement, 'aws:PrincipalAccount'))
        problems.push(`${endpoint.logicalId}: principals of any account`);
    }
  }
  return problems;
};

/** 3. The S3 prefix-list egress reaches report objects of this account's buckets, nothing else. */
export const s3EndpointReachesOnlyReportObjects: PlatformInvariant = (template) => {
  const gateways = endpoints(template).filter(
    (endpoint) => endpoint.properties.VpcEndpointType !== 'Interface',
  );
  if (gateways.length !== 1) return [`${gateways.length} gateway endpoints`];
  const problems: string[] = [];
  for (const gateway of gateways) {
    const statements = statementsOf(gateway.properties);
    if (statements.length === 0) problems.push(`${gateway.logicalId}: no policy (any bucket in the world)`);
    for (const statement of statements) {
      const actions = [statement.Action ?? []].flat();
      if (actions.some((action) => !REPORT_OBJECT_ACTIONS.includes(action)))
        problems.push(`actions ${json(actions)}`);
      if (
        !/^\["?.*\/reports\/\*"?\]$|\/reports\/\*/.test(json(statement.Resource)) ||
        json(statement.Resource).includes('"*"')
      )
        problems.push(`resources ${json(statement.Resource)}`);
      if (!thisAccountOnly(statement, 'aws:ResourceAccount')) problems.push('buckets of any account');
      if (!thisAccountOnly(statement, 'aws:PrincipalAccount')) problems.push('principals of any account');
    }
  }
  return problems;
};

/** 7. The shared database's saturation alarms, to an encrypted topic. */
export const databaseAlarmsSeeSaturation: PlatformInvariant = (template) => {
  const alarms = resourcesOfType({ platform: template }, 'AWS::CloudWatch::Alarm');
  const on = (metric: string) => alarms.filter((alarm) => json(alarm.properties).includes(`"${metric}"`));
  const problems = [
    'CPUUtilization',
    'ACUUtilization',
    'FreeLocalStorage',
    'DatabaseConnections',
    'MaxDatabaseConnectionsAllowed',
  ]
    .filter((metric) => on(metric).length === 0)
    .map((metric) => `no alarm on ${metric}`);
  const topics = resourcesOfType({ platform: template }, 'AWS::SNS::Topic').filter(
    (topic) => topic.properties.KmsMasterKeyId,
  );
  for (const alarm of alarms) {
    if (!topics.some((topic) => json(alarm.properties.AlarmActions).includes(topic.logicalId)))
      problems.push(`${alarm.logicalId}: not sent to an encrypted topic`);
  }
  return problems;
};
