import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { parseDuration } from "./duration.ts";

describe("parseDuration", () => {
  it.each([
    ["30m", 1800],
    ["12h", 43_200],
    ["7d", 604_800],
    ["2w", 1_209_600],
    ["1d12h", 129_600],
    ["0d", 0],
    [" 7d ", 604_800],
  ])("%j → %i seconds", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(["", "7", "d", "7 d", "-1d", "1y", "1.5h", "7days", "1d-2h", "9999999d"])("%j is a usage error naming the accepted forms", (text) => {
    let error: unknown;
    try {
      parseDuration(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe("INVALID_DURATION");
    expect((error as UsageError).message).toContain("30m, 12h, 7d, 2w, 1d12h");
  });
});
