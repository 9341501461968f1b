import { describe, expect, it } from "vitest";
import type { Liveness, PlatformPort } from "../platform/port.ts";
import { type ClaudeLock, type LockKind, claudeLockLiveness, classifyLock, parseClaudeLock } from "./claude-lock.ts";

describe("parseClaudeLock", () => {
  it.each<[string, ClaudeLock]>([
    ["claude session T-1 (pid 1234 start 98765)", { kind: "session", name: "T-1", pid: 1234, start: "98765" }],
    ["claude agent agent-a0123456 (pid 55)", { kind: "agent", name: "agent-a0123456", pid: 55, start: undefined }],
    ["claude session feature+auth (pid 4194303 start 18446744073709551615)", { kind: "session", name: "feature+auth", pid: 4194303, start: "18446744073709551615" }],
    ["claude session my session (pid 7 start 1)", { kind: "session", name: "my session", pid: 7, start: "1" }],
    ["claude session x (pid 1) (pid 2 start 3)", { kind: "session", name: "x (pid 1)", pid: 2, start: "3" }],
    ["claude agent wf_0123abcd-abc-1 (pid 9999999999)", { kind: "agent", name: "wf_0123abcd-abc-1", pid: 9999999999, start: undefined }],
    ["claude session T-1 (pid 1234 start Mon Jan  5 10:00:00 2026)", { kind: "session", name: "T-1", pid: 1234, start: "Mon Jan  5 10:00:00 2026" }],
    ["  claude session T-1 (pid 12 start 34)\n", { kind: "session", name: "T-1", pid: 12, start: "34" }],
  ])("%j", (reason, expected) => {
    expect(parseClaudeLock(reason)).toEqual(expected);
  });

  it.each([
    ["a person's reason", "on my laptop"],
    ["empty", ""],
    ["capitalised", "Claude session T-1 (pid 1234 start 98765)"],
    ["another kind", "claude worker T-1 (pid 1234)"],
    ["no name", "claude session (pid 1234)"],
    ["empty name", "claude session  (pid 1234)"],
    ["no pid", "claude session T-1"],
    ["pid not a number", "claude session T-1 (pid abc)"],
    ["negative pid", "claude session T-1 (pid -5)"],
    ["pid of 11 digits", "claude session T-1 (pid 12345678901)"],
    ["empty start", "claude session T-1 (pid 1234 start )"],
    ["unclosed", "claude session T-1 (pid 1234 start 5"],
    ["text after the parenthesis", "claude session T-1 (pid 1234) extra"],
    ["text before", "note: claude session T-1 (pid 1234)"],
    ["newline in the name", "claude session a\nb (pid 1234)"],
    ["name longer than 255", `claude session ${"x".repeat(256)} (pid 1)`],
    ["no space before the parenthesis", "claude session T-1(pid 1)"],
  ])("%s → undefined (%j)", (_name, reason) => {
    expect(parseClaudeLock(reason)).toBeUndefined();
  });
});

/** A fake platform port: a plain object with fixed answers that records the pids it was asked about. */
function fakePlatform(liveness: Liveness, start: string | undefined) {
  const asked: { liveness: number[]; start: number[] } = { liveness: [], start: [] };
  const platform: Pick<PlatformPort, "processLiveness" | "processStart"> = {
    processLiveness(pid) {
      asked.liveness.push(pid);
      return liveness;
    },
    processStart(pid) {
      asked.start.push(pid);
      return start;
    },
  };
  return { platform, asked };
}

describe("claudeLockLiveness and classifyLock", () => {
  it.each<[string, string, Liveness, string | undefined, Liveness, LockKind]>([
    ["pid dead", "claude session T-1 (pid 1234 start 98765)", "dead", "98765", "dead", "claude-dead"],
    ["pid dead, no start in lock", "claude session T-1 (pid 1234)", "dead", undefined, "dead", "claude-dead"],
    ["alive, same start", "claude session T-1 (pid 1234 start 98765)", "alive", "98765", "alive", "claude-live"],
    ["alive, different start (reused pid)", "claude session T-1 (pid 1234 start 98765)", "alive", "11111", "dead", "claude-dead"],
    ["alive, start differs only by a prefix", "claude session T-1 (pid 1234 start 98765)", "alive", "987650", "dead", "claude-dead"],
    ["alive, no start in the lock", "claude agent agent-a0123456 (pid 55)", "alive", "98765", "unknown", "claude-unknown"],
    ["alive, platform cannot read start (macOS)", "claude session T-1 (pid 1234 start 98765)", "alive", undefined, "unknown", "claude-unknown"],
    ["liveness unknown", "claude session T-1 (pid 1234 start 98765)", "unknown", "98765", "unknown", "claude-unknown"],
    ["liveness unknown, no start", "claude agent agent-a0123456 (pid 55)", "unknown", undefined, "unknown", "claude-unknown"],
  ])("%s", (_name, reason, liveness, start, expectedLiveness, expectedKind) => {
    const lock = parseClaudeLock(reason);
    expect(lock).toBeDefined();
    const a = fakePlatform(liveness, start);
    expect(claudeLockLiveness(lock!, a.platform)).toBe(expectedLiveness);
    expect(a.asked.liveness).toEqual([lock!.pid]);
    for (const pid of a.asked.start) expect(pid).toBe(lock!.pid);
    const b = fakePlatform(liveness, start);
    expect(classifyLock(reason, b.platform)).toBe(expectedKind);
  });

  it("never asks for the start time of a dead pid", () => {
    const { platform, asked } = fakePlatform("dead", "98765");
    claudeLockLiveness({ kind: "session", name: "T-1", pid: 1234, start: "98765" }, platform);
    expect(asked.start).toEqual([]);
  });

  it.each<[string, string | undefined, LockKind]>([
    ["not locked", undefined, "none"],
    ["a person's lock", "on my laptop", "person"],
    ["a lock without a reason", "", "person"],
    ["a malformed Claude-like reason", "claude session T-1 (pid abc)", "person"],
  ])("classifyLock: %s → %s, without consulting the platform", (_name, reason, kind) => {
    const { platform, asked } = fakePlatform("alive", "1");
    expect(classifyLock(reason, platform)).toBe(kind);
    expect(asked).toEqual({ liveness: [], start: [] });
  });
});
