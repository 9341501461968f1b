// `cwt claude guard` (Claude Code's PreToolUse hook) against real repositories with real linked
// worktrees: which edits it denies (JSON deny on stdout, exit 0), which it allows (exit 0, silent),
// and what it does with input it cannot use (exit 1: non-blocking for Claude Code).
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { type CliResult, runCli } from "../helpers/run-cli.ts";

/** A PreToolUse payload as Claude Code sends it (with the extra common fields real payloads carry). */
function payload(cwd: string | undefined, toolName: string, toolInput: unknown): string {
  return JSON.stringify({
    session_id: "8a1f7c3e-0000-4000-8000-000000000001",
    transcript_path: "/home/u/.claude/projects/x/8a1f7c3e.jsonl",
    ...(cwd === undefined ? {} : { cwd }),
    permission_mode: "acceptEdits",
    hook_event_name: "PreToolUse",
    prompt_id: "p-1",
    effort: "high",
    tool_name: toolName,
    tool_input: toolInput,
    tool_use_id: "toolu_01",
  });
}

const writeInput = (file: string) => ({ file_path: file, content: "export const x = 1;\n" });

let repo: TestRepo;
let other: TestRepo;
let wtA: string;
let wtB: string;
let far: string;
let outside: string;

async function guard(sessionCwd: string, stdin: string, env: Record<string, string> = {}): Promise<CliResult> {
  return runCli(["claude", "guard"], { cwd: sessionCwd, env: { ...repo.env, ...env }, stdin });
}
const write = (sessionCwd: string, file: string, env?: Record<string, string>) => guard(sessionCwd, payload(sessionCwd, "Write", writeInput(file)), env);

function expectAllowed(r: CliResult): void {
  expect(r).toEqual({ exitCode: 0, stdout: "", stderr: "" });
}
function expectDenied(r: CliResult): void {
  // Denied the documented JSON way (exit 0): never exit 2, which a failing command could also give.
  expect(r.exitCode).toBe(0);
  expect(r.stderr).toMatch(/^cwt guard: [^\n]+\n$/); // one paragraph
  expect(JSON.parse(r.stdout)).toEqual({
    hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: r.stderr.trimEnd() },
  });
}
function expectProblem(r: CliResult, message: RegExp): void {
  expect(r.exitCode).toBe(1);
  expect(r.stdout).toBe("");
  expect(r.stderr).toMatch(/^cwt guard: [^\n]+ \(not blocking: the edit goes ahead; cwt doctor checks the setup\)\n$/);
  expect(r.stderr).toMatch(message);
}

beforeAll(async () => {
  repo = await makeRepo({ "README.md": "# app\n", "src/app.ts": "export {};\n" });
  wtA = path.join(repo.root, ".claude/worktrees/A");
  wtB = path.join(repo.root, ".claude/worktrees/B");
  far = path.join(path.dirname(repo.root), "far");
  await repo.git(["worktree", "add", "-q", "-b", "worktree-A", wtA]);
  await repo.git(["worktree", "add", "-q", "-b", "worktree-B", wtB]);
  await repo.git(["worktree", "add", "-q", "-b", "far", far]);
  mkdirSync(path.join(wtA, "src/sub"), { recursive: true });
  other = await makeRepo();
  outside = tempDir();
});

