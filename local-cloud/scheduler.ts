import { Cron } from 'croner';

/**
 * The functions' schedules, run locally with croner (time zones included) as EventBridge Scheduler
 * runs them in the cloud. A run still going when the next is due is skipped, like a function at
 * its concurrency limit.
 */
export interface LocalSchedule {
  name: string;
  /** Cron expression with five fields (minute hour day month weekday). */
  cron: string;
  timeZone?: string;
  run: () => Promise<unknown>;
}

export function startSchedules(
  schedules: LocalSchedule[],
  log: (line: string) => void,
): { stop(): void; describe(): string[] } {
  const jobs = schedules.map(
    (schedule) =>
      new Cron(
        schedule.cron,
        { name: schedule.name, timezone: schedule.timeZone, protect: true, catch: false },
        async () => {
          try {
            await schedule.run();
          } catch (error) {
            log(`schedule ${schedule.name} failed: ${(error as Error).message}`);
          }
        },
      ),
  );
  return {
    stop: () => {
      for (const job of jobs) job.stop();
    },
    describe: () =>
      jobs.map(
        (job, index) =>
          `${job.name} (${schedules[index]?.cron}${schedules[index]?.timeZone ? ` ${schedules[index]?.timeZone}` : ''}), next ${job.nextRun()?.toISOString() ?? 'never'}`,
      ),
  };
}
