// `cwt claude guard` through the built executable: its fast path (bin/cwt.js → dist/guard.cjs, no
// commander, no ESM loader) must give
// the same decisions, exit codes and messages as the commander route the integration tests use,
// and load none of the heavy dependencies (run `npm run build` first; `npm test` does).
import { readdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { CLI_BIN, runBin, runCli } from "../helpers/run-cli.ts";

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist");

function payload(cwd: string, toolName: string, toolInput: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    session_id: "8a1f7c3e-0000-4000-8000-000000000002",
    transcript_path: "/home/u/.claude/projects/x/8a1f7c3e.jsonl",
    cwd,
    permission_mode: "acceptEdits",
    hook_event_name: "PreToolUse",
    tool_name: toolName,
    tool_input: toolInput,
    tool_use_id: "toolu_02",
    ...extra,
  });
}

let repo: TestRepo;
let gated: TestRepo;
let broken: TestRepo;
let other: TestRepo;
let wtA: string;
let wtB: string;
let outside: string;

beforeAll(async () => {
  repo = await makeRepo({ "README.md": "# app\n", "src/app.ts": "export {};\n" });
  wtA = path.join(repo.root, ".claude/worktrees/A");
  wtB = path.join(repo.root, ".claude/worktrees/B");
  await repo.git(["worktree", "add", "-q", "-b", "worktree-A", wtA]);
  await repo.git(["worktree", "add", "-q", "-b", "worktree-B", wtB]);
  symlinkSync(path.join(repo.root, "src"), path.join(wtA, "main-src"));
  gated = await makeRepo({ "README.md": "# g\n", "cwt.config.json": '{"guard": {"mainCheckout": "deny"}}' });
  broken = await makeRepo({ "README.md": "# b\n", "cwt.config.json": '{"guard": {"mainCheckout": 1}}' });
  other = await makeRepo();
  outside = tempDir();
});

interface Case {
  readonly cwd: () => string;
  readonly stdin: () => string;
  readonly env?: Record<string, string>;
  readonly exitCode: 0 | 1 | 2;
  readonly env_repo?: () => TestRepo;
}

const write = (cwd: () => string, file: () => string, exitCode: 0 | 1 | 2, more: Partial<Case> = {}): Case => ({
  cwd,
  stdin: () => payload(cwd(), "Write", { file_path: file(), content: "x\n" }),
  exitCode,
  ...more,
});

const CASES: Record<string, Case> = {
  "worktree → own worktree: allow": write(() => wtA, () => path.join(wtA, "src/app.ts"), 0),
  "worktree → main checkout: deny": write(() => wtA, () => path.join(repo.root, "src/app.ts"), 2),
  "worktree → sibling worktree: deny": write(() => wtA, () => path.join(wtB, "README.md"), 2),
  "main → linked worktree: deny": write(() => repo.root, () => path.join(wtB, "README.md"), 2),
  "main → main without the rule: allow": write(() => repo.root, () => path.join(repo.root, "README.md"), 0),
  "worktree → .git/hooks: deny": write(() => wtA, () => path.join(repo.root, ".git/hooks/pre-commit"), 2),
  "worktree → another repository: allow": write(() => wtA, () => path.join(other.root, "README.md"), 0),
  "worktree → outside: allow": write(() => wtA, () => path.join(outside, "n.md"), 0),
  "session outside → main: allow": write(() => outside, () => path.join(repo.root, "README.md"), 0),
  "symlink in the worktree into main: deny": write(() => wtA, () => path.join(wtA, "main-src/app.ts"), 2),
  "new file in new folders of main: deny": write(() => wtA, () => path.join(repo.root, "a/b/c.ts"), 2),
  "NotebookEdit into main: deny": {
    cwd: () => wtA,
    stdin: () => payload(wtA, "NotebookEdit", { notebook_path: path.join(repo.root, "n.ipynb"), new_source: "x", cell_id: "c" }),
    exitCode: 2,
  },
  "an unknown tool: allow": { cwd: () => wtA, stdin: () => payload(wtA, "Bash", { command: "rm -rf /" }), exitCode: 0 },
  "not JSON: problem": { cwd: () => wtA, stdin: () => "{", exitCode: 1 },
  "empty stdin: problem": { cwd: () => wtA, stdin: () => "", exitCode: 1 },
  "a PostToolUse payload: problem": {
    cwd: () => wtA,
    stdin: () => payload(wtA, "Write", { file_path: path.join(repo.root, "x") }, { hook_event_name: "PostToolUse" }),
    exitCode: 1,
  },
  "CWT_GUARD=off: allow": write(() => wtA, () => path.join(repo.root, "src/app.ts"), 0, { env: { CWT_GUARD: "off" } }),
  "team rule on, main → main: deny": write(() => gated.root, () => path.join(gated.root, "README.md"), 2, { env_repo: () => gated }),
  "team config invalid, main → main: problem": write(() => broken.root, () => path.join(broken.root, "README.md"), 1, { env_repo: () => broken }),
  "an 8 MiB Write in its own worktree: allow": {
    cwd: () => wtA,
    stdin: () => payload(wtA, "Write", { file_path: path.join(wtA, "big.txt"), content: "z".repeat(8 * 1024 * 1024) }),
    exitCode: 0,
  },
};

