import { describe, expect, it } from "vitest";
import { colorLevelFor, terminalProgress } from "./deps.ts";

describe("colorLevelFor", () => {
  it.each([
    [{}, true, 1],
    [{}, false, 0],
    [{ NO_COLOR: "1" }, true, 0],
    [{ NO_COLOR: "" }, true, 1], // an empty NO_COLOR does not count (no-color.org)
    [{ FORCE_COLOR: "1" }, false, 1],
    [{ FORCE_COLOR: "3" }, false, 3],
    [{ FORCE_COLOR: "0" }, true, 0],
    [{ NO_COLOR: "1", FORCE_COLOR: "3" }, true, 0],
    [{ TERM: "dumb" }, true, 0],
  ])("env %j, terminals %s → level %d", (env, tty, level) => {
    expect(colorLevelFor(env, tty)).toBe(level);
  });
});

describe("terminalProgress", () => {
  it("redraws one line at most every 100 ms and erases it when done", () => {
    let out = "";
    let now = 0;
    const progress = terminalProgress({ write: (t) => void (out += t), isTTY: true }, () => now);
    now = 1000;
    progress("copying", 1, 10);
    now = 1050;
    progress("copying", 2, 10); // too soon: skipped
    now = 1200;
    progress("copying", 5, 10);
    progress("copying", 10, 10);
    expect(out).toBe("\r\u001b[2Kcwt: copying 1/10\r\u001b[2Kcwt: copying 5/10\r\u001b[2K");
  });

  it("writes nothing for work that ends before its first line", () => {
    let out = "";
    const progress = terminalProgress({ write: (t) => void (out += t), isTTY: true }, () => 0);
    progress("removing", 3, 3);
    expect(out).toBe("");
  });
});
