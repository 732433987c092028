import {
  buildSchema,
  type DirectiveNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLObjectType,
  GraphQLScalarType,
  type GraphQLSchema,
  Kind,
  type ValueNode,
  valueFromASTUntyped,
} from 'graphql';
import { type AppSyncCaller, groupsOf } from './identity.ts';

/** What AppSync itself defines, so the schema it is given parses as it does there. */
const APPSYNC_DEFINITIONS = `
  directive @aws_iam on OBJECT | FIELD_DEFINITION | INTERFACE | UNION | INPUT_OBJECT | ENUM
  directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION | INTERFACE | UNION | INPUT_OBJECT | ENUM
  directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION
  directive @aws_api_key on OBJECT | FIELD_DEFINITION | INTERFACE | UNION | INPUT_OBJECT | ENUM
  directive @aws_oidc on OBJECT | FIELD_DEFINITION | INTERFACE | UNION | INPUT_OBJECT | ENUM
  directive @aws_lambda on OBJECT | FIELD_DEFINITION | INTERFACE | UNION | INPUT_OBJECT | ENUM
  directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
  scalar AWSDate
  scalar AWSTime
  scalar AWSDateTime
  scalar AWSTimestamp
  scalar AWSEmail
  scalar AWSJSON
  scalar AWSURL
  scalar AWSPhone
  scalar AWSIPAddress
`;

const PATTERNS: Record<string, RegExp> = {
  AWSDate: /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2}(:\d{2})?)?$/,
  AWSTime: /^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)?$/,
  AWSDateTime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)$/,
};

/**
 * AppSync's string scalars: validated on input; dates from the database leave as ISO 8601, JSON as
 * a string.
 */
function appSyncScalar(name: string): Partial<GraphQLScalarType> {
  const pattern = PATTERNS[name];
  const parse = (value: unknown) => {
    if (name === 'AWSTimestamp' || name === 'AWSJSON') return value;
    if (typeof value !== 'string' || (pattern && !pattern.test(value))) {
      throw new GraphQLError(`Variable has an invalid value for ${name}: ${JSON.stringify(value)}`);
    }
    return value;
  };
  return {
    serialize: (value: unknown) => {
      if (value instanceof Date) return value.toISOString();
      // AppSync answers an AWSJSON field as a string of JSON, whatever the data source returned.
      if (name === 'AWSJSON' && value !== null && typeof value !== 'string') return JSON.stringify(value);
      return value;
    },
    parseValue: parse,
    parseLiteral: (node: ValueNode) => parse(valueFromASTUntyped(node)),
  };
}

/** The expanded SDL as an executable graphql-js schema (resolvers are attached by the caller). */
export function buildAppSyncSchema(sdl: string): GraphQLSchema {
  const schema = buildSchema(`${APPSYNC_DEFINITIONS}\n${sdl}`);
  for (const type of Object.values(schema.getTypeMap())) {
    if (type instanceof GraphQLScalarType && type.name.startsWith('AWS')) {
      Object.assign(type, appSyncScalar(type.name));
    }
  }
  return schema;
}

/** Which callers AppSync lets reach a field, from its `@aws_*` directives (or its type's). */
interface FieldAccess {
  iam: boolean;
  /** null: user-pool callers are not admitted; []: any user-pool caller; else one of these groups. */
  userPoolGroups: string[] | null;
}

function accessFrom(directives: readonly DirectiveNode[]): FieldAccess | undefined {
  const named = (name: string) => directives.find((directive) => directive.name.value === name);
  const iam = named('aws_iam');
  const userPools = named('aws_cognito_user_pools') ?? named('aws_auth');
  if (!iam && !userPools) return undefined;
  const groupsArgument = userPools?.arguments?.find((argument) => argument.name.value === 'cognito_groups');
  return {
    iam: Boolean(iam),
    userPoolGroups: userPools
      ? groupsArgument
        ? (valueFromASTUntyped(groupsArgument.value) as string[])
        : []
      : null,
  };
}

// The default authorization mode (user pools) applies where neither the field nor its type says.
const DEFAULT_ACCESS: FieldAccess = { iam: false, userPoolGroups: [] };

/**
 * AppSync's own check, before any resolver runs: may this caller's auth mode (and, for user pools,
 * groups) reach `type.field`?
 */
export function directivesAdmit(
  type: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  caller: AppSyncCaller,
): boolean {
  const access =
    accessFrom(field.astNode?.directives ?? []) ??
    accessFrom(type.astNode?.directives ?? []) ??
    DEFAULT_ACCESS;
  if (caller.authType === 'IAM Authorization') return access.iam;
  if (access.userPoolGroups === null) return false;
  if (access.userPoolGroups.length === 0) return true;
  const groups = groupsOf(caller);
  return access.userPoolGroups.some((group) => groups.includes(group));
}

/** The mutations each subscription field listens to (`@aws_subscribe(mutations: [...])`). */
export function subscriptionTriggers(schema: GraphQLSchema): Map<string, string[]> {
  const triggers = new Map<string, string[]>();
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    const subscribe = field.astNode?.directives?.find(
      (directive) => directive.name.value === 'aws_subscribe',
    );
    const mutations = subscribe?.arguments?.find((argument) => argument.name.value === 'mutations');
    if (mutations?.value.kind === Kind.LIST) {
      for (const mutation of valueFromASTUntyped(mutations.value) as string[]) {
        triggers.set(mutation, [...(triggers.get(mutation) ?? []), field.name]);
      }
    }
  }
  return triggers;
}
