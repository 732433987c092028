import { Router } from '@aws-lambda-powertools/event-handler/http';
import { apiHandler, limitBodySize } from '../lib/http.ts';
import { logger } from '../lib/observability.ts';
import { registerCatalogueRoutes } from './catalogue-routes.ts';
import { registerOrderRoutes } from './order-routes.ts';
import { registerReportRoutes } from './report-routes.ts';

/** The orders command API behind API Gateway's HTTP API (payload 2.0) and its JWT authorizer. */
const app = new Router({ logger });
// No X-Ray SDK: its promise hooks cost every request more than its subsegments tell (bench:lambda);
// Lambda's active tracing still records each invocation.
app.use(limitBodySize);
registerOrderRoutes(app);
registerReportRoutes(app);
registerCatalogueRoutes(app);

export const handler = apiHandler(app);
