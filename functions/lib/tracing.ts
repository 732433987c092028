import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The X-Ray tracer, kept apart from the logger and metrics on purpose: importing it loads the
 * X-Ray SDK, whose async hooks track every promise. That is noise for the API and the relay, but
 * it cost the report about 40% of its time on a million rows (a few promises per row), so the
 * report and migrate functions leave it out; Lambda's active tracing still records them.
 */
export const tracer = new Tracer();
