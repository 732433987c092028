import { Duration, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnRoute,
  type CfnStage,
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import {
  COMMAND_ROUTES,
  CORS_ALLOWED_HEADERS,
  COSTLY_ROUTE_THROTTLE,
  HTTP_API_THROTTLE,
  type RouteFunction,
} from './http-routes.ts';

export interface OrdersHttpApiProps {
  /** The function each route integrates with (COMMAND_ROUTES names it). */
  handlers: Record<RouteFunction, IFunction>;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  allowedOrigins: string[];
}

/**
 * The orders command API: API Gateway HTTP API, every route behind a Cognito JWT authorizer that takes
 * access tokens of the app client only, CORS for the app's origins, default-route throttling and JSON
 * access logs.
 */
export class OrdersHttpApi extends Construct {
  readonly api: HttpApi;

  constructor(scope: Construct, id: string, props: OrdersHttpApiProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    // Cognito access tokens carry `client_id` (no `aud`); API Gateway checks it against the audience.
    const authorizer = new HttpJwtAuthorizer(
      'CognitoAccessToken',
      `https://cognito-idp.${region}.amazonaws.com/${props.userPool.userPoolId}`,
      { jwtAudience: [props.userPoolClient.userPoolClientId] },
    );

    this.api = new HttpApi(this, 'Api', {
      description: 'Secure Orders commands',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: props.allowedOrigins,
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
        allowHeaders: CORS_ALLOWED_HEADERS,
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: HTTP_API_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            // requestId is the orders API's correlation_id log key (functions/lib/http.ts); the
            // integration's is the Lambda invocation's request ID (its logs' function_request_id).
            requestId: '$context.requestId',
            lambdaRequestId: '$context.integration.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    // One integration per function: each may be invoked by this API only (its resource policy).
    const integrations = {
      'orders-api': new HttpLambdaIntegration('OrdersApi', props.handlers['orders-api']),
      'report-download': new HttpLambdaIntegration('ReportDownload', props.handlers['report-download']),
    } satisfies Record<RouteFunction, HttpLambdaIntegration>;
    const routes = COMMAND_ROUTES.flatMap(([method, path, fn]) =>
      this.api.addRoutes({ path, methods: [HttpMethod[method]], integration: integrations[fn], authorizer }),
    );

    // The HTTP API cannot take a WAF: the costly routes get throttles of their own. A route's
    // settings name a route that must exist first; RouteSettings is a JSON map, so CloudFormation's
    // own (Pascal case) keys.
    const cfnStage = stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      Object.entries(COSTLY_ROUTE_THROTTLE).map(([routeKey, { rateLimit, burstLimit }]) => [
        routeKey,
        { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit },
      ]),
    );
    for (const route of routes) cfnStage.addDependency(route.node.defaultChild as CfnRoute);
  }
}