describe("cwt claude guard: the decision table", () => {
  type Row = [session: string, target: string, expected: "allow" | "deny"];
  const rows = (): Record<string, Row> => {
    const mainFile = path.join(repo.root, "src/app.ts");
    const common = [
      ["outside the repository", path.join(outside, "notes.md"), "allow"],
      ["another repository", path.join(other.root, "README.md"), "allow"],
      ["the common dir's hooks", path.join(repo.root, ".git/hooks/pre-commit"), "deny"],
      ["the common dir's config", path.join(repo.root, ".git/config"), "deny"],
      ["a worktree's admin folder", path.join(repo.root, ".git/worktrees/B/HEAD"), "deny"],
    ] as const;
    const table: Record<string, Row> = {};
    for (const [name, cwd, own, sibling] of [
      ["worktree", wtA, path.join(wtA, "src/app.ts"), path.join(wtB, "src/app.ts")],
      ["worktree subfolder", path.join(wtA, "src/sub"), path.join(wtA, "src/app.ts"), path.join(wtB, "src/app.ts")],
    ] as const) {
      table[`${name} session → main checkout`] = [cwd, mainFile, "deny"];
      table[`${name} session → own worktree`] = [cwd, own, "allow"];
      table[`${name} session → sibling worktree`] = [cwd, sibling, "deny"];
      table[`${name} session → worktree outside the main folder`] = [cwd, path.join(far, "src/app.ts"), "deny"];
      table[`${name} session → its own .git file`] = [cwd, path.join(wtA, ".git"), "deny"];
      for (const [what, target, expected] of common) table[`${name} session → ${what}`] = [cwd, target, expected];
    }
    table["main session → main checkout (no config)"] = [repo.root, mainFile, "allow"];
    table["main subfolder session → main checkout"] = [path.join(repo.root, "src"), path.join(repo.root, "README.md"), "allow"];
    table["main session → a linked worktree inside its folder"] = [repo.root, path.join(wtA, "src/app.ts"), "deny"];
    table["main session → a linked worktree outside its folder"] = [repo.root, path.join(far, "README.md"), "deny"];
    for (const [what, target, expected] of common) table[`main session → ${what}`] = [repo.root, target, expected];
    for (const [what, target] of [
      ["main checkout", mainFile],
      ["a worktree", path.join(wtA, "src/app.ts")],
      [".git internals", path.join(repo.root, ".git/config")],
      ["outside", path.join(outside, "x")],
    ] as const) {
      table[`session outside any repository → ${what}`] = [outside, target, "allow"];
    }
    return table;
  };

  const NAMES = [
    "worktree session → main checkout",
    "worktree session → own worktree",
    "worktree session → sibling worktree",
    "worktree session → worktree outside the main folder",
    "worktree session → its own .git file",
    "worktree session → outside the repository",
    "worktree session → another repository",
    "worktree session → the common dir's hooks",
    "worktree session → the common dir's config",
    "worktree session → a worktree's admin folder",
    "worktree subfolder session → main checkout",
    "worktree subfolder session → own worktree",
    "worktree subfolder session → sibling worktree",
    "worktree subfolder session → worktree outside the main folder",
    "worktree subfolder session → its own .git file",
    "worktree subfolder session → outside the repository",
    "worktree subfolder session → another repository",
    "worktree subfolder session → the common dir's hooks",
    "worktree subfolder session → the common dir's config",
    "worktree subfolder session → a worktree's admin folder",
    "main session → main checkout (no config)",
    "main subfolder session → main checkout",
    "main session → a linked worktree inside its folder",
    "main session → a linked worktree outside its folder",
    "main session → outside the repository",
    "main session → another repository",
    "main session → the common dir's hooks",
    "main session → the common dir's config",
    "main session → a worktree's admin folder",
    "session outside any repository → main checkout",
    "session outside any repository → a worktree",
    "session outside any repository → .git internals",
    "session outside any repository → outside",
  ];

  it("names every row of the table (the table is built once the repositories exist)", () => {
    expect(Object.keys(rows()).sort()).toEqual([...NAMES].sort());
  });

  it.each(NAMES)("%s", async (name) => {
    const row = rows()[name];
    if (!row) throw new Error(`no row ${name}`);
    const [cwd, target, expected] = row;
    const r = await write(cwd, target);
    if (expected === "allow") expectAllowed(r);
    else expectDenied(r);
  });
});

describe("cwt claude guard: what the reason tells Claude", () => {
  it("worktree → main: the equivalent path in the session's worktree, and where the main checkout is", async () => {
    const r = await write(path.join(wtA, "src/sub"), path.join(repo.root, "src/app.ts"));
    expectDenied(r);
    expect(r.stderr).toContain(`${path.join(repo.root, "src/app.ts")} is in the main checkout (${repo.root})`);
    expect(r.stderr).toContain(`instead: ${path.join(wtA, "src/app.ts")}.`);
  });

  it("worktree → sibling: the equivalent path, and cwt launch with the sibling's name", async () => {
    const r = await write(wtA, path.join(wtB, "README.md"));
    expectDenied(r);
    expect(r.stderr).toContain(`is in the worktree ${wtB}`);
    expect(r.stderr).toContain(`instead: ${path.join(wtA, "README.md")}.`);
    expect(r.stderr).toContain("start a session there: cwt launch B.");
  });

  it("names the ticket cwt recorded, even after the worktree's folder moved", async () => {
    const made = await runCli(["new", "PROJ-42"], { cwd: repo.root, env: repo.env });
    expect(made.exitCode).toBe(0);
    const moved = path.join(repo.root, ".claude/worktrees/renamed");
    await repo.git(["worktree", "move", made.stdout.trim(), moved]);
    const r = await write(wtA, path.join(moved, "README.md"));
    expectDenied(r);
    expect(r.stderr).toContain("cwt launch PROJ-42.");
  });

  it("git internals: says what it is", async () => {
    const r = await write(wtA, path.join(repo.root, ".git/hooks/pre-commit"));
    expectDenied(r);
    expect(r.stderr).toContain(`inside git's own data for this repository (${path.join(repo.root, ".git")})`);
  });
});

