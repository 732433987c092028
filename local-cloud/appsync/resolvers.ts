import {
  defaultFieldResolver,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isObjectType,
} from 'graphql';
import type pg from 'pg';
import { IAM_CHECKED_BY_THEIR_OWN_RESOLVER } from '../../amplify/data/iam-callers.ts';
import { directivesAdmit } from './appsync-schema.ts';
import { type AppSyncCaller, notAuthorized } from './identity.ts';
import { type JsResolver, ResolverUnauthorized } from './js-resolver.ts';
import { type DataModel, mayReadRow, readAccess, type SqlModel } from './models.ts';
import { fieldDepth, queryDepthLimitReached, type RequestLimits, resolverBudget } from './request-limits.ts';
import { getRow, type ListArguments, listRows, runCustomSql } from './sql.ts';
import type { SubscriptionFilter } from './subscription-filter.ts';

/** Per operation: who calls, and, while a subscription starts, where its resolver leaves the filter. */
export interface ExecutionContext {
  caller: AppSyncCaller;
  subscriptionStart?: { filter?: SubscriptionFilter };
}

export interface ResolverSources {
  pool: pg.Pool;
  dataModel: DataModel;
  sqlStatements: Record<string, string>;
  jsResolvers: Record<string, JsResolver>;
  environment: Record<string, string>;
  /** The API's query depth and resolver count limits (GRAPHQL_LIMITS, as deployed). */
  limits: RequestLimits;
}

type Resolver = GraphQLFieldResolver<
  Record<string, unknown> | undefined,
  ExecutionContext,
  Record<string, unknown>
>;

/**
 * Attaches the resolvers Amplify generates (SQL model get/list and relationships, custom SQL
 * queries, custom JS resolvers) to the executable schema, every field behind AppSync's own
 * directive check, the way AppSync runs them.
 */
export function attachResolvers(schema: GraphQLSchema, sources: ResolverSources): void {
  const resolverFor = resolverFactory(sources);
  const guard = guarded(sources.limits);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      field.resolve = guard(type, field, refusingIamCallers(type, field, resolverFor(type, field)));
    }
  }
}

const CHECKED_BY_THEIR_OWN_RESOLVER: readonly string[] = IAM_CHECKED_BY_THEIR_OWN_RESOLVER;

/**
 * The gate the backend puts in front of every resolver Amplify generates (constructs/iam-read-gate.ts):
 * an IAM caller, of any role, is refused; the resolvers that check IAM callers themselves are left alone.
 */
function refusingIamCallers(
  type: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  resolver: Resolver | undefined,
): Resolver | undefined {
  if (!resolver || CHECKED_BY_THEIR_OWN_RESOLVER.includes(`${type.name}.${field.name}`)) return resolver;
  return (source, args, context, info) => {
    if (context.caller.authType === 'IAM Authorization') throw notAuthorized(type.name, field.name);
    return resolver(source, args, context, info);
  };
}

/**
 * Each field as AppSync runs it: past the depth limit it is an error (null); a field with a resolver
 * spends one of the request's resolver runs; then the auth directives, then the resolver itself.
 */
function guarded(limits: RequestLimits) {
  const budget = resolverBudget(limits.resolverCountLimit);
  return (
    type: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
    resolver: Resolver | undefined,
  ): Resolver => {
    const resolve = resolver ?? defaultFieldResolver;
    return async (source, args, context, info) => {
      if (fieldDepth(info.path) > limits.queryDepthLimit)
        throw queryDepthLimitReached(limits.queryDepthLimit);
      if (resolver) budget.spend(context);
      if (!directivesAdmit(type, field, context.caller)) throw notAuthorized(type.name, field.name);
      try {
        return await resolve(source, args, context, info);
      } catch (error) {
        if (error instanceof ResolverUnauthorized) throw notAuthorized(type.name, field.name);
        throw error;
      }
    };
  };
}

const connectionModel = (typeName: string, models: Map<string, SqlModel>) => {
  const match = /^Model(\w+)Connection$/.exec(typeName);
  return match ? models.get(match[1] as string) : undefined;
};

function resolverFactory(sources: ResolverSources) {
  const { pool, dataModel } = sources;
  const { models } = dataModel;

  const get = (model: SqlModel, key: unknown, context: ExecutionContext, type: string, field: string) =>
    getRow(pool, model, key).then((row) => {
      if (row && !mayReadRow(readAccess(model.authRules, context.caller), row))
        throw notAuthorized(type, field);
      return row;
    });
  const list = (model: SqlModel, args: ListArguments, context: ExecutionContext) => {
    const access = readAccess(model.authRules, context.caller);
    return access.kind === 'denied' ? { items: [], nextToken: null } : listRows(pool, model, access, args);
  };

  return (type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): Resolver | undefined => {
    const coordinate = `${type.name}.${field.name}`;
    const returnType = getNamedType(field.type).name;
    const statement = sources.sqlStatements[coordinate];
    if (statement !== undefined) {
      const rules = dataModel.operationAuthRules.get(coordinate) ?? [];
      return (_source, args, context) => {
        if (readAccess(rules, context.caller).kind !== 'all') throw notAuthorized(type.name, field.name);
        return runCustomSql(pool, statement, args);
      };
    }
    const jsResolver = sources.jsResolvers[coordinate];
    if (jsResolver) return jsFieldResolver(jsResolver, sources.environment);

    const model = models.get(type.name);
    const relationship = model?.relationships.get(field.name);
    if (model && relationship) {
      const related = models.get(relationship.model) as SqlModel;
      if (relationship.kind === 'belongsTo') {
        return (source, _args, context) => {
          const key = source?.[relationship.reference];
          return key == null ? null : get(related, key, context, type.name, field.name);
        };
      }
      return (source, args, context) => {
        const filter = {
          ...(args.filter as object),
          [relationship.reference]: { eq: source?.[model.primaryKey] },
        };
        return list(related, { ...args, filter }, context);
      };
    }

    if (type.name !== 'Query') return undefined;
    const gotModel = models.get(returnType);
    if (gotModel)
      return (_source, args, context) =>
        get(gotModel, args[gotModel.primaryKey], context, type.name, field.name);
    const listedModel = connectionModel(returnType, models);
    if (listedModel) {
      return (_source, args, context) =>
        list(listedModel, { ...args, key: args[listedModel.primaryKey] }, context);
    }
    return undefined;
  };
}

/**
 * A custom JS resolver over a NONE data source. On a subscription field it runs once, when the
 * subscription starts (keeping the filter it sets); afterwards the field passes published payloads on.
 */
function jsFieldResolver(resolver: JsResolver, environment: Record<string, string>): Resolver {
  return (source, args, context, info) => {
    const isSubscription = info.parentType.name === info.schema.getSubscriptionType()?.name;
    if (isSubscription && !context.subscriptionStart) return source?.[info.fieldName];
    const { result, subscriptionFilter } = resolver.run(
      {
        arguments: args,
        args,
        identity: context.caller.identity,
        source: source ?? null,
        stash: {},
        env: environment,
        prev: { result: null },
      },
      context.caller,
    );
    if (context.subscriptionStart) context.subscriptionStart.filter = subscriptionFilter;
    return result;
  };
}
