// A stand-in `claude` for fast launch tests: records its cwd, arguments, environment and whether
// it has a terminal, then exits with a chosen code or waits for a signal. Behaviour is chosen by
// FAKE_CLAUDE_MODE: "exit" (default; code FAKE_CLAUDE_EXIT), "trap" (waits; exits 42 on SIGINT,
// 43 on SIGTERM), "wait" (waits; dies from any signal).
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "./git-repo.ts";

const SCRIPT = `#!/usr/bin/env node
const fs = require("node:fs");
const log = process.env.FAKE_CLAUDE_LOG;
const record = (extra) => fs.writeFileSync(log, JSON.stringify({
  cwd: process.cwd(), argv: process.argv.slice(2), pid: process.pid,
  env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("GIT_") || k.startsWith("CWT_"))),
  stdinTTY: process.stdin.isTTY === true, stdoutTTY: process.stdout.isTTY === true, ...extra }));
const mode = process.env.FAKE_CLAUDE_MODE || "exit";
record({ state: "started" });
if (mode === "exit") process.exit(Number(process.env.FAKE_CLAUDE_EXIT || 0));
if (mode === "trap") {
  process.on("SIGINT", () => { record({ state: "got SIGINT" }); process.exit(42); });
  process.on("SIGTERM", () => { record({ state: "got SIGTERM" }); process.exit(43); });
}
setInterval(() => {}, 1000);
`;

export interface FakeClaude {
  /** Folder to put first on PATH. */
  readonly bin: string;
  readonly log: string;
  env(mode?: "exit" | "trap" | "wait", exit?: number): Record<string, string>;
  /** What the fake recorded, or undefined when it never started. */
  read(): { cwd: string; argv: string[]; pid: number; env: Record<string, string>; stdinTTY: boolean; stdoutTTY: boolean; state: string } | undefined;
}

export function makeFakeClaude(name = "claude"): FakeClaude {
  const bin = tempDir("cwt-fake-claude-");
  const log = path.join(bin, "log.json");
  writeFileSync(path.join(bin, name), SCRIPT);
  chmodSync(path.join(bin, name), 0o755);
  return {
    bin,
    log,
    env: (mode = "exit", exit = 0) => ({ FAKE_CLAUDE_LOG: log, FAKE_CLAUDE_MODE: mode, FAKE_CLAUDE_EXIT: String(exit) }),
    read: () => {
      if (!existsSync(log)) return undefined;
      try {
        return JSON.parse(readFileSync(log, "utf8"));
      } catch {
        return undefined; // caught mid-write
      }
    },
  };
}
