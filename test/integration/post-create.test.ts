// postCreate: the team's commands run in a new worktree only after the user approved that exact
// list for that repository (--yes approves, --no-hooks skips), never through a shell, their output
// on stderr only. Real repositories, real child processes.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commandsHash } from "../../src/core/post-create-approvals.ts";
import type { Deps } from "../../src/deps.ts";
import { makeFakeClaude } from "../helpers/fake-claude.ts";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

const node = process.execPath;
/** A command that appends `name` to the file `order` in its working folder. */
const mark = (name: string): string[] => [node, "-e", `require("fs").appendFileSync("order", ${JSON.stringify(name)} + "\\n")`];
/** Writes to both its stdout and its stderr. */
const chatty = [node, "-e", 'console.log("HOOK-STDOUT"); console.error("HOOK-STDERR")'];
const exit3 = [node, "-e", "process.exit(3)"];

async function repoWith(postCreate: unknown, files: Record<string, string> = {}): Promise<TestRepo> {
  return makeRepo({ "README.md": "# test\n", "cwt.config.json": JSON.stringify({ postCreate }), ...files });
}

function setPostCreate(repo: TestRepo, postCreate: unknown): void {
  writeFileSync(path.join(repo.root, "cwt.config.json"), JSON.stringify({ postCreate }));
}

const cwt = (repo: TestRepo, argv: string[], options: { deps?: Partial<Deps>; env?: Record<string, string>; cwd?: string } = {}) =>
  runCli(argv, { cwd: options.cwd ?? repo.root, env: { ...repo.env, ...options.env }, ...(options.deps ? { deps: options.deps } : {}) });

const wtOf = (repo: TestRepo, ticket: string) => path.join(repo.root, ".claude/worktrees", ticket);
const orderIn = (wt: string) => (existsSync(path.join(wt, "order")) ? readFileSync(path.join(wt, "order"), "utf8") : undefined);
const approvalsFile = (repo: TestRepo) => path.join(repo.home, ".config", "cwt", "post-create-approvals.json");

/** A person at a terminal who answers `answer`; records each question. */
function person(answer: boolean): { deps: Partial<Deps>; questions: string[] } {
  const questions: string[] = [];
  return {
    questions,
    deps: {
      interactive: true,
      confirm: async (q: string) => {
        questions.push(q);
        return answer;
      },
    },
  };
}

/** Fails the test if anything asks. */
const nobodyAsks: Partial<Deps> = {
  interactive: true,
  confirm: async () => {
    throw new Error("asked a question");
  },
};

