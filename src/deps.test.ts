import { describe, expect, it } from "vitest";
import { colorLevelFor } from "./deps.ts";

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
