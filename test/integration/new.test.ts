import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { branchAlreadyExists } from "../../src/core/create-worktree.ts";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";
import { repoState } from "../helpers/snapshot.ts";

const cwt = (repo: TestRepo, argv: string[], cwd = repo.root) => runCli(argv, { cwd, env: repo.env });

function readRecord(repo: TestRepo, id: string) {
  return JSON.parse(readFileSync(path.join(repo.root, ".git", "worktrees", id, "cwt.json"), "utf8")) as Record<string, unknown>;
}

describe("cwt new", () => {
  it("creates .claude/worktrees/<ticket> on worktree-<ticket> from the main checkout's HEAD, and records it", async () => {
    const repo = await makeRepo();
    const head = await repo.git(["rev-parse", "HEAD"]);
    const r = await cwt(repo, ["new", "PROJ-7"]);
    const wt = path.join(repo.root, ".claude/worktrees/PROJ-7");
    expect(r).toEqual({ exitCode: 0, stdout: `${wt}\n`, stderr: expect.stringContaining("on new branch worktree-PROJ-7 from main") });
    expect(await repo.git(["branch", "--show-current"], wt)).toBe("worktree-PROJ-7");
    expect(await repo.git(["rev-parse", "HEAD"], wt)).toBe(head);
    expect(readRecord(repo, "PROJ-7")).toEqual({
      version: 1,
      ticket: "PROJ-7",
      branch: "worktree-PROJ-7",
      branchCreated: true,
      owner: "owner@example.com",
      base: { ref: "main", commit: head },
      createdAt: "2026-11-24T12:00:00.000Z",
    });
    expect(statSync(wt).mode & 0o777).toBe(0o700);
    // ignored through info/exclude, never a tracked file: the main checkout stays clean
    expect(readFileSync(path.join(repo.root, ".git/info/exclude"), "utf8")).toContain("/.claude/worktrees/\n");
    expect(await repo.git(["status", "--porcelain"])).toBe("");
  });

  it("maps '/' to '+' like claude -w, and prints the record with --json", async () => {
    const repo = await makeRepo();
    const r = await cwt(repo, ["new", "feature/auth", "--json", "--owner", "lead@example.com"]);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({
      path: path.join(repo.root, ".claude/worktrees/feature+auth"),
      ticket: "feature/auth",
      branch: "worktree-feature+auth",
      owner: "lead@example.com",
      copied: 0,
    });
  });

  it("honours --base and --branch", async () => {
    const repo = await makeRepo();
    const first = await repo.git(["rev-parse", "HEAD"]);
    await repo.git(["tag", "v1"]);
    await repo.commit("second", { "b.txt": "b" });
    const r = await cwt(repo, ["new", "T-1", "--base", "v1", "--branch", "feat/T-1"]);
    expect(r.exitCode).toBe(0);
    const wt = r.stdout.trim();
    expect(await repo.git(["branch", "--show-current"], wt)).toBe("feat/T-1");
    expect(await repo.git(["rev-parse", "HEAD"], wt)).toBe(first);
    expect(readRecord(repo, "T-1")).toMatchObject({ base: { ref: "v1", commit: first } });
  });

  it("works from inside a linked worktree and from a subfolder", async () => {
    const repo = await makeRepo({ "src/a.ts": "a" });
    const one = (await cwt(repo, ["new", "T-1"])).stdout.trim();
    const r = await cwt(repo, ["new", "T-2"], path.join(one, "src"));
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(path.join(repo.root, ".claude/worktrees/T-2"));
  });

  it("checks out an existing branch that no worktree has, says so, and records that cwt did not create it", async () => {
    const repo = await makeRepo();
    await repo.git(["branch", "worktree-T-9"]);
    const r = await cwt(repo, ["new", "T-9"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("on existing branch worktree-T-9");
    expect(readRecord(repo, "T-9")).toMatchObject({ branchCreated: false });
  });

  it("refuses a branch that another worktree has checked out, changing nothing", async () => {
    const repo = await makeRepo();
    await repo.git(["worktree", "add", "-q", "-b", "worktree-T-5", path.join(repo.root, "..", "elsewhere")]);
    await repo.git(["worktree", "add", "-q", "--detach", path.join(repo.root, "..", "other")]);
    const before = await repoState(repo);
    const r = await cwt(repo, ["new", "X-1", "--branch", "worktree-T-5"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("already checked out in");
    expect(await repoState(repo)).toEqual(before);
  });

  it("refuses a second worktree for the same ticket, naming the first one's path", async () => {
    const repo = await makeRepo();
    const first = (await cwt(repo, ["new", "T-1"])).stdout.trim();
    const before = await repoState(repo);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`ticket T-1 already has a worktree: ${first}`);
    expect(await repoState(repo)).toEqual(before);
  });

  it.each([
    ["T-1", "t-1"],
    ["a/b", "A/b"],
  ])("refuses %s then %s: the names collide after normalisation", async (first, second) => {
    const repo = await makeRepo();
    expect((await cwt(repo, ["new", first])).exitCode).toBe(0);
    const before = await repoState(repo);
    const r = await cwt(repo, ["new", second]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/collides|already has a worktree/);
    expect(await repoState(repo)).toEqual(before);
  });

  it("refuses a folder that exists but is no worktree", async () => {
    const repo = await makeRepo();
    mkdirSync(path.join(repo.root, ".claude/worktrees/T-3"), { recursive: true });
    writeFileSync(path.join(repo.root, ".claude/worktrees/T-3/notes.txt"), "mine");
    const r = await cwt(repo, ["new", "T-3"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("already exists and is not a worktree");
    expect(readFileSync(path.join(repo.root, ".claude/worktrees/T-3/notes.txt"), "utf8")).toBe("mine");
  });

  it.each([".claude", ".claude/worktrees"])("refuses when %s is a symlink, and writes nothing through it", async (link) => {
    const repo = await makeRepo();
    const outside = path.join(repo.root, "..", "outside");
    mkdirSync(outside);
    if (link === ".claude/worktrees") mkdirSync(path.join(repo.root, ".claude"));
    symlinkSync(outside, path.join(repo.root, link));
    const before = await repoState(repo);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("is a symlink");
    expect(await repoState(repo)).toEqual(before);
    expect(existsSync(path.join(outside, "T-1"))).toBe(false);
  });

  it("rolls back everything when git fails half-way (a failing post-checkout hook that leaves the checkout incomplete)", async () => {
    const repo = await makeRepo();
    const before = await repoState(repo);
    const hook = path.join(repo.root, ".git/hooks/post-checkout");
    // A complete checkout with a failed hook is kept and reported (post-checkout.test.ts); an
    // incomplete one is git's failure, rolled back.
    writeFileSync(hook, "#!/bin/sh\necho hook-made > made-by-hook.txt\nrm README.md\nexit 1\n");
    chmodSync(hook, 0o755);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe("");
    const after = await repoState(repo);
    expect({ ...after, exclude: "", claudeDir: null }).toEqual({ ...before, exclude: "", claudeDir: null });
    expect(after.claudeDir).toBeNull(); // the folders it made are gone too
  });
});

describe("cwt new: an option-like ticket is never taken for cwt's own option", () => {
  it.each(["-VA", "-V", "--version"])("cwt new %s: exit 2, nothing on stdout, nothing made", async (ticket) => {
    const repo = await makeRepo();
    const before = await repoState(repo);
    const r = await cwt(repo, ["new", ticket]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^cwt: unknown option/);
    expect(await repoState(repo)).toEqual(before);
  });
});

describe("cwt new: bad input changes nothing", () => {
  const bad: [string, string][] = [
    ["", "empty"],
    ["..", "'..'"],
    ["../x", "'..'"],
    ["/abs/path", "absolute"],
    ["-rf", "starts with '-'"],
    ["a b", "only letters"],
    ["a;rm -rf ~", "only letters"],
    ["$(touch pwned)", "only letters"],
    ["`id`", "only letters"],
    ["a|b", "only letters"],
    ["tab\there", "control characters"],
    ["nl\nx", "control characters"],
    ["x".repeat(65), "longer than 64"],
    ["a..b", "'..'"],
    ["x.lock", "'.lock'"],
    [".git", "'.git'"],
    [".hidden", "start with '.'"],
    ["a//b", "empty '/' segment"],
    ["agent-a0123456789abcdef", "Claude Code's cleanup sweep"],
  ];
  it.each(bad)("rejects %j (%s) with exit 2 and one line on stderr", async (ticket, why) => {
    const repo = await makeRepo();
    const before = await repoState(repo);
    const r = await cwt(repo, ["new", "--", ticket]);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain(why);
    expect(await repoState(repo)).toEqual(before);
    expect(existsSync(path.join(repo.root, "pwned"))).toBe(false);
  });

  it("rejects an option-looking ticket without '--' as a usage error", async () => {
    const repo = await makeRepo();
    const r = await cwt(repo, ["new", "-rf"]);
    expect(r).toEqual({ exitCode: 2, stdout: "", stderr: "cwt: unknown option '-rf'\n" });
  });

  it("rejects a branch name git refuses", async () => {
    const repo = await makeRepo();
    const before = await repoState(repo);
    const r = await cwt(repo, ["new", "T-1", "--branch", "bad..name"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("git does not accept it as a branch name");
    expect(await repoState(repo)).toEqual(before);
  });

  it("rejects a base that does not exist with exit 4", async () => {
    const repo = await makeRepo();
    const before = await repoState(repo);
    const r = await cwt(repo, ["new", "T-1", "--base", "no-such-ref"]);
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toContain('base "no-such-ref" is not a commit');
    expect(await repoState(repo)).toEqual(before);
  });
});

describe("cwt new: config", () => {
  it("places and names by the team's templates, and enforces the ticket pattern", async () => {
    const repo = await makeRepo({
      "cwt.config.json": JSON.stringify({
        worktreeRoot: "../{repo}-wt-root-is-literal",
        folderTemplate: "{repo}-{ticket}",
        branchTemplate: "feat/{ticket}",
        ticketPattern: "^[A-Z]+-\\d+$",
      }),
    });
    const bad = await cwt(repo, ["new", "lower-1"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("does not match the team's pattern");
    const partial = await cwt(repo, ["new", "PROJ-1x"]);
    expect(partial.exitCode).toBe(2);
    const r = await cwt(repo, ["new", "PROJ-1"]);
    expect(r.exitCode).toBe(0);
    const wt = path.join(repo.root, "..", "{repo}-wt-root-is-literal", "repo-PROJ-1");
    expect(r.stdout.trim()).toBe(path.resolve(wt));
    expect(await repo.git(["branch", "--show-current"], r.stdout.trim())).toBe("feat/PROJ-1");
    // a root outside the checkout needs no exclude line
    expect(existsSync(path.join(repo.root, ".git/info/exclude")) ? readFileSync(path.join(repo.root, ".git/info/exclude"), "utf8") : "").not.toContain("wt-root");
  });

  it("uses defaultBase from the config", async () => {
    const repo = await makeRepo({ "cwt.config.json": JSON.stringify({ defaultBase: "stable" }) });
    const stable = await repo.git(["rev-parse", "HEAD"]);
    await repo.git(["branch", "stable"]);
    await repo.commit("later", { "c.txt": "c" });
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(await repo.git(["rev-parse", "HEAD"], r.stdout.trim())).toBe(stable);
  });

  it("reports every invalid field of a bad config with the file's name, exit 2, nothing created", async () => {
    const repo = await makeRepo();
    repo.write("cwt.config.json", JSON.stringify({ branchTemplate: "static", ticketPattern: "([", colour: "red", worktreeRoot: 5 }));
    const before = await repoState(repo);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(2);
    const line = r.stderr.trim();
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toContain(path.join(repo.root, "cwt.config.json"));
    expect(line).toContain("colour: unknown key");
    expect(line).toContain("branchTemplate: must contain {ticket}");
    expect(line).toContain("ticketPattern: is not a valid regular expression");
    expect(line).toContain("worktreeRoot:");
    expect(await repoState(repo)).toEqual(before);
  });

  it("reads the per-user config under XDG_CONFIG_HOME, and the team's file wins", async () => {
    const repo = await makeRepo({ "cwt.config.json": JSON.stringify({ branchTemplate: "team/{ticket}" }) });
    repo.write(".config/cwt/config.json", JSON.stringify({ branchTemplate: "mine/{ticket}", folderTemplate: "u-{ticket}" }), repo.home);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(path.join(repo.root, ".claude/worktrees/u-T-1"));
    expect(await repo.git(["branch", "--show-current"], r.stdout.trim())).toBe("team/T-1");
  });

  it("rejects a per-user config that is not JSON, naming that file", async () => {
    const repo = await makeRepo();
    repo.write(".config/cwt/config.json", "{ // comment\n}", repo.home);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(path.join(repo.home, ".config/cwt/config.json"));
    expect(r.stderr).toContain("not valid JSON");
  });
});

describe("cwt new: .worktreeinclude", () => {
  it("copies only files that match a pattern and are gitignored, keeping modes and symlinks", async () => {
    const repo = await makeRepo({
      ".gitignore": ".env\n.env.*\nnode_modules/\nbuild/\n",
      ".worktreeinclude": ".env\n.env.*\nnode_modules/\nREADME.md\nnot-ignored.txt\n",
      "README.md": "tracked",
    });
    repo.write(".env", "SECRET=1");
    chmodSync(path.join(repo.root, ".env"), 0o600);
    repo.write(".env.local", "LOCAL=1");
    repo.write("node_modules/pkg/index.js", "module.exports = 1");
    repo.write("node_modules/.bin/tool", "#!/bin/sh\n");
    chmodSync(path.join(repo.root, "node_modules/.bin/tool"), 0o755);
    repo.write("node_modules/pkg/shared.txt", "others-writable");
    chmodSync(path.join(repo.root, "node_modules/pkg/shared.txt"), 0o646); // what a 022 or 002 umask would strip
    symlinkSync("../pkg/index.js", path.join(repo.root, "node_modules/.bin/link"));
    repo.write("build/out.js", "not included");
    repo.write("not-ignored.txt", "untracked but not ignored");
    const r = await cwt(repo, ["new", "T-1", "--json"]);
    expect(r.exitCode).toBe(0);
    const wt = (JSON.parse(r.stdout) as { path: string }).path;
    expect((JSON.parse(r.stdout) as { copied: number }).copied).toBe(6);
    expect(readFileSync(path.join(wt, ".env"), "utf8")).toBe("SECRET=1");
    expect(statSync(path.join(wt, ".env")).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(wt, "node_modules/.bin/tool")).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(wt, "node_modules/pkg/shared.txt")).mode & 0o777).toBe(0o646);
    expect(lstatSync(path.join(wt, "node_modules/.bin/link")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(wt, "node_modules/.bin/link"))).toBe("../pkg/index.js");
    expect(existsSync(path.join(wt, "build/out.js"))).toBe(false);
    expect(existsSync(path.join(wt, "not-ignored.txt"))).toBe(false);
    expect(readFileSync(path.join(wt, "README.md"), "utf8")).toBe("tracked");
    expect(await repo.git(["status", "--porcelain"], wt)).toBe("");
  });

  it("never writes through a symlink the new checkout tracks", async () => {
    const repo = await makeRepo({ ".gitignore": "conf/\n", ".worktreeinclude": "conf/\n" });
    const outside = path.join(repo.root, "..", "victim");
    mkdirSync(outside);
    await repo.git(["checkout", "-q", "-b", "linky"]);
    symlinkSync(outside, path.join(repo.root, "conf"));
    await repo.git(["add", "-f", "conf"]);
    await repo.git(["commit", "-q", "-m", "conf is a symlink on this branch"]);
    await repo.git(["checkout", "-q", "main"]);
    repo.write("conf/secret.txt", "s");
    const r = await cwt(repo, ["new", "T-1", "--base", "linky"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("not copied conf/secret.txt");
    expect(existsSync(path.join(outside, "secret.txt"))).toBe(false);
  });

  it("never copies the worktrees themselves when a pattern names .claude/", async () => {
    const repo = await makeRepo({ ".gitignore": ".claude/\n", ".worktreeinclude": ".claude/\n" });
    repo.write(".claude/settings.local.json", "{}");
    expect((await cwt(repo, ["new", "A-1"])).exitCode).toBe(0);
    const r = await cwt(repo, ["new", "B-1"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toContain("not copied");
    const wt = r.stdout.trim();
    expect(existsSync(path.join(wt, ".claude/settings.local.json"))).toBe(true);
    expect(existsSync(path.join(wt, ".claude/worktrees"))).toBe(false);
  });
});

describe("branchAlreadyExists", () => {
  it("recognises git's own refusal of worktree add -b, and not a hook's words or another branch", async () => {
    const repo = await makeRepo();
    await repo.git(["branch", "taken"]);
    const r = await repo.gitResult(["worktree", "add", "--quiet", "-b", "taken", path.join(repo.root, "..", "wt"), "HEAD"]);
    expect(r.exitCode).not.toBe(0);
    expect(branchAlreadyExists(r.stderr, "taken")).toBe(true);
    expect(branchAlreadyExists(r.stderr, "take")).toBe(false);
    expect(branchAlreadyExists("post-checkout: fatal: a branch named 'taken' already exists\n", "taken")).toBe(false);
  });
});
