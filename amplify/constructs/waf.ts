import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/**
 * Requests one client IP may make in any 5-minute window before WAF blocks it, per web ACL.
 * - The user pool sees sign-in (two SRP calls), token refresh and the odd sign-up or reset: a few
 *   dozen calls per user session, so 300 per IP leaves room for a shared office NAT and stops
 *   credential stuffing early (Cognito's own lockout and compromised-credential checks sit behind it).
 * - AppSync sees each page's reads: 1,000 per IP for users' (token) requests.
 * - EventBridge's signed `publishOrderEvent` calls come from few AWS addresses in bursts: they get a
 *   limit of their own, far above any order rate, so a burst never trips the users' limit.
 */
const RATE_LIMITS = {
  userPool: 300,
  appSyncUsers: 1000,
  appSyncSigned: 20_000,
} as const;

/** Matches a request signed with SigV4 (`Authorization: AWS4-HMAC-SHA256 ...`), as EventBridge's are. */
const SIGNED: CfnWebACL.StatementProperty = {
  byteMatchStatement: {
    fieldToMatch: { singleHeader: { Name: 'authorization' } },
    positionalConstraint: 'STARTS_WITH',
    searchString: 'AWS4-HMAC-SHA256',
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
};
const UNSIGNED: CfnWebACL.StatementProperty = { notStatement: { statement: SIGNED } };

export interface RegionalWafProps {
  /** The resource the web ACL protects (AppSync API or Cognito user pool ARN). */
  resourceArn: string;
  /**
   * `appSync`: the managed rule groups and the users' rate limit apply to unsigned (token) requests
   * only, and signed requests have a rate limit of their own. A forged signature gains nothing by
   * this: AppSync refuses it before any resolver, and a genuine one that is not EventBridge's
   * publisher is refused by the resolvers (amplify/data/iam-callers.ts).
   * `userPool`: every request, one rate limit.
   */
  kind: 'appSync' | 'userPool';
}

/**
 * A regional web ACL (AWS managed common and known-bad-input rules, per-IP rate limits) on one
 * resource, with its logs kept. API Gateway HTTP APIs cannot take a WAF: see http-api.ts.
 */
export class RegionalWaf extends Construct {
  readonly webAcl: CfnWebACL;
  readonly webAclName: string;

  constructor(scope: Construct, id: string, { resourceArn, kind }: RegionalWafProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const usersOnly = kind === 'appSync' ? { scopeDownStatement: UNSIGNED } : {};
    const managed = (name: string, priority: number): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...usersOnly } },
      visibilityConfig: visibility(name),
    });
    const rateLimit = (
      name: string,
      priority: number,
      limit: number,
      scope: object = {},
    ): CfnWebACL.RuleProperty => ({
      name,
      priority,
      action: { block: {} },
      statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP', ...scope } },
      visibilityConfig: visibility(name),
    });

    this.webAclName = Names.uniqueResourceName(this, { maxLength: 128 });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(this.webAclName),
      rules:
        kind === 'appSync'
          ? [
              rateLimit('UsersPerIp', 0, RATE_LIMITS.appSyncUsers, usersOnly),
              rateLimit('SignedPerIp', 1, RATE_LIMITS.appSyncSigned, { scopeDownStatement: SIGNED }),
              managed('AWSManagedRulesCommonRuleSet', 2),
              managed('AWSManagedRulesKnownBadInputsRuleSet', 3),
            ]
          : [
              rateLimit('RequestsPerIp', 0, RATE_LIMITS.userPool),
              managed('AWSManagedRulesCommonRuleSet', 1),
              managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
            ],
    });
    new CfnWebACLAssociation(this, 'Association', { resourceArn, webAclArn: this.webAcl.attrArn });

    // WAF wants the log group's name to start with aws-waf-logs-, and its ARN without the `:*` suffix.
    const logs = new LogGroup(this, 'Logs', {
      logGroupName: `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 60 })}`,
      retention: RetentionDays.THREE_MONTHS,
    });
    const logsArn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logs.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    new CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAcl.attrArn,
      logDestinationConfigs: [logsArn],
      // Never log credentials.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }],
    });
  }
}