describe("postCreate: not approved", () => {
  it("without a terminal: creates the worktree, runs nothing, names --yes and --no-hooks, exit 0", async () => {
    const repo = await repoWith([mark("one")]);
    const r = await cwt(repo, ["new", "T-1"]);
    const wt = wtOf(repo, "T-1");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${wt}\n`);
    expect(existsSync(path.join(wt, ".git"))).toBe(true);
    expect(orderIn(wt)).toBeUndefined();
    expect(r.stderr).toContain("did not run this repository's 1 postCreate command");
    expect(r.stderr).toContain("--yes approves and runs them");
    expect(r.stderr).toContain("--no-hooks skips them");
    expect(r.stderr).toContain(`1. ${node} -e`); // the exact command, for the reader to judge
    expect(existsSync(approvalsFile(repo))).toBe(false);
  });

  it("--json says so: status not-approved, nothing ran", async () => {
    const repo = await repoWith([mark("one")]);
    const r = await cwt(repo, ["new", "T-1", "--json"]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).postCreate).toEqual({ status: "not-approved", approvedBy: null, commands: [{ argv: mark("one"), exitCode: null }] });
  });

  it("without a list, --json has postCreate: null and nothing is said", async () => {
    const repo = await makeRepo();
    const r = await cwt(repo, ["new", "T-1", "--json"]);
    expect(JSON.parse(r.stdout).postCreate).toBeNull();
    expect(r.stderr).not.toContain("postCreate");
  });
});

describe("postCreate: --yes", () => {
  it("runs the commands in order in the new worktree, output on stderr only, and remembers the approval (0600)", async () => {
    const repo = await repoWith([mark("one"), chatty, mark("two")]);
    const r = await cwt(repo, ["new", "T-1", "--yes"]);
    const wt = wtOf(repo, "T-1");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${wt}\n`); // cd "$(cwt new T-1 --yes)" still works
    expect(orderIn(wt)).toBe("one\ntwo\n");
    expect(existsSync(path.join(repo.root, "order"))).toBe(false);
    expect(r.stderr).toContain("HOOK-STDOUT");
    expect(r.stderr).toContain("HOOK-STDERR");
    expect(r.stderr).toContain("postCreate 2/3:");
    expect(r.stderr).toContain("ran 3 postCreate commands");
    expect(r.stderr.indexOf("HOOK-STDOUT")).toBeGreaterThan(r.stderr.indexOf("postCreate 2/3:"));
    const file = approvalsFile(repo);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, "utf8"));
    expect(stored).toEqual({
      version: 1,
      approvals: [{ repository: repo.root, sha256: commandsHash([mark("one"), chatty, mark("two")]), approvedAt: "2026-11-24T12:00:00.000Z" }],
    });
  });

  it("once approved, the next cwt new runs the same list without --yes and without asking", async () => {
    const repo = await repoWith([mark("one")]);
    expect((await cwt(repo, ["new", "T-1", "--yes"])).exitCode).toBe(0);
    const r = await cwt(repo, ["new", "T-2"], { deps: nobodyAsks });
    expect(r.exitCode).toBe(0);
    expect(orderIn(wtOf(repo, "T-2"))).toBe("one\n");
    const r2 = await cwt(repo, ["new", "T-3", "--json"]);
    expect(JSON.parse(r2.stdout).postCreate).toEqual({ status: "ran", approvedBy: "stored", commands: [{ argv: mark("one"), exitCode: 0 }] });
  });

  it("a changed list needs a new approval", async () => {
    const repo = await repoWith([mark("one")]);
    await cwt(repo, ["new", "T-1", "--yes"]);
    setPostCreate(repo, [mark("one"), mark("two")]);
    const r = await cwt(repo, ["new", "T-2"]);
    expect(r.exitCode).toBe(0);
    expect(orderIn(wtOf(repo, "T-2"))).toBeUndefined();
    expect(r.stderr).toContain("changed since you approved it");
    // The same commands in another order are another list too.
    await cwt(repo, ["new", "T-3", "--yes"]);
    expect(orderIn(wtOf(repo, "T-3"))).toBe("one\ntwo\n");
    setPostCreate(repo, [mark("two"), mark("one")]);
    await cwt(repo, ["new", "T-4"]);
    expect(orderIn(wtOf(repo, "T-4"))).toBeUndefined();
  });

  it("--yes with --no-hooks is a usage error, before anything is created", async () => {
    const repo = await repoWith([mark("one")]);
    const r = await cwt(repo, ["new", "T-1", "--yes", "--no-hooks"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("contradict");
    expect(existsSync(wtOf(repo, "T-1"))).toBe(false);
  });
});

describe("postCreate: --no-hooks", () => {
  it("skips the list even when it is approved, and says so", async () => {
    const repo = await repoWith([mark("one")]);
    await cwt(repo, ["new", "T-1", "--yes"]);
    const r = await cwt(repo, ["new", "T-2", "--no-hooks", "--json"], { deps: nobodyAsks });
    expect(r.exitCode).toBe(0);
    expect(orderIn(wtOf(repo, "T-2"))).toBeUndefined();
    expect(r.stderr).toContain("skipped this repository's 1 postCreate command (--no-hooks)");
    expect(JSON.parse(r.stdout).postCreate.status).toBe("skipped");
  });
});

