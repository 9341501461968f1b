// Hostile and damaged files (issue: hardening): each gives a clear message and nothing is lost.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";
import { repoState } from "../helpers/snapshot.ts";
import { treeHash } from "../helpers/tree-hash.ts";

const cwt = (repo: TestRepo, argv: string[]) => runCli(argv, { cwd: repo.root, env: repo.env });

async function withWorktree(ticket = "T-1", files: Record<string, string> = { "README.md": "r\n" }): Promise<{ repo: TestRepo; wt: string; admin: string }> {
  const repo = await makeRepo(files);
  const r = await cwt(repo, ["new", ticket]);
  expect(r.exitCode).toBe(0);
  const wt = r.stdout.trim();
  const admin = path.resolve(wt, readFileSync(path.join(wt, ".git"), "utf8").trim().slice("gitdir: ".length));
  return { repo, wt, admin };
}

const oneLine = (stderr: string) => expect(stderr).toMatch(/^cwt: [^\n]+\n(hint: [^\n]+\n)?$/);

describe("damaged cwt records", () => {
  it.each([
    ["garbage", "\u0000\u0001not json"],
    ["truncated", '{"version": 1, "ticket": "T-1", "bra'],
    ["wrong types", JSON.stringify({ version: 1, ticket: 42, branch: [], branchCreated: "yes", owner: {}, base: null, createdAt: "soon" })],
    ["huge", `{"x": "${"a".repeat(200_000)}"}`],
  ])("a %s record counts as no record: list, path and rm still work, nothing else changes", async (_what, content) => {
    const { repo, wt, admin } = await withWorktree();
    writeFileSync(path.join(admin, "cwt.json"), content);
    const list = await cwt(repo, ["list", "--json"]);
    expect(list.exitCode).toBe(0);
    expect(JSON.parse(list.stdout).worktrees.find((w: { path: string }) => w.path === wt)).toMatchObject({ ticket: null, origin: "git" });
    expect((await cwt(repo, ["path", "T-1"])).stdout).toBe(`${wt}\n`);
    const rm = await cwt(repo, ["rm", "T-1"]);
    expect(rm.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });
});

describe("a config file with the wrong types", () => {
  it("is refused with the file's name and every problem in one message; nothing is created", async () => {
    const repo = await makeRepo({ "README.md": "r\n", "cwt.config.json": JSON.stringify({ worktreeRoot: 5, branchTemplate: ["x"], ticketPattern: "(" }) });
    const before = await repoState(repo);
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("cwt.config.json");
    expect(r.stderr).toMatch(/worktreeRoot/);
    expect(r.stderr).toMatch(/branchTemplate/);
    expect(await repoState(repo)).toEqual(before);
  });
});

describe("a .claude/worktrees that is a symlink", () => {
  it("cwt new refuses and writes nothing where it points", async () => {
    const repo = await makeRepo();
    const elsewhere = tempDir();
    mkdirSync(path.join(repo.root, ".claude"));
    symlinkSync(elsewhere, path.join(repo.root, ".claude", "worktrees"));
    const r = await cwt(repo, ["new", "T-1"]);
    expect(r.exitCode).toBe(3);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/symlink/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe("a worktree holding a symlink to a folder outside", () => {
  it("cwt rm --force removes the link, never what it points to", async () => {
    const { repo, wt } = await withWorktree();
    const outside = tempDir();
    writeFileSync(path.join(outside, "precious.txt"), "keep me\n");
    mkdirSync(path.join(outside, "sub"));
    writeFileSync(path.join(outside, "sub", "more.txt"), "me too\n");
    const before = treeHash(outside);
    symlinkSync(outside, path.join(wt, "link-out"));
    const refused = await cwt(repo, ["rm", "T-1"]);
    expect(refused.exitCode).toBe(3); // an untracked entry: work, until --force
    const r = await cwt(repo, ["rm", "T-1", "--force"]);
    expect(r.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
    expect(treeHash(outside)).toBe(before);
  });
});

describe("a worktree folder replaced by a file", () => {
  it("list reports it, rm refuses, and the file is left exactly as it is", async () => {
    const { repo, wt } = await withWorktree();
    rmSync(wt, { recursive: true });
    writeFileSync(wt, "someone's file where the worktree was\n");
    const list = await cwt(repo, ["list", "--json"]);
    expect(list.exitCode).toBe(0);
    expect(JSON.parse(list.stdout).worktrees.find((w: { path: string }) => w.path === wt)).toMatchObject({ missing: true });
    const rm = await cwt(repo, ["rm", "T-1"]);
    expect(rm.exitCode).not.toBe(0);
    oneLine(rm.stderr);
    expect(readFileSync(wt, "utf8")).toBe("someone's file where the worktree was\n");
    await cwt(repo, ["prune", "--orphans", "--stale", "0m", "--yes", "--force"]);
    expect(readFileSync(wt, "utf8")).toBe("someone's file where the worktree was\n");
  });
});

describe("a branch deleted behind cwt's back", () => {
  it("rm refuses without --force (its commits cannot be judged), and the files stay", async () => {
    const { repo, wt } = await withWorktree();
    await repo.commit("work", { "w.txt": "w" }, wt);
    await repo.git(["update-ref", "-d", "refs/heads/worktree-T-1"]);
    const before = treeHash(wt);
    const list = await cwt(repo, ["list", "--json"]);
    expect(list.exitCode).toBe(0);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(3);
    oneLine(r.stderr);
    expect(treeHash(wt)).toBe(before);
  });
});

describe("a worktree moved by hand (git worktree move)", () => {
  it("is still the ticket's worktree: path follows it, rm removes it at its new place", async () => {
    const { repo, wt } = await withWorktree();
    const moved = path.join(path.dirname(repo.root), "moved-T-1");
    await repo.git(["worktree", "move", wt, moved]);
    expect((await cwt(repo, ["path", "T-1"])).stdout).toBe(`${moved}\n`);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(existsSync(moved)).toBe(false);
  });
});

describe("git's admin folder for a worktree removed by hand", () => {
  it("the folder is an orphan holding a checkout: reported by doctor, never removed by prune, even with --force", async () => {
    const { repo, wt, admin } = await withWorktree();
    writeFileSync(path.join(wt, "work.txt"), "unsaved work\n");
    rmSync(admin, { recursive: true });
    const before = treeHash(wt);
    const doctor = await cwt(repo, ["doctor", "--json"]);
    const orphan = JSON.parse(doctor.stdout).findings.find((f: { id: string }) => f.id === "orphan-folder");
    expect(orphan?.message).toContain("a checkout: it has a .git");
    const pruned = await cwt(repo, ["prune", "--orphans", "--stale", "0m", "--yes", "--force", "--json"]);
    expect(JSON.parse(pruned.stdout).kept.map((k: { code?: string; reasons: { code: string }[] }) => k.reasons[0]?.code)).toContain("ORPHAN_CHECKOUT");
    expect(treeHash(wt)).toBe(before);
  });
});

describe("permissions and secrets", () => {
  it("a worktree is 0700, a copied .env keeps its mode, and no output or record of cwt holds its contents", async () => {
    const repo = await makeRepo({ "README.md": "r\n", ".gitignore": ".env\n", ".worktreeinclude": ".env\n" });
    const secret = "hunter2-7f3a9c-SECRET";
    repo.write(".env", `API_KEY=${secret}\n`);
    chmodSync(path.join(repo.root, ".env"), 0o600);
    const made = await cwt(repo, ["new", "T-1", "--json"]);
    expect(made.exitCode).toBe(0);
    const wt = JSON.parse(made.stdout).path as string;
    expect(statSync(wt).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(wt, ".env")).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(wt, ".env"), "utf8")).toContain(secret);
    writeFileSync(path.join(wt, ".env"), `API_KEY=${secret}-changed\n`); // a changed copy is work: it must be named, not shown
    const outputs = [made, await cwt(repo, ["list", "--json"]), await cwt(repo, ["list"]), await cwt(repo, ["doctor", "--json"]), await cwt(repo, ["rm", "T-1"]), await cwt(repo, ["prune", "--stale", "0m", "--dry-run", "--json"])];
    for (const o of outputs) expect(o.stdout + o.stderr).not.toContain(secret);
    const admin = path.join(repo.root, ".git", "worktrees");
    for (const id of readdirSync(admin)) {
      for (const f of readdirSync(path.join(admin, id))) {
        const file = path.join(admin, id, f);
        if (statSync(file).isFile()) expect(readFileSync(file, "utf8")).not.toContain(secret);
      }
    }
  });
});
