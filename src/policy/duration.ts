// Pure: durations for `cwt prune --stale`: 30m, 12h, 7d, 2w, and sums such as 1d12h.
import { UsageError } from "../errors.ts";

const UNIT_SECONDS: Record<string, number> = { m: 60, h: 3600, d: 86_400, w: 604_800 };

export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (!/^(\d{1,6}[mhdw])+$/.test(trimmed)) {
    throw new UsageError("INVALID_DURATION", `invalid duration ${JSON.stringify(text)}: use a number and a unit, m (minutes), h (hours), d (days) or w (weeks), e.g. 30m, 12h, 7d, 2w, 1d12h`);
  }
  let seconds = 0;
  for (const [, count, unit] of trimmed.matchAll(/(\d+)([mhdw])/g)) seconds += Number(count) * (UNIT_SECONDS[unit ?? ""] ?? 0);
  return seconds;
}
