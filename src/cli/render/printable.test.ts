import { describe, expect, it } from "vitest";
import { printable } from "./printable.ts";

describe("printable", () => {
  it.each([
    ["plain text/path", "plain text/path"],
    ["hi\u001b]0;pwned\u0007\u001b[2J", "hi\\x1b]0;pwned\\x07\\x1b[2J"],
    ["a\nb\tc", "a\\nb\\tc"],
    ["c1 \u009b31m", "c1 \\x9b31m"],
    ["ünïcödé ✓", "ünïcödé ✓"],
  ])("%j → %j", (input, output) => {
    expect(printable(input)).toBe(output);
  });

  it("keeps colour codes only on request, and still escapes everything else", () => {
    expect(printable("\u001b[32mok\u001b[39m \u001b[2J", { keepColors: true })).toBe("\u001b[32mok\u001b[39m \\x1b[2J");
    expect(printable("\u001b[32mok", {})).toBe("\\x1b[32mok");
  });
});