describe("postCreate: asking a person", () => {
  it("yes: shows the exact commands, runs them, remembers the approval", async () => {
    const repo = await repoWith([mark("one"), [node, "-e", "1", "two words", "it's", "$HOME"]]);
    const p = person(true);
    const r = await cwt(repo, ["new", "T-1"], { deps: p.deps });
    expect(r.exitCode).toBe(0);
    expect(p.questions).toHaveLength(1);
    expect(p.questions[0]).toContain("asks to run 2 commands in the new worktree");
    expect(p.questions[0]).toContain(`2. ${node} -e 1 'two words' 'it'\\''s' '$HOME'`);
    expect(p.questions[0]).toMatch(/\[y\/N\] $/);
    expect(orderIn(wtOf(repo, "T-1"))).toBe("one\n");
    expect(r.stderr).toContain("remembered in");
    // Remembered: the next one runs without asking.
    expect((await cwt(repo, ["new", "T-2"], { deps: nobodyAsks })).exitCode).toBe(0);
    expect(orderIn(wtOf(repo, "T-2"))).toBe("one\n");
  });

  it("no: runs nothing, remembers nothing, the worktree is there, exit 0", async () => {
    const repo = await repoWith([mark("one")]);
    const p = person(false);
    const r = await cwt(repo, ["new", "T-1", "--json"], { deps: p.deps });
    expect(r.exitCode).toBe(0);
    expect(p.questions).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ path: wtOf(repo, "T-1"), postCreate: { status: "declined" } });
    expect(orderIn(wtOf(repo, "T-1"))).toBeUndefined();
    expect(existsSync(approvalsFile(repo))).toBe(false);
    // Asked again next time.
    const again = person(false);
    await cwt(repo, ["new", "T-2"], { deps: again.deps });
    expect(again.questions).toHaveLength(1);
  });

  it("a changed list says so in the question", async () => {
    const repo = await repoWith([mark("one")]);
    await cwt(repo, ["new", "T-1", "--yes"]);
    setPostCreate(repo, [mark("two")]);
    const p = person(true);
    await cwt(repo, ["new", "T-2"], { deps: p.deps });
    expect(p.questions[0]).toContain("The list changed since you approved it");
    expect(orderIn(wtOf(repo, "T-2"))).toBe("two\n");
  });

  it("control characters and look-alikes in a command are spelt out in the question", async () => {
    const repo = await repoWith([[node, "-e", "1", "a\u001b[2Jb", "\u202Eevil"]]);
    const p = person(false);
    await cwt(repo, ["new", "T-1"], { deps: p.deps });
    expect(p.questions[0]).toContain("$'a\\x1b[2Jb' $'\\u202eevil'");
    expect(p.questions[0]).not.toContain("\u001b");
  });
});

