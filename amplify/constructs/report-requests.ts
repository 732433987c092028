/**
 * The reports contract as plain data (no CDK), shared by the Reports construct and the local cloud.
 */

/** Where report objects live in the bucket; the functions may touch nothing else. */
export const REPORT_PREFIX = 'reports/';
/** The event the orders API puts on the bus to ask for a report now. */
export const REPORT_REQUEST_SOURCE = 'secure-orders.reports';
export const REPORT_REQUEST_DETAIL_TYPE = 'ReportRequested';
