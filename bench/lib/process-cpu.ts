import { readdirSync, readFileSync } from 'node:fs';

/** Linux counts process CPU time in ticks of 1/USER_HZ seconds, and USER_HZ is 100. */
const MS_PER_TICK = 10;

/** User + system CPU ticks of one /proc/<pid>/stat line, when its command is `command`. */
export function cpuTicksOfStat(stat: string, command: string): number | undefined {
  const nameEnd = stat.lastIndexOf(')');
  if (stat.slice(stat.indexOf('(') + 1, nameEnd) !== command) return undefined;
  // After the name: state (field 3), ..., utime (field 14), stime (field 15).
  const fields = stat.slice(nameEnd + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU milliseconds used so far by every live process named `command` on this machine (the local
 * PostgreSQL server's backends), or undefined where there is no /proc or no such process.
 */
export function processesCpuMs(command: string): number | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  let ticks: number | undefined;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // it ended since the listing
    }
    const own = cpuTicksOfStat(stat, command);
    if (own !== undefined) ticks = (ticks ?? 0) + own;
  }
  return ticks === undefined ? undefined : ticks * MS_PER_TICK;
}