describe("cwt claude guard: the four tools", () => {
  const mainFile = () => path.join(repo.root, "src/app.ts");
  const ownFile = () => path.join(wtA, "src/app.ts");
  const inputs: Record<string, (file: string) => unknown> = {
    Edit: (file) => ({ file_path: file, old_string: "export {};", new_string: "export const y = 2;", replace_all: false }),
    Write: (file) => writeInput(file),
    MultiEdit: (file) => ({ file_path: file, edits: [{ old_string: "a", new_string: "b" }, { old_string: "c", new_string: "d", replace_all: true }] }),
    NotebookEdit: (file) => ({ notebook_path: file, cell_id: "c1", new_source: "print(1)", cell_type: "code", edit_mode: "replace" }),
  };

  it.each(Object.keys(inputs))("%s into the main checkout from a worktree is denied, into its own worktree allowed", async (tool) => {
    const input = inputs[tool];
    if (!input) throw new Error(tool);
    expectDenied(await guard(wtA, payload(wtA, tool, input(mainFile()))));
    expectAllowed(await guard(wtA, payload(wtA, tool, input(ownFile()))));
  });

  it("NotebookEdit names its file notebook_path: a file_path there is no file of its (allowed)", async () => {
    expectAllowed(await guard(wtA, payload(wtA, "NotebookEdit", { file_path: path.join(repo.root, "n.ipynb"), new_source: "x" })));
    expectDenied(await guard(wtA, payload(wtA, "NotebookEdit", { notebook_path: path.join(repo.root, "n.ipynb"), new_source: "x" })));
  });

  it.each([
    ["Read", { file_path: path.join("/", "MAIN", "src/app.ts") }],
    ["Bash", { command: "echo hi > MAIN/src/app.ts" }],
    ["mcp__fs__write_file", { path: "MAIN/src/app.ts", content: "x" }],
    ["constructor", { file_path: "MAIN/src/app.ts" }],
    ["edit", { file_path: "MAIN/src/app.ts" }],
  ])("a tool it does not guard is allowed silently: %s", async (tool, input) => {
    const text = JSON.stringify(input).replaceAll("/MAIN", repo.root).replaceAll("MAIN", repo.root);
    expectAllowed(await guard(wtA, payload(wtA, tool, JSON.parse(text))));
  });

  it.each([
    ["no tool_input", undefined],
    ["no file_path", { content: "x" }],
    ["an empty file_path", { file_path: "", content: "x" }],
  ])("a guarded tool without a file path is allowed: %s", async (_name, input) => {
    expectAllowed(await guard(wtA, payload(wtA, "Write", input)));
  });
});

