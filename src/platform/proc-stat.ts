// Pure parser for Linux process facts (recorded outputs in proc-stat.test.ts).

/**
 * Field 22 (starttime, clock ticks since boot) of Linux `/proc/<pid>/stat`.
 * Field 2 (comm) is in parentheses and may itself hold spaces and ')', so split after the LAST ')'.
 */
export function parseProcStatStart(stat: string): string | undefined {
  const close = stat.lastIndexOf(")");
  if (close < 0) return undefined;
  // After "comm)" come fields 3.. separated by single spaces: state is field 3.
  const rest = stat.slice(close + 1).trim().split(/\s+/);
  const start = rest[22 - 3];
  return start !== undefined && /^\d+$/.test(start) ? start : undefined;
}
