/**
 * What the orders API puts on the bus when an admin asks for a report, and the report function
 * receives: the id of the report row to fill.
 */
export interface ReportJob {
  reportId: string;
}

export function isReportJob(event: unknown): event is ReportJob {
  return typeof (event as Partial<ReportJob>)?.reportId === 'string';
}
