// Runs cwt in-process (fast) or as the built executable (e2e), capturing exit code and output.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { main } from "../../src/cli/main.ts";
import type { Deps } from "../../src/deps.ts";
import { createPlatform } from "../../src/platform/node-platform.ts";

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly now?: Date;
  readonly signal?: AbortSignal;
  readonly deps?: Partial<Deps>;
  /** What the command reads on stdin (hook payloads). */
  readonly stdin?: string;
}

export async function runCli(argv: readonly string[], options: RunOptions): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const deps: Deps = {
    cwd: options.cwd,
    env: options.env,
    now: () => options.now ?? new Date("2026-11-24T12:00:00Z"),
    stdout: { write: (t) => void (stdout += t), isTTY: false },
    stderr: { write: (t) => void (stderr += t), isTTY: false },
    platform: createPlatform(),
    signal: options.signal ?? new AbortController().signal,
    signals: { forward: () => () => undefined },
    stdinIsTTY: false,
    interactive: false,
    confirm: async () => false,
    colorLevel: 0,
    readStdin: async (limit) => {
      const text = options.stdin ?? "";
      if (Buffer.byteLength(text) > limit) throw new Error(`stdin is larger than ${limit} bytes`);
      return text;
    },
    progress: () => undefined,
    crashPoint: () => undefined,
    ...options.deps,
  };
  const exitCode = await main(argv, deps);
  return { exitCode, stdout, stderr };
}

export const CLI_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/cwt.js");

/** Spawns the built `bin/cwt.js` (run `npm run build` first; `npm test` does). */
export async function runBin(argv: readonly string[], options: { cwd: string; env: Record<string, string>; stdin?: string }): Promise<CliResult> {
  const r = await execa(process.execPath, [CLI_BIN, ...argv], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    ...(options.stdin === undefined ? { stdin: "ignore" as const } : { input: options.stdin }),
  });
  return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
}
