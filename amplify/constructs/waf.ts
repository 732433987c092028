import { ArnFormat, Names, Stack } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnLoggingConfiguration, CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

/** Requests one client IP may make in any 5-minute window before WAF blocks it. */
export const RATE_LIMIT_PER_5_MINUTES = 1000;

export interface RegionalWafProps {
  /** What the ACL protects, by name: AppSync API and Cognito user pool ARNs. */
  protectedArns: Record<string, string>;
}

/**
 * One regional web ACL (AWS managed common and known-bad-input rules, plus a per-IP rate limit) on
 * the AppSync API and the user pool, with its logs kept. API Gateway HTTP APIs cannot take a WAF:
 * the orders API relies on its stage throttling instead.
 */
export class RegionalWaf extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, { protectedArns }: RegionalWafProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const managed = (name: string, priority: number): CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: visibility(name),
    });

    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('secure-orders'),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: RATE_LIMIT_PER_5_MINUTES, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('RateLimitPerIp'),
        },
        managed('AWSManagedRulesCommonRuleSet', 1),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 2),
      ],
    });

    for (const [name, resourceArn] of Object.entries(protectedArns)) {
      new CfnWebACLAssociation(this, `${name}Association`, { resourceArn, webAclArn: this.webAcl.attrArn });
    }

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
