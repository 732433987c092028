import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { COMMAND_ROUTES, type RouteFunction } from '../../amplify/constructs/http-routes.ts';
import type { apiHandler } from '../../functions/lib/http.ts';

type ApiHandler = ReturnType<typeof apiHandler>;

const compiled = COMMAND_ROUTES.map(([method, path, fn]) => ({
  method,
  fn,
  pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`),
}));

/**
 * The function API Gateway integrates a request with, by COMMAND_ROUTES; a request no route names
 * goes to the orders API, so the handler's own refusal of it is what a test sees.
 */
export function routeFunctionOf(method: string, path: string): RouteFunction {
  return compiled.find((route) => route.method === method && route.pattern.test(path))?.fn ?? 'orders-api';
}

/** Calls the handler of the request's route, as API Gateway would. */
export function routedTo(handlers: Record<RouteFunction, ApiHandler>) {
  return (event: APIGatewayProxyEventV2, context: Context) =>
    handlers[routeFunctionOf(event.requestContext.http.method, event.rawPath)](event, context);
}