describe("postCreate: a failing command", () => {
  it("stops the rest; the worktree stays; exit 1 naming the command and its exit code; the path still on stdout", async () => {
    const repo = await repoWith([mark("one"), exit3, mark("three")]);
    const r = await cwt(repo, ["new", "T-1", "--yes"]);
    const wt = wtOf(repo, "T-1");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe(`${wt}\n`);
    expect(orderIn(wt)).toBe("one\n");
    expect(existsSync(path.join(wt, ".git"))).toBe(true);
    expect(await repo.git(["worktree", "list"])).toContain(wt);
    expect(r.stderr).toContain(`cwt: postCreate command 2 of 3 (${node} -e 'process.exit(3)') exited with code 3; the 1 command after it did not run; the worktree stays at ${wt}`);
    expect(r.stderr).toContain("hint: fix the cause");
    expect(r.stderr).toContain("cwt rm T-1 --force");
    // The approval stays: fixing the cause needs no new approval.
    expect(existsSync(approvalsFile(repo))).toBe(true);
  });

  it("--json reports each command's exit code (null: not run)", async () => {
    const repo = await repoWith([mark("one"), exit3, mark("three")]);
    const r = await cwt(repo, ["new", "T-1", "--yes", "--json"]);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout).postCreate).toEqual({
      status: "failed",
      approvedBy: "--yes",
      commands: [
        { argv: mark("one"), exitCode: 0 },
        { argv: exit3, exitCode: 3 },
        { argv: mark("three"), exitCode: null },
      ],
    });
  });

  it("a command that is not found: exit 127 in the message, cwt exits 1", async () => {
    const repo = await repoWith([["cwt-no-such-command-xyz", "install"], mark("two")]);
    const r = await cwt(repo, ["new", "T-1", "--yes"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("cwt-no-such-command-xyz not found on PATH (exit 127");
    expect(orderIn(wtOf(repo, "T-1"))).toBeUndefined();
  });

  it("a command killed by a signal: 128 + signal", async () => {
    const repo = await repoWith([[node, "-e", "process.kill(process.pid, 'SIGKILL')"]]);
    const r = await cwt(repo, ["new", "T-1", "--yes"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("was killed by SIGKILL (exit 137)");
  });
});

describe("postCreate: interrupted", () => {
  it("Ctrl-C while a command runs stops it and the rest; the worktree stays (not rolled back); exit 130", async () => {
    const repo = await repoWith([[node, "-e", 'require("fs").writeFileSync("started", "x"); setInterval(() => {}, 1000)'], mark("two")]);
    const controller = new AbortController();
    const wt = wtOf(repo, "T-1");
    const watch = setInterval(() => {
      if (existsSync(path.join(wt, "started"))) controller.abort();
    }, 20);
    try {
      const r = await runCli(["new", "T-1", "--yes"], { cwd: repo.root, env: repo.env, signal: controller.signal });
      expect(r.exitCode).toBe(130);
      expect(r.stderr).toContain(`cwt: postCreate interrupted at command 1 of 2 (${node} -e`);
      expect(r.stderr).toContain(`the worktree stays at ${wt}`);
      expect(r.stdout).toBe(`${wt}\n`);
      expect(orderIn(wt)).toBeUndefined();
      expect(existsSync(path.join(wt, ".git"))).toBe(true);
    } finally {
      clearInterval(watch);
    }
  });
});

describe("postCreate: never a shell", () => {
  it("shell metacharacters reach the command literally; nothing else runs", async () => {
    const repo = await repoWith([
      ["echo", "$(touch pwned)", "`touch pwned2`", "; touch pwned3", "&& touch pwned4", "| touch pwned5"],
      [node, "-e", 'process.stderr.write("ARGS=" + JSON.stringify(process.argv.slice(1)))', "$(touch pwned6)", "*"],
    ]);
    const r = await cwt(repo, ["new", "T-1", "--yes"]);
    const wt = wtOf(repo, "T-1");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("$(touch pwned) `touch pwned2` ; touch pwned3 && touch pwned4 | touch pwned5");
    expect(r.stderr).toContain('ARGS=["$(touch pwned6)","*"]');
    for (const dir of [wt, repo.root]) {
      for (const f of ["pwned", "pwned2", "pwned3", "pwned4", "pwned5", "pwned6"]) expect(existsSync(path.join(dir, f))).toBe(false);
    }
  });

  it("runs in the worktree with CWT_WORKTREE, CWT_TICKET, CWT_MAIN_CHECKOUT set, git's discovery variables removed, stdin closed", async () => {
    const script = [
      'const fs = require("fs");',
      "const e = process.env;",
      'let stdin = "";',
      'try { stdin = fs.readFileSync(0, "utf8"); } catch (err) { stdin = "error:" + err.code; }',
      'fs.writeFileSync("env.json", JSON.stringify({ cwd: process.cwd(), wt: e.CWT_WORKTREE, ticket: e.CWT_TICKET, main: e.CWT_MAIN_CHECKOUT, gitDir: e.GIT_DIR ?? null, home: e.HOME, stdin }));',
    ].join("\n");
    const repo = await repoWith([[node, "-e", script]]);
    const r = await cwt(repo, ["new", "feature/x", "--yes"], { env: { GIT_DIR: path.join(repo.root, ".git") } });
    expect(r.exitCode).toBe(0);
    const wt = wtOf(repo, "feature+x");
    expect(JSON.parse(readFileSync(path.join(wt, "env.json"), "utf8"))).toEqual({ cwd: wt, wt, ticket: "feature/x", main: repo.root, gitDir: null, home: repo.home, stdin: "" });
  });

  it("a relative path names a file in the new worktree", async () => {
    const repo = await repoWith([["./scripts/setup.sh"]], { "scripts/setup.sh": '#!/bin/sh\necho set-up > "$CWT_WORKTREE/done"\n' });
    chmodSync(path.join(repo.root, "scripts/setup.sh"), 0o755);
    await repo.commit("executable");
    const r = await cwt(repo, ["new", "T-1", "--yes"]);
    expect(r.exitCode).toBe(0);
    expect(readFileSync(path.join(wtOf(repo, "T-1"), "done"), "utf8")).toBe("set-up\n");
  });
});

describe("postCreate: the approvals file", () => {
  it.each([
    ["not JSON", "{ nope"],
    ["the wrong shape", JSON.stringify({ version: 1, approvals: { x: 1 } })],
    ["a wrong hash", JSON.stringify({ version: 1, approvals: [{ repository: "/x", sha256: "zz", approvedAt: "now" }] })],
    ["a prototype key", '{"version":1,"approvals":[],"__proto__":{"x":1}}'],
    ["invalid UTF-8", Buffer.from([0xff, 0xfe, 0x00])],
  ])("%s counts as no approvals, with a warning, never a crash", async (_name, content) => {
    const repo = await repoWith([mark("one")]);
    mkdirSync(path.dirname(approvalsFile(repo)), { recursive: true });
    writeFileSync(approvalsFile(repo), content);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(orderIn(wtOf(repo, "T-1"))).toBeUndefined();
    expect(r.stderr).toContain(`warning: ignored ${approvalsFile(repo)}`);
    // --yes replaces it with a valid file.
    const r2 = await cwt(repo, ["new", "T-2", "--yes"]);
    expect(r2.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(approvalsFile(repo), "utf8")).approvals).toHaveLength(1);
  });

  it("a corrupt file that happens to hold this list's hash for another key does not approve it", async () => {
    const repo = await repoWith([mark("one")]);
    mkdirSync(path.dirname(approvalsFile(repo)), { recursive: true });
    writeFileSync(approvalsFile(repo), JSON.stringify({ version: 1, approvals: [{ repository: `${repo.root}/`, sha256: commandsHash([mark("one")]), approvedAt: "x" }] }));
    await cwt(repo, ["new", "T-1"]);
    expect(orderIn(wtOf(repo, "T-1"))).toBeUndefined();
  });

  it("an approval in one repository does not approve the same list in another (same user)", async () => {
    const a = await repoWith([mark("one")]);
    const b = await repoWith([mark("one")]);
    expect((await cwt(a, ["new", "T-1", "--yes"])).exitCode).toBe(0);
    const r = await runCli(["new", "T-1"], { cwd: b.root, env: a.env }); // a's HOME: a's approvals
    expect(r.exitCode).toBe(0);
    expect(orderIn(wtOf(b, "T-1"))).toBeUndefined();
    expect(r.stderr).toContain("you have not approved them");
    // Approving b keeps a's approval.
    await runCli(["new", "T-2", "--yes"], { cwd: b.root, env: a.env });
    expect(JSON.parse(readFileSync(approvalsFile(a), "utf8")).approvals.map((x: { repository: string }) => x.repository).sort()).toEqual([a.root, b.root].sort());
    expect((await cwt(a, ["new", "T-3"])).exitCode).toBe(0);
    expect(orderIn(wtOf(a, "T-3"))).toBe("one\n");
  });

  it("an approval made from inside a linked worktree counts for the repository (keyed by the main checkout)", async () => {
    const repo = await repoWith([mark("one")]);
    await cwt(repo, ["new", "T-1", "--yes"]);
    const r = await cwt(repo, ["new", "T-2"], { cwd: wtOf(repo, "T-1") });
    expect(r.exitCode).toBe(0);
    expect(orderIn(wtOf(repo, "T-2"))).toBe("one\n");
  });

  it("without a usable HOME the approval cannot be remembered: the commands still run with --yes, and cwt says so", async () => {
    const repo = await repoWith([mark("one")]);
    const r = await cwt(repo, ["new", "T-1", "--yes"], { env: { HOME: "relative", XDG_CONFIG_HOME: "" } });
    expect(r.exitCode).toBe(0);
    expect(orderIn(wtOf(repo, "T-1"))).toBe("one\n");
    expect(r.stderr).toContain("could not remember the approval");
  });
});

describe("postCreate: config", () => {
  it.each([
    ["a shell string", ["npm ci"], 'postCreate.0: must be an argument array such as ["npm", "ci"], not a shell string'],
    ["one string for the whole list", "npm ci", 'postCreate: must be a list of argument arrays such as [["npm", "ci"]], not a shell string'],
    ["an empty command", [[]], "postCreate.0: must name a command"],
    ["an empty program name", [["", "x"]], "postCreate.0: the command (first element) must be a non-empty name or path"],
    ["a number argument", [["npm", 1]], "postCreate.0.1: Invalid input: expected string, received number"],
    ["a NUL in an argument", [["npm", "a\u0000b"]], "postCreate.0.1: must not contain NUL characters"],
    ["more than 20 commands", Array.from({ length: 21 }, () => ["true"]), "postCreate: Too big: expected array to have <=20 items"],
    ["more than 256 arguments", [["echo", ...Array.from({ length: 256 }, () => "x")]], "postCreate.0: Too big: expected array to have <=256 items"],
  ])("%s: exit 2 before anything is created", async (_name, postCreate, message) => {
    const repo = await repoWith(postCreate);
    const r = await cwt(repo, ["new", "T-1", "--yes"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain("cwt.config.json");
    expect(existsSync(wtOf(repo, "T-1"))).toBe(false);
  });

  it("the per-user config may not set it (exit 2, naming the file and why)", async () => {
    const repo = await makeRepo();
    mkdirSync(path.join(repo.home, ".config", "cwt"), { recursive: true });
    writeFileSync(path.join(repo.home, ".config", "cwt", "config.json"), JSON.stringify({ postCreate: [mark("one")] }));
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("config.json: postCreate: may only be set in a repository's cwt.config.json");
    expect(existsSync(wtOf(repo, "T-1"))).toBe(false);
  });

  it("an empty list is no list", async () => {
    const repo = await repoWith([]);
    const r = await cwt(repo, ["new", "T-1", "--json"]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).postCreate).toBeNull();
  });
});

describe("postCreate: Claude Code's WorktreeCreate hook", () => {
  const payload = (repo: TestRepo, name: string) => JSON.stringify({ session_id: "s-1", cwd: repo.root, hook_event_name: "WorktreeCreate", name });
  const hook = (repo: TestRepo, name: string) => runCli(["claude", "worktree-create"], { cwd: repo.root, env: repo.env, stdin: payload(repo, name), deps: nobodyAsks });

  it("never asks; an unapproved list is skipped and said on one line; stdout is only the path", async () => {
    const repo = await repoWith([mark("one")]);
    const r = await hook(repo, "bright-fox");
    const wt = wtOf(repo, "bright-fox");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${wt}\n`);
    expect(orderIn(wt)).toBeUndefined();
    expect(r.stderr).toMatch(/cwt: did not run this repository's 1 postCreate command in .*: not approved for this repository \(Claude Code's hook never asks; .*cwt new TICKET --yes\)\n/);
  });

  it("an approved list runs without asking, its output on stderr", async () => {
    const repo = await repoWith([mark("one"), chatty]);
    await cwt(repo, ["new", "T-1", "--yes"]);
    const r = await hook(repo, "bright-fox");
    const wt = wtOf(repo, "bright-fox");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${wt}\n`);
    expect(orderIn(wt)).toBe("one\n");
    expect(r.stderr).toContain("HOOK-STDOUT");
  });

  it("a failing approved command: exit 1, the reason as the last stderr line, the worktree stays, nothing on stdout", async () => {
    const repo = await repoWith([exit3]);
    await cwt(repo, ["new", "T-1", "--yes"]);
    const r = await hook(repo, "bright-fox");
    const wt = wtOf(repo, "bright-fox");
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n").at(-1)).toMatch(/^cwt: postCreate command 1 of 1 .* exited with code 3; the worktree stays at .* \(fix the cause/);
    expect(existsSync(path.join(wt, ".git"))).toBe(true);
  });

  it("reopening an existing worktree runs nothing", async () => {
    const repo = await repoWith([mark("one")]);
    await cwt(repo, ["new", "bright-fox", "--yes"]);
    const r = await hook(repo, "bright-fox");
    expect(r.exitCode).toBe(0);
    expect(orderIn(wtOf(repo, "bright-fox"))).toBe("one\n");
  });
});

describe("postCreate: cwt launch --new", () => {
  it("runs an approved list before Claude Code starts", async () => {
    const fake = makeFakeClaude();
    const repo = await repoWith([mark("one")]);
    await cwt(repo, ["new", "T-1", "--yes"]);
    const env = { ...fake.env(), PATH: `${fake.bin}${path.delimiter}${repo.env.PATH}` };
    const r = await cwt(repo, ["launch", "T-2", "--new"], { env, deps: nobodyAsks });
    expect(r.exitCode).toBe(0);
    expect(orderIn(wtOf(repo, "T-2"))).toBe("one\n");
    expect(fake.read()?.cwd).toBe(wtOf(repo, "T-2"));
  });

  it("asks in a terminal; without one an unapproved list is skipped and Claude Code still starts", async () => {
    const fake = makeFakeClaude();
    const repo = await repoWith([mark("one")]);
    const env = { ...fake.env(), PATH: `${fake.bin}${path.delimiter}${repo.env.PATH}` };
    const r = await cwt(repo, ["launch", "T-1", "--new"], { env });
    expect(r.exitCode).toBe(0);
    expect(orderIn(wtOf(repo, "T-1"))).toBeUndefined();
    expect(r.stderr).toContain("cwt new TICKET --yes approves and runs them");
    expect(fake.read()?.state).toBe("started");
    const p = person(true);
    expect((await cwt(repo, ["launch", "T-2", "--new"], { env, deps: p.deps })).exitCode).toBe(0);
    expect(p.questions).toHaveLength(1);
    expect(orderIn(wtOf(repo, "T-2"))).toBe("one\n");
  });

  it("a failing command stops before Claude Code starts: exit 1, the worktree stays", async () => {
    const fake = makeFakeClaude();
    const repo = await repoWith([exit3]);
    const env = { ...fake.env(), PATH: `${fake.bin}${path.delimiter}${repo.env.PATH}` };
    const r = await cwt(repo, ["launch", "T-1", "--new"], { env, deps: person(true).deps });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("exited with code 3");
    expect(fake.read()).toBeUndefined();
    expect(existsSync(path.join(wtOf(repo, "T-1"), ".git"))).toBe(true);
  });
});
