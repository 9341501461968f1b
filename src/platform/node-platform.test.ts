import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createPlatform } from "./node-platform.ts";
import { parseProcStatStart } from "./proc-stat.ts";

/** Above Linux's largest pid_max (2^22), so no process can have it. */
const NO_SUCH_PID = 2 ** 22 + 12345;

describe("createPlatform", () => {
  it.each([
    ["darwin", "darwin", true],
    ["win32", "other", true],
    ["freebsd", "other", false],
    ["linux", "linux", false],
  ] as const)("%s → name %s, caseInsensitivePaths %s", (platform, name, caseInsensitive) => {
    const port = createPlatform(platform);
    expect(port.name).toBe(name);
    expect(port.caseInsensitivePaths).toBe(caseInsensitive);
  });

  it.each(["darwin", "win32", "freebsd"] as const)("%s never reads a start time", (platform) => {
    const port = createPlatform(platform);
    expect(port.processStart(process.pid)).toBeUndefined();
    expect(port.processStart(1)).toBeUndefined();
  });

  it("linux reads the current process's own start time from /proc", () => {
    const start = createPlatform("linux").processStart(process.pid);
    if (existsSync(`/proc/${process.pid}/stat`)) {
      expect(start).toMatch(/^\d+$/);
      expect(start).toBe(parseProcStatStart(readFileSync(`/proc/${process.pid}/stat`, "utf8")));
      // Stable: the same process asked twice gives the same answer.
      expect(createPlatform("linux").processStart(process.pid)).toBe(start);
    } else {
      expect(start).toBeUndefined(); // not a Linux machine: no /proc to read
    }
  });

  it("linux gives no start time for a pid that does not exist", () => {
    expect(createPlatform("linux").processStart(NO_SUCH_PID)).toBeUndefined();
  });
});

describe("processLiveness", () => {
  it.each(["linux", "darwin"] as const)("%s: this process is alive, a pid above pid_max is dead", (platform) => {
    const port = createPlatform(platform);
    expect(port.processLiveness(process.pid)).toBe("alive");
    expect(port.processLiveness(NO_SUCH_PID)).toBe("dead");
  });

  it("pid 1 exists (alive, even when owned by another user: EPERM)", () => {
    expect(createPlatform().processLiveness(1)).toBe("alive");
  });

  it.each([0, -1, -process.pid, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])("pid %s is dead without signalling anything", (pid) => {
    expect(createPlatform().processLiveness(pid)).toBe("dead");
  });
});

describe("createPlatform: where Claude Code's managed settings live", () => {
  it.each([
    ["linux", "/etc/claude-code"],
    ["darwin", "/Library/Application Support/ClaudeCode"],
    ["win32", "C:\\Program Files\\ClaudeCode"],
  ] as const)("%s → %s", (platform, dir) => {
    expect(createPlatform(platform).managedSettingsDir).toBe(dir);
  });
});
