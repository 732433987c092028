/**
 * IAM identity-policy evaluation for the local cloud's AWS emulators: an explicit Deny wins, else an
 * Allow whose Action, Resource and Condition all match, else an implicit deny (AWS's order).
 *
 * Written by hand, small on purpose: @cloud-copilot/iam-simulate (the npm simulator) was tried and
 * refuses the CDK's own EventBridge grant (`StringEquals` on `events:source`, an ArrayOfString key
 * in its service data) that EventBridge itself honours, so it would deny calls AWS allows. Only the
 * condition operators this project's policies use are supported; any other makes loading fail.
 */
export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface AccessRequest {
  action: string;
  resource: string;
  /** Condition keys the service sets for this request (e.g. `ses:FromAddress`). */
  context?: Record<string, string>;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

const OPERATORS: Record<string, (actual: string, expected: string) => boolean> = {
  StringEquals: (actual, expected) => actual === expected,
  StringLike: (actual, expected) => wildcardMatch(expected, actual, false),
  ArnEquals: (actual, expected) => actual === expected,
  ArnLike: (actual, expected) => wildcardMatch(expected, actual, false),
};

export function checkStatements(statements: readonly PolicyStatement[]): void {
  for (const statement of statements) {
    for (const operator of Object.keys(statement.Condition ?? {})) {
      if (!OPERATORS[operator]) throw new Error(`Unsupported IAM condition operator ${operator}`);
    }
  }
}

export function evaluate(statements: readonly PolicyStatement[], request: AccessRequest): Decision {
  const matching = statements.filter((statement) => matches(statement, request));
  if (matching.some((statement) => statement.Effect === 'Deny')) return 'ExplicitDeny';
  return matching.length > 0 ? 'Allow' : 'ImplicitDeny';
}

function matches(statement: PolicyStatement, request: AccessRequest): boolean {
  return (
    list(statement.Action).some((pattern) => wildcardMatch(pattern, request.action, true)) &&
    list(statement.Resource).some((pattern) => wildcardMatch(pattern, request.resource, false)) &&
    Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys).every(([key, expected]) => {
        // A key the request does not carry never satisfies a positive operator, as in IAM.
        const actual = request.context?.[key];
        const test = OPERATORS[operator];
        return (
          actual !== undefined && test !== undefined && list(expected).some((value) => test(actual, value))
        );
      }),
    )
  );
}

function list(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

/** IAM's wildcards: `*` any run of characters, `?` one; actions compare case-insensitively. */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .split('')
    .map((character) =>
      character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}
