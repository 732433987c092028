import { Router } from '@aws-lambda-powertools/event-handler/http';
import { tracer as tracing } from '@aws-lambda-powertools/event-handler/http/middleware/tracer';
import { apiHandler, limitBodySize } from '../lib/http.ts';
import { logger } from '../lib/observability.ts';
import { tracer } from '../lib/tracing.ts';
import { registerOrderRoutes } from './order-routes.ts';
import { registerReportRoutes } from './report-routes.ts';

/** The orders command API behind API Gateway's HTTP API (payload 2.0) and its JWT authorizer. */
const app = new Router({ logger });
// A subsegment per route; responses stay out of traces (they hold order details).
app.use(tracing(tracer, { captureResponse: false }));
app.use(limitBodySize);
registerOrderRoutes(app);
registerReportRoutes(app);

export const handler = apiHandler(app);