describe("cwt claude guard: paths that do not exist yet, symbolic links, relative paths", () => {
  it("a new file in new folders: decided by the deepest existing ancestor", async () => {
    const r = await write(wtA, path.join(repo.root, "new/deeper/file.ts"));
    expectDenied(r);
    expect(r.stderr).toContain(`instead: ${path.join(wtA, "new/deeper/file.ts")}.`);
    expectAllowed(await write(wtA, path.join(wtA, "new/deeper/file.ts")));
  });

  it("a symbolic link inside the worktree pointing into the main checkout is followed (denied)", async () => {
    const dir = path.join(wtA, "linked-src");
    symlinkSync(path.join(repo.root, "src"), dir);
    const r = await write(wtA, path.join(dir, "app.ts"));
    expectDenied(r);
    expect(r.stderr).toContain(`${path.join(repo.root, "src/app.ts")} is in the main checkout`);
    expectDenied(await write(wtA, path.join(dir, "brand-new/file.ts")));
  });

  it("a symlinked file, and a dangling link whose target does not exist yet, are followed too", async () => {
    symlinkSync(path.join(repo.root, "README.md"), path.join(wtA, "README-link.md"));
    symlinkSync(path.join(repo.root, "not-yet/created.md"), path.join(wtA, "dangling.md"));
    symlinkSync("../../../not-yet-dir", path.join(wtA, "dangling-dir")); // relative, into the main checkout
    expectDenied(await write(wtA, path.join(wtA, "README-link.md")));
    expectDenied(await write(wtA, path.join(wtA, "dangling.md")));
    expectDenied(await write(wtA, path.join(wtA, "dangling-dir/sub/file.ts")));
  });

  it("a link in the main checkout into the session's worktree is the worktree's file (allowed)", async () => {
    symlinkSync(path.join(wtA, "src"), path.join(repo.root, "to-A"));
    expectAllowed(await write(wtA, path.join(repo.root, "to-A/app.ts")));
  });

  it("a link cycle cannot hang it: non-blocking problem", async () => {
    symlinkSync(path.join(wtA, "loop-b"), path.join(wtA, "loop-a"));
    symlinkSync(path.join(wtA, "loop-a"), path.join(wtA, "loop-b"));
    expectProblem(await write(wtA, path.join(wtA, "loop-a/file.ts")), /too many levels of symbolic links/);
  });

  it("a relative file path is taken from the session's cwd; a payload without cwd uses the hook's folder", async () => {
    expectDenied(await guard(wtA, payload(wtA, "Write", writeInput("../../../src/app.ts"))));
    expectAllowed(await guard(wtA, payload(wtA, "Write", writeInput("src/app.ts"))));
    expectDenied(await guard(wtA, payload(undefined, "Write", writeInput(path.join(repo.root, "src/app.ts")))));
    expectAllowed(await guard(wtA, payload(undefined, "Write", writeInput(path.join(wtA, "src/app.ts")))));
  });

  it("a repository nested inside the main checkout is another repository (allowed)", async () => {
    const nested = path.join(repo.root, "vendor/lib");
    mkdirSync(nested, { recursive: true });
    await repo.git(["init", "-q", "-b", "main"], nested);
    expectAllowed(await write(wtA, path.join(nested, "index.js")));
    expectAllowed(await write(repo.root, path.join(nested, "index.js")));
    expectAllowed(await write(nested, path.join(nested, "index.js")));
    expectAllowed(await write(nested, path.join(repo.root, "src/app.ts"))); // from inside lib: another repository
  });

  it("a `.git` file that is not a gitdir file: non-blocking problem, not a guess", async () => {
    const broken = path.join(tempDir(), "broken");
    mkdirSync(broken);
    writeFileSync(path.join(broken, ".git"), "nonsense\n");
    expectProblem(await write(wtA, path.join(broken, "x.ts")), /is not a gitdir file/);
  });
});

