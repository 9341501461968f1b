// Entry point of `cwt claude guard`, bundled alone as CommonJS into dist/guard.cjs: bin/cwt.js
// requires it for exactly that argv. Claude Code runs the guard before every edit, so start-up is
// the whole cost: a CommonJS file skips Node's ESM loader, which costs more than the guard's work
// (bench/: `CWT_BENCH_ONLY=guard npm run bench`). Like src/cli.ts, it is allowed to touch
// `process`; everything it decides lives in cli/guard-main.ts, shared with the commander route.
import { fstatSync, readSync } from "node:fs";
import { createPlatform, runGuardHook } from "./cli/guard-main.ts";

/**
 * All of stdin, read synchronously from fd 0: `process.stdin` would build a stream (and load
 * Node's net or tty modules) for one read. "" when stdin is a terminal (a person, not a hook);
 * rejects past `limit` bytes. A non-blocking fd 0 (EAGAIN) is waited on, 2 ms at a time.
 */
async function readStdinSync(limit: number): Promise<string> {
  let stdin;
  try {
    stdin = fstatSync(0);
  } catch {
    return ""; // no stdin at all (fd 0 closed): no payload
  }
  if (stdin.isCharacterDevice()) return ""; // a terminal, or /dev/null
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, limit + 1 - size));
    let n: number;
    try {
      n = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
        continue;
      }
      if (code === "EOF") break; // Windows pipes
      throw error;
    }
    if (n === 0) break;
    size += n;
    if (size > limit) throw new Error(`stdin is larger than ${limit} bytes`);
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * `cwt claude guard`, Claude Code's PreToolUse hook, runs before every edit: no commander, no
 * signal handling (a killed guard exits neither 0 nor 2: Claude Code lets the edit go ahead), no
 * stdio streams unless it has something to say; one CommonJS file (no ESM loader). The commander
 * route (claude-guard.run.ts) calls the same runGuardHook with the full Deps.
 */
async function guard(): Promise<void> {
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    process.stderr.write("cwt guard: the current folder no longer exists (not blocking: the edit goes ahead)\n");
    process.exitCode = 1;
    return;
  }
  process.exitCode = await runGuardHook({
    cwd,
    env: process.env,
    stdout: { write: (text) => void process.stdout.write(text), isTTY: false },
    stderr: { write: (text) => void process.stderr.write(text), isTTY: false },
    readStdin: readStdinSync,
    platform: createPlatform(),
  });
}


void guard();
