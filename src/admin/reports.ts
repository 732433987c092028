import { useMutation } from '@tanstack/react-query';
import { type Report, reportDownloadLink } from '../api/commands.ts';

/** A report in these states is still being made: its pages watch it until it is ready. */
export const IN_PROGRESS: ReadonlySet<Report['status']> = new Set(['PENDING', 'RUNNING']);

/** Downloads a report's CSV: the link lives five minutes, so it is followed at once, never shown. */
export function useReportDownload() {
  return useMutation({
    mutationFn: reportDownloadLink,
    onSuccess: ({ url }) => window.location.assign(url),
  });
}