describe("cwt claude guard: the built executable's fast path decides as the commander route does", () => {
  it.each(Object.keys(CASES))("%s", async (name) => {
    const c = CASES[name];
    if (!c) throw new Error(name);
    const env = { ...(c.env_repo?.() ?? repo).env, ...c.env };
    const stdin = c.stdin();
    const bin = await runBin(["claude", "guard"], { cwd: c.cwd(), env, stdin });
    const inProcess = await runCli(["claude", "guard"], { cwd: c.cwd(), env, stdin });
    // The table's 2 means "deny", which the guard says in JSON on stdout with exit 0 (never exit 2).
    expect(bin.exitCode).toBe(c.exitCode === 2 ? 0 : c.exitCode);
    if (c.exitCode === 0) expect(bin).toEqual({ exitCode: 0, stdout: "", stderr: "" });
    else expect(bin.stderr).toMatch(/^cwt guard: [^\n]+$/); // execa drops the final newline
    if (c.exitCode === 2) expect(JSON.parse(bin.stdout).hookSpecificOutput).toEqual({ hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: bin.stderr });
    if (c.exitCode === 1) expect(bin.stdout).toBe("");
    expect({ exitCode: inProcess.exitCode, stdout: inProcess.stdout.trimEnd(), stderr: inProcess.stderr.trimEnd() }).toEqual(bin);
  });

  it("with no stdin at all (a terminal or /dev/null): problem, not a decision", async () => {
    const r = await runBin(["claude", "guard"], { cwd: wtA, env: repo.env });
    expect(r).toEqual({ exitCode: 1, stdout: "", stderr: expect.stringMatching(/^cwt guard: no hook payload on stdin/) });
  });

  it("stdin over 16 MiB: denied (exit 0, the decision on stdout), promptly", async () => {
    const big = payload(wtA, "Write", { file_path: path.join(repo.root, "x"), content: "q".repeat(17 * 1024 * 1024) });
    const r = await execa(process.execPath, [CLI_BIN, "claude", "guard"], { cwd: wtA, env: repo.env, extendEnv: false, reject: false, input: big });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    expect(r.stderr).toBe(
      "cwt guard: the hook payload is larger than 16 MiB, so cwt cannot establish which file it writes: denied (write the file in smaller parts, or start the session with CWT_GUARD=off)",
    );
  });

  it("other argv than exactly `claude guard` goes through commander (help, exit 0)", async () => {
    const r = await runBin(["claude", "guard", "--help"], { cwd: wtA, env: repo.env });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("PreToolUse hook");
  });
});

describe("cwt claude guard: what the fast path loads", () => {
  /** What `cwt claude guard` loads on the allow path: bin/cwt.js requires dist/guard.cjs, one file. */
  function guardGraph(): Map<string, string> {
    const bin = readFileSync(CLI_BIN, "utf8");
    expect(bin).toContain('require("../dist/guard.cjs")');
    const text = readFileSync(path.join(DIST, "guard.cjs"), "utf8");
    // Static requires of our own files would load more; only node: built-ins may be required.
    expect([...text.matchAll(/require\("(\.[^"]+)"\)/g)].map((m) => m[1])).toEqual([]);
    return new Map([["guard.cjs", text]]);
  }

  const MARKERS: Record<string, RegExp> = {
    commander: /CommanderError\d* = class|class CommanderError/,
    chalk: /chalkStderr/,
    "simple-git": /GitResponseError/,
    "full zod": /"ZodString"/,
    "child processes": /from "node:child_process"|require\("node:child_process"\)|require\("child_process"\)/,
  };

  it("the markers are real: each is found somewhere in the bundle", () => {
    const all = readFileSync(path.join(DIST, "cli.js"), "utf8");
    const chunks = readdirSync(path.join(DIST, "chunks"))
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(path.join(DIST, "chunks", f), "utf8"));
    for (const [name, marker] of Object.entries(MARKERS)) {
      expect([all, ...chunks].some((text) => marker.test(text)), name).toBe(true);
    }
  });

  it("loads neither commander, chalk, simple-git, full zod nor child_process; a small graph", () => {
    const graph = guardGraph();
    for (const [name, marker] of Object.entries(MARKERS)) {
      expect([...graph].filter(([, text]) => marker.test(text)).map(([file]) => `${name} in ${file}`)).toEqual([]);
    }
    const bytes = [...graph.values()].reduce((sum, text) => sum + text.length, 0);
    expect(bytes).toBeLessThan(100_000); // zod/mini tree-shaken: tens of KB, not zod core's ~650 KB
    expect([...graph.values()].some((text) => /looseObject|ZodMiniObject/.test(text))).toBe(true); // it does use zod/mini
  });
});

describe("cwt claude guard: the installed command never blocks by failing", () => {
  it("an older cwt that exits 2 for an unknown command reads as a non-blocking error through `|| exit 1`", async () => {
    const { execa: run } = await import("execa");
    const old = path.join(tempDir(), "cwt");
    const { writeFileSync, chmodSync } = await import("node:fs");
    writeFileSync(old, "#!/bin/sh\necho \"cwt: unknown command 'claude'\" >&2\nexit 2\n");
    chmodSync(old, 0o755);
    const r = await run("sh", ["-c", `${old} claude guard || exit 1`], { reject: false, input: "{}" });
    expect(r.exitCode).toBe(1);
  });
});

describe("cwt claude guard: a hook command with stray words", () => {
  it("still decides (an unknown option must not turn into exit 2, which would block every edit)", async () => {
    const allow = await runBin(["claude", "guard", "--verbose", "extra"], { cwd: wtA, env: repo.env, stdin: payload(wtA, "Write", { file_path: path.join(wtA, "ok.txt"), content: "x" }) });
    expect(allow).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    const deny = await runBin(["claude", "guard", "--verbose"], { cwd: wtA, env: repo.env, stdin: payload(wtA, "Write", { file_path: path.join(repo.root, "leak.txt"), content: "x" }) });
    expect(deny.exitCode).toBe(0);
    expect(JSON.parse(deny.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    expect(deny.stderr).toMatch(/^cwt guard:/);
  });
});