describe("cwt claude guard: input it cannot use (exit 1, the edit goes ahead)", () => {
  const base = () => JSON.parse(payload(wtA, "Write", writeInput(path.join(repo.root, "src/app.ts")))) as Record<string, unknown>;
  it.each<[string, () => string, RegExp]>([
    ["empty stdin", () => "", /no hook payload on stdin/],
    ["white space only", () => " \n", /no hook payload on stdin/],
    ["not JSON", () => "{not json", /the hook payload is not JSON/],
    ["a JSON array", () => "[]", /not a PreToolUse payload \(\(top level\): expected object\)/],
    ["another hook event", () => JSON.stringify({ ...base(), hook_event_name: "PostToolUse" }), /hook_event_name: expected "PreToolUse"/],
    ["no hook_event_name", () => JSON.stringify({ ...base(), hook_event_name: undefined }), /hook_event_name: expected "PreToolUse"/],
    ["tool_name a number", () => JSON.stringify({ ...base(), tool_name: 7 }), /tool_name: expected string/],
    ["cwd a number", () => JSON.stringify({ ...base(), cwd: 7 }), /cwd: expected string/],
    ["tool_input a string", () => JSON.stringify({ ...base(), tool_input: "x" }), /tool_input is not Write's \(\(top level\): expected object\)/],
    ["file_path a number", () => JSON.stringify({ ...base(), tool_input: { file_path: 5 } }), /file_path: expected string/],
    ["a NUL in the file path", () => JSON.stringify({ ...base(), tool_input: { file_path: `${repo.root}/a\u0000b` } }), /the path contains a NUL character/],
  ])("%s", async (_name, stdin, message) => {
    expectProblem(await guard(wtA, stdin()), message);
  });

  it.each([
    ["the main checkout", () => path.join(repo.root, "big.txt")],
    ["its own worktree", () => path.join(wtA, "big.txt")],
  ])("stdin over the 16 MiB cap is denied, whatever it aims at (%s): never allowed by size", async (_name, target) => {
    const big = payload(wtA, "Write", { file_path: target(), content: "x".repeat(16 * 1024 * 1024) });
    const r = await guard(wtA, big);
    expectDenied(r);
    expect(r.stderr).toContain("the hook payload is larger than 16 MiB, so cwt cannot establish which file it writes: denied");
  });

  it("a large Write payload under the cap is decided normally", async () => {
    const large = (file: string) => payload(wtA, "Write", { file_path: file, content: "y".repeat(8 * 1024 * 1024) });
    expectAllowed(await guard(wtA, large(path.join(wtA, "big.txt"))));
    expectDenied(await guard(wtA, large(path.join(repo.root, "big.txt"))));
  });
});

describe("cwt claude guard: CWT_GUARD=off", () => {
  it("allows what it would deny, silently, and reads nothing", async () => {
    expectAllowed(await write(wtA, path.join(repo.root, "src/app.ts"), { CWT_GUARD: "off" }));
    expectAllowed(await write(wtA, path.join(repo.root, ".git/config"), { CWT_GUARD: "OFF" }));
    expectAllowed(await guard(wtA, "{not json", { CWT_GUARD: "off" }));
  });

  it("any other value keeps the guard on", async () => {
    expectDenied(await write(wtA, path.join(repo.root, "src/app.ts"), { CWT_GUARD: "on" }));
    expectDenied(await write(wtA, path.join(repo.root, "src/app.ts"), { CWT_GUARD: "" }));
  });
});

describe("cwt claude guard: the team's guard.mainCheckout rule", () => {
  async function teamRepo(config: string | undefined): Promise<{ r: TestRepo; wt: string }> {
    const r = await makeRepo(config === undefined ? undefined : { "README.md": "# t\n", "cwt.config.json": config });
    const wt = path.join(r.root, ".claude/worktrees/T");
    await r.git(["worktree", "add", "-q", "-b", "worktree-T", wt]);
    return { r, wt };
  }
  const run = (r: TestRepo, cwd: string, file: string) =>
    runCli(["claude", "guard"], { cwd, env: r.env, stdin: payload(cwd, "Edit", { file_path: file, old_string: "a", new_string: "b" }) });

  it('"deny": a session in the main checkout may not edit there; worktrees are unaffected', async () => {
    const { r, wt } = await teamRepo('{"guard": {"mainCheckout": "deny"}}');
    const denied = await run(r, r.root, path.join(r.root, "README.md"));
    expectDenied(denied);
    expect(denied.stderr).toContain("Make a worktree: cwt new TICKET && cwt launch TICKET");
    expect(denied.stderr).toContain(`main checkout (${r.root})`);
    expectDenied(await run(r, path.join(r.root, "docs"), path.join(r.root, "new/file.md"))); // a subfolder, a new file
    expectAllowed(await run(r, wt, path.join(wt, "README.md")));
    expectAllowed(await run(r, r.root, path.join(tempDir(), "elsewhere.md")));
  });

  it('"allow" and no setting at all leave the main checkout editable', async () => {
    for (const config of ['{"guard": {"mainCheckout": "allow"}}', '{"guard": {}}', "{}", undefined]) {
      const { r } = await teamRepo(config);
      expectAllowed(await run(r, r.root, path.join(r.root, "README.md")));
    }
  });

  it("an invalid team config: non-blocking problem on that path only (never read on the others)", async () => {
    const { r, wt } = await teamRepo('{"guard": {"mainCheckout": "sometimes"}}');
    expectProblem(await run(r, r.root, path.join(r.root, "README.md")), /cannot use the team's config: .*cwt\.config\.json: guard\.mainCheckout/);
    expectAllowed(await run(r, wt, path.join(wt, "README.md")));
    expectDenied(await run(r, wt, path.join(r.root, "README.md")));
  });

  it("only the team's file counts: the per-user config may not set it (and the guard ignores it there)", async () => {
    const { r } = await teamRepo(undefined);
    mkdirSync(path.join(r.home, ".config/cwt"), { recursive: true });
    writeFileSync(path.join(r.home, ".config/cwt/config.json"), '{"guard": {"mainCheckout": "deny"}}');
    expectAllowed(await run(r, r.root, path.join(r.root, "README.md")));
    const list = await runCli(["list"], { cwd: r.root, env: r.env });
    expect(list.exitCode).toBe(2);
    expect(list.stderr).toContain("guard: may only be set in the team's cwt.config.json");
  });
});
