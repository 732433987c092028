import { describe, expect, it } from 'vitest';
import { checkStatements, evaluate, type PolicyStatement } from './policy.ts';

const BUS = 'arn:aws:events:eu-west-1:000000000000:event-bus/orders';
const putOrderEvents: PolicyStatement = {
  Effect: 'Allow',
  Action: 'events:PutEvents',
  Resource: BUS,
  Condition: { StringEquals: { 'events:source': 'orders', 'events:detail-type': 'OrderEvent' } },
};
const orderEvent = { 'events:source': 'orders', 'events:detail-type': 'OrderEvent' };

describe('IAM identity-policy evaluation', () => {
  it('given an allow whose action, resource and condition match, then Allow', () => {
    expect(
      evaluate([putOrderEvents], { action: 'events:PutEvents', resource: BUS, context: orderEvent }),
    ).toBe('Allow');
  });

  it('given a condition value that differs, then ImplicitDeny', () => {
    const context = { ...orderEvent, 'events:source': 'reports' };
    expect(evaluate([putOrderEvents], { action: 'events:PutEvents', resource: BUS, context })).toBe(
      'ImplicitDeny',
    );
  });

  it('given a condition key the request does not carry, then ImplicitDeny', () => {
    expect(evaluate([putOrderEvents], { action: 'events:PutEvents', resource: BUS })).toBe('ImplicitDeny');
  });

  it('given wildcards, then * spans characters, ? one, and actions ignore case', () => {
    const statements: PolicyStatement[] = [
      { Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::reports/2026-??/*' },
    ];
    const allowed = (action: string, resource: string) => evaluate(statements, { action, resource });
    expect(allowed('S3:GETOBJECT', 'arn:aws:s3:::reports/2026-01/a.csv')).toBe('Allow');
    expect(allowed('s3:GetObject', 'arn:aws:s3:::reports/2026-1/a.csv')).toBe('ImplicitDeny');
    expect(allowed('s3:PutObject', 'arn:aws:s3:::reports/2026-01/a.csv')).toBe('ImplicitDeny');
    expect(allowed('s3:GetObject', 'arn:aws:s3:::REPORTS/2026-01/a.csv')).toBe('ImplicitDeny');
  });

  it('given an allow and a matching deny, then the explicit Deny wins', () => {
    const statements: PolicyStatement[] = [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'ses:SendEmail', Resource: '*' },
    ];
    expect(evaluate(statements, { action: 'ses:SendEmail', resource: 'arn:aws:ses:::identity/x' })).toBe(
      'ExplicitDeny',
    );
  });

  it('given a condition operator the evaluator does not implement, then loading the policy fails', () => {
    const statements: PolicyStatement[] = [
      {
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      },
    ];
    expect(() => checkStatements(statements)).toThrow(/Unsupported IAM condition operator IpAddress/);
  });
});
