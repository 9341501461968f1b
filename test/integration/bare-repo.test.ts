// A bare repository's linked worktrees (issue #12), in the two layouts people use:
//   (a) `project/.bare` (git clone --bare) named by the file `project/.git` ("gitdir: ./.bare"),
//       worktrees `project/main`, `project/feat-x` beside it;
//   (b) `~/src/repo.git` alone, worktrees beside it (`git -C repo.git worktree add ../repo-main main`).
// Every command works from any linked worktree; the bare repository is never a worktree; inside
// it cwt says where to go instead.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fastPath } from "../../src/cli-path.ts";
import { makeFakeClaude } from "../helpers/fake-claude.ts";
import { makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { type CliResult, runCli } from "../helpers/run-cli.ts";

interface BareFixture {
  readonly src: TestRepo;
  /** The bare repository (git's common dir). */
  readonly bare: string;
  /** The folder that holds it. */
  readonly home: string;
  /** The linked worktree on main, and one on feat-x. */
  readonly main: string;
  readonly featX: string;
  readonly env: Record<string, string>;
  cwt(argv: string[], cwd: string, env?: Record<string, string>): Promise<CliResult>;
  git(args: string[], cwd?: string): Promise<string>;
}

async function fixture(layout: "a" | "b"): Promise<BareFixture> {
  const src = await makeRepo({ "README.md": "# app\n", "src/app.ts": "export {};\n" });
  const home = layout === "a" ? path.join(tempDir(), "project") : path.join(tempDir(), "src");
  mkdirSync(home);
  const bare = path.join(home, layout === "a" ? ".bare" : "repo.git");
  await src.git(["clone", "-q", "--bare", src.root, bare]);
  const [main, featX] = layout === "a" ? [path.join(home, "main"), path.join(home, "feat-x")] : [path.join(home, "repo-main"), path.join(home, "repo-feat-x")];
  if (layout === "a") writeFileSync(path.join(home, ".git"), "gitdir: ./.bare\n");
  await src.git(["worktree", "add", "-q", main, "main"], bare);
  await src.git(["worktree", "add", "-q", "-b", "feat-x", featX], bare);
  const env = src.env;
  return {
    src,
    bare,
    home,
    main,
    featX,
    env,
    cwt: (argv, cwd, extra = {}) => runCli(argv, { cwd, env: { ...env, ...extra }, now: new Date() }),
    git: (args, cwd = bare) => src.git(args, cwd),
  };
}

interface ListedWorktree {
  readonly name: string;
  readonly path: string;
  readonly main: boolean;
  readonly branch: string | null;
  readonly base: { ref: string | null; commit: string } | null;
}

async function listJson(f: BareFixture, cwd: string): Promise<{ repository: string; worktrees: ListedWorktree[] }> {
  const r = await f.cwt(["list", "--json"], cwd);
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout);
}

async function branchExists(f: BareFixture, branch: string): Promise<boolean> {
  return (await f.src.gitResult(["show-ref", "--verify", "--quiet", `refs/heads/${branch}`], f.bare)).exitCode === 0;
}

describe("layout (a): project/.bare + project/.git, worktrees beside it", () => {
  it("new, path and list --json agree from every worktree; new worktrees sit beside main; the bare entry is never listed", async () => {
    const f = await fixture("a");
    const made = await f.cwt(["new", "T-1"], f.main);
    expect(made.stderr).toContain("from main");
    expect(made.exitCode).toBe(0);
    expect(made.stdout).toBe(`${path.join(f.home, "T-1")}\n`);
    // From the other worktree, the new one and from a subfolder: the same root, the same answers.
    const made2 = await f.cwt(["new", "T-2"], path.join(f.featX, "src"));
    expect(made2.stdout).toBe(`${path.join(f.home, "T-2")}\n`);
    for (const cwd of [f.main, f.featX, path.join(f.home, "T-1"), path.join(f.featX, "src")]) {
      expect((await f.cwt(["path", "T-1"], cwd)).stdout).toBe(`${path.join(f.home, "T-1")}\n`);
      expect((await f.cwt(["path", "feat-x"], cwd)).stdout).toBe(`${f.featX}\n`);
      const listed = await listJson(f, cwd);
      expect(listed.repository).toBe(f.bare);
      expect(listed.worktrees.map((w) => w.path).sort()).toEqual([f.featX, f.main, path.join(f.home, "T-1"), path.join(f.home, "T-2")].sort());
      expect(listed.worktrees.some((w) => w.main)).toBe(false);
    }
    // Branched from the bare repository's HEAD (main), whichever worktree ran `new` (feat-x's HEAD is elsewhere).
    await f.src.commit("on feat-x", { "x.txt": "x\n" }, f.featX);
    const made3 = await f.cwt(["new", "T-3"], f.featX);
    expect(made3.stderr).toContain("from main");
    expect(await f.git(["rev-parse", "worktree-T-3"])).toBe(await f.git(["rev-parse", "main"]));
    // The plain table too: no bare entry, no main checkout.
    const table = await f.cwt(["list"], f.featX);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).not.toContain(".bare");
  });

  it("a relative worktreeRoot and {repo} resolve against project/ from every worktree; the team file is read in the worktree cwt runs in", async () => {
    const f = await fixture("a");
    const configDir = path.join(f.env.XDG_CONFIG_HOME ?? "", "cwt");
    mkdirSync(configDir, { recursive: true });
    writeFileSync(path.join(configDir, "config.json"), JSON.stringify({ worktreeRoot: "wt", folderTemplate: "{repo}-{ticket}" }));
    expect((await f.cwt(["new", "A"], f.main)).stdout).toBe(`${path.join(f.home, "wt", "project-A")}\n`);
    expect((await f.cwt(["new", "B"], f.featX)).stdout).toBe(`${path.join(f.home, "wt", "project-B")}\n`);
    expect((await f.cwt(["path", "A"], f.featX)).stdout).toBe(`${path.join(f.home, "wt", "project-A")}\n`);
    // feat-x's own cwt.config.json applies when cwt runs there (there is no main checkout to read it from).
    writeFileSync(path.join(f.featX, "cwt.config.json"), JSON.stringify({ branchTemplate: "team/{ticket}" }));
    await f.cwt(["new", "C"], f.featX);
    await f.cwt(["new", "D"], f.main);
    expect(await branchExists(f, "team/C")).toBe(true);
    expect(await branchExists(f, "worktree-D")).toBe(true);
  });

  it(".worktreeinclude and the files it copies come from the worktree cwt runs in", async () => {
    const f = await fixture("a");
    for (const wt of [f.main, f.featX]) {
      writeFileSync(path.join(wt, ".gitignore"), ".env\n");
      writeFileSync(path.join(wt, ".env"), `FROM=${path.basename(wt)}\n`);
    }
    writeFileSync(path.join(f.featX, ".worktreeinclude"), ".env\n");
    const fromFeat = (await f.cwt(["new", "T-1"], f.featX)).stdout.trim();
    const fromMain = (await f.cwt(["new", "T-2"], f.main)).stdout.trim();
    expect(readFileSync(path.join(fromFeat, ".env"), "utf8")).toBe("FROM=feat-x\n");
    expect(existsSync(path.join(fromMain, ".env"))).toBe(false);
  });

  it("rm refuses a dirty worktree with every file byte for byte intact, removes a clean one, never the bare repository", async () => {
    const f = await fixture("a");
    const wt = (await f.cwt(["new", "T-1"], f.main)).stdout.trim();
    writeFileSync(path.join(wt, "README.md"), "# changed\n");
    writeFileSync(path.join(wt, "notes.bin"), Buffer.from([0, 1, 2, 255]));
    const before = { readme: readFileSync(path.join(wt, "README.md")), notes: readFileSync(path.join(wt, "notes.bin")) };
    const refused = await f.cwt(["rm", "T-1"], f.featX);
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toContain("refusing to remove T-1: it has 1 modified and 1 untracked file");
    expect(readFileSync(path.join(wt, "README.md")).equals(before.readme)).toBe(true);
    expect(readFileSync(path.join(wt, "notes.bin")).equals(before.notes)).toBe(true);
    expect(await f.git(["worktree", "list", "--porcelain"])).toContain(`worktree ${wt}\n`);

    const clean = (await f.cwt(["new", "T-2"], f.main)).stdout.trim();
    const removed = await f.cwt(["rm", "T-2"], f.featX);
    expect(removed.exitCode).toBe(0);
    expect(existsSync(clean)).toBe(false);
    expect(await branchExists(f, "worktree-T-2")).toBe(false);

    // The bare repository is no worktree: nothing names it, by path or by name.
    for (const name of [f.bare, ".bare", "project"]) {
      const r = await f.cwt(["rm", name, "--force"], f.main);
      expect(r.exitCode).not.toBe(0);
    }
    expect(existsSync(path.join(f.bare, "HEAD"))).toBe(true);
  });

  it("the worktree on the repository's HEAD branch is an ordinary worktree, but its branch is never deleted as 'merged'", async () => {
    const f = await fixture("a");
    const listed = await listJson(f, f.featX);
    expect(listed.worktrees.find((w) => w.path === f.main)?.base).toBeNull();
    const pruned = await f.cwt(["prune", "--merged", "--dry-run", "--json"], f.featX);
    expect(pruned.exitCode).toBe(0);
    expect(pruned.stdout).not.toContain(f.main);
    const r = await f.cwt(["rm", "main"], f.featX);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("kept branch main");
    expect(existsSync(f.main)).toBe(false);
    expect(await branchExists(f, "main")).toBe(true);
    expect(await f.git(["symbolic-ref", "HEAD"])).toBe("refs/heads/main");
  });

  it("prune --orphans never looks into project/: not at .bare, not at the user's own folders", async () => {
    const f = await fixture("a");
    await f.cwt(["new", "T-1"], f.main);
    mkdirSync(path.join(f.home, "empty"));
    mkdirSync(path.join(f.home, "notes"));
    writeFileSync(path.join(f.home, "notes", "todo.txt"), "mine\n");
    // Claude Code's own folder inside a worktree is still swept.
    mkdirSync(path.join(f.featX, ".claude", "worktrees", "leftover"), { recursive: true });
    const r = await f.cwt(["prune", "--orphans", "--force", "--yes", "--json"], f.main);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as { removed: { path: string }[]; kept: { path: string }[] };
    expect(report.removed.map((c) => c.path)).toEqual([path.join(f.featX, ".claude", "worktrees", "leftover")]);
    expect(report.kept).toEqual([]);
    for (const kept of [".bare/HEAD", "empty", "notes/todo.txt", "T-1/README.md", "main/README.md"]) expect(existsSync(path.join(f.home, kept))).toBe(true);
    const doctor = await f.cwt(["doctor", "--json"], f.featX);
    expect(doctor.stdout).not.toContain('"orphan-folder"');
  });

  it("prune removes merged and clean worktrees from a linked worktree", async () => {
    const f = await fixture("a");
    const wt = (await f.cwt(["new", "T-1"], f.main)).stdout.trim();
    await f.src.commit("work", { "w.txt": "w\n" }, wt);
    await f.git(["merge", "-q", "--no-ff", "-m", "merge", "worktree-T-1"], f.main);
    const r = await f.cwt(["prune", "--merged", "--yes"], f.featX);
    expect(r.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
    expect(await branchExists(f, "worktree-T-1")).toBe(false);
    expect(existsSync(f.main)).toBe(true);
    expect(existsSync(f.featX)).toBe(true);
  });

  it("doctor and policy run from a linked worktree, and report no main checkout", async () => {
    const f = await fixture("a");
    await f.cwt(["new", "T-1"], f.main);
    const doctor = await f.cwt(["doctor", "--json"], f.featX);
    expect(doctor.stderr).toBe("");
    const report = JSON.parse(doctor.stdout) as { repository: string; worktrees: { worktree: string; main: boolean }[] };
    expect(report.repository).toBe(f.bare);
    expect(report.worktrees.map((w) => w.worktree).sort()).toEqual([f.featX, f.main, path.join(f.home, "T-1")].sort());
    expect(report.worktrees.some((w) => w.main)).toBe(false);
    const policy = await f.cwt(["policy", "check", "--json"], f.featX);
    expect(policy.exitCode).toBe(0);
    expect(JSON.parse(policy.stdout).worktree).toBe(f.featX);
    const other = await f.cwt(["policy", "check", "--worktree", "T-1", "--json"], f.featX);
    expect(JSON.parse(other.stdout).worktree).toBe(path.join(f.home, "T-1"));
  });

  it("launch starts Claude Code in the worktree, from another worktree", async () => {
    const f = await fixture("a");
    await f.cwt(["new", "T-1"], f.main);
    const fake = makeFakeClaude();
    const env = { ...fake.env(), PATH: `${fake.bin}${path.delimiter}${f.env.PATH}` };
    const r = await f.cwt(["launch", "T-1"], f.featX, env);
    expect(r.exitCode).toBe(0);
    expect(fake.read()?.cwd).toBe(path.join(f.home, "T-1"));
    // With no ticket, in a linked worktree: that worktree (there is no main checkout to refuse).
    expect((await f.cwt(["launch"], f.featX, env)).exitCode).toBe(0);
    expect(fake.read()?.cwd).toBe(f.featX);
  });

  it("Claude Code's WorktreeCreate/WorktreeRemove hooks, with the session in a linked worktree", async () => {
    const f = await fixture("a");
    const create = JSON.stringify({ session_id: "s-1", cwd: f.main, hook_event_name: "WorktreeCreate", name: "bright-fox" });
    const made = await runCli(["claude", "worktree-create"], { cwd: f.main, env: f.env, stdin: create, now: new Date() });
    expect(made.exitCode).toBe(0);
    const wt = made.stdout.trim();
    expect(wt).toBe(path.join(f.home, "bright-fox"));
    // Claude Code's hook input `cwd` follows the session into the worktree it is removing.
    const remove = JSON.stringify({ session_id: "s-1", cwd: wt, hook_event_name: "WorktreeRemove", worktree_path: wt });
    const removed = await runCli(["claude", "worktree-remove"], { cwd: wt, env: f.env, stdin: remove, now: new Date() });
    expect(removed.stderr).toContain("removed");
    expect(removed.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
    // The bare repository itself is never removed through the hook.
    const bareRemove = JSON.stringify({ session_id: "s-1", cwd: f.main, hook_event_name: "WorktreeRemove", worktree_path: f.bare });
    const refused = await runCli(["claude", "worktree-remove"], { cwd: f.main, env: f.env, stdin: bareRemove, now: new Date() });
    expect(refused.exitCode).toBe(3);
    expect(existsSync(path.join(f.bare, "HEAD"))).toBe(true);
  });

  it("inside the bare repository or project/ itself: one line, exit 1, naming a worktree to go to; nothing changed", async () => {
    const f = await fixture("a");
    for (const cwd of [f.bare, f.home, path.join(f.bare, "refs")]) {
      for (const argv of [["list"], ["new", "T-9"], ["path", "feat-x"]]) {
        const r = await f.cwt(argv, cwd);
        expect(r.exitCode).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toBe(`cwt: ${f.bare} is a bare repository (no files of its own) and ${cwd} is in none of its worktrees: run cwt from one of them\nhint: cd ${f.main}\n`);
      }
    }
    expect(await branchExists(f, "worktree-T-9")).toBe(false);
    expect(existsSync(path.join(f.home, "T-9"))).toBe(false);
  });

  it("cwt path's fast answer steps aside (the full command answers)", async () => {
    const f = await fixture("a");
    await f.cwt(["new", "T-1"], f.main);
    expect(fastPath("T-1", f.main, f.env)).toBeUndefined();
    expect(fastPath("T-1", f.home, f.env)).toBeUndefined();
  });

  it("a bare repository named project/.git, even holding an index, is no main checkout to the fast answer", async () => {
    const src = await makeRepo();
    const project = path.join(tempDir(), "project");
    mkdirSync(project);
    await src.git(["clone", "-q", "--bare", src.root, path.join(project, ".git")]);
    await src.git(["worktree", "add", "-q", "main", "main"], project);
    const main = path.join(project, "main");
    const made = await runCli(["new", "T-1"], { cwd: main, env: src.env });
    expect(made.stdout).toBe(`${path.join(project, "T-1")}\n`);
    // A worktree where a main checkout's default root would be: the fast answer must not pick it.
    await src.git(["worktree", "add", "-q", "-b", "other", path.join(project, ".claude", "worktrees", "T-1")], project);
    writeFileSync(path.join(project, ".git", "index"), "");
    expect(fastPath("T-1", main, src.env)).toBeUndefined();
    expect((await runCli(["path", "T-1"], { cwd: main, env: src.env })).stdout).toBe(`${path.join(project, "T-1")}\n`);
  });

  it("the edit guard: own worktree allowed; another worktree and the bare repository denied", async () => {
    const f = await fixture("a");
    const guard = (file: string) =>
      runCli(["claude", "guard"], {
        cwd: f.main,
        env: f.env,
        stdin: JSON.stringify({ session_id: "s", cwd: f.main, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: file, content: "x" } }),
      });
    expect(await guard(path.join(f.main, "src", "new.ts"))).toEqual({ exitCode: 0, stdout: "", stderr: "" });
    for (const denied of [path.join(f.featX, "src", "app.ts"), path.join(f.bare, "hooks", "pre-commit"), path.join(f.home, ".git")]) {
      const r = await guard(denied);
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    }
  });
});

describe("layout (b): ~/src/repo.git with worktrees beside it", () => {
  it("new goes to ~/src/repo.worktrees/ from every worktree; list, path, rm, prune and doctor work", async () => {
    const f = await fixture("b");
    const root = path.join(f.home, "repo.worktrees");
    expect((await f.cwt(["new", "T-1"], f.main)).stdout).toBe(`${path.join(root, "T-1")}\n`);
    expect((await f.cwt(["new", "T-2"], f.featX)).stdout).toBe(`${path.join(root, "T-2")}\n`);
    for (const cwd of [f.main, f.featX, path.join(root, "T-1")]) {
      expect((await f.cwt(["path", "T-2"], cwd)).stdout).toBe(`${path.join(root, "T-2")}\n`);
      const listed = await listJson(f, cwd);
      expect(listed.repository).toBe(f.bare);
      expect(listed.worktrees.map((w) => w.path).sort()).toEqual([f.featX, f.main, path.join(root, "T-1"), path.join(root, "T-2")].sort());
    }
    // A sibling repository and the user's folders in ~/src are nobody's orphans.
    mkdirSync(path.join(f.home, "other"));
    mkdirSync(path.join(root, "stray"));
    const pruned = await f.cwt(["prune", "--orphans", "--dry-run", "--json"], f.main);
    expect(pruned.exitCode).toBe(0);
    expect((JSON.parse(pruned.stdout) as { planned: { path: string }[] }).planned.map((c) => c.path)).toEqual([path.join(root, "stray")]);
    expect(existsSync(path.join(f.home, "other"))).toBe(true);
    expect((await f.cwt(["rm", "T-1"], f.featX)).exitCode).toBe(0);
    expect(existsSync(path.join(root, "T-1"))).toBe(false);
    const doctor = await f.cwt(["doctor", "--json"], path.join(root, "T-2"));
    expect(JSON.parse(doctor.stdout).repository).toBe(f.bare);
  });

  it("a relative worktreeRoot resolves against ~/src, the folder holding repo.git", async () => {
    const f = await fixture("b");
    writeFileSync(path.join(f.main, "cwt.config.json"), JSON.stringify({ worktreeRoot: "repo-wt" }));
    expect((await f.cwt(["new", "T-1"], path.join(f.main, "src"))).stdout).toBe(`${path.join(f.home, "repo-wt", "T-1")}\n`);
  });

  it("inside repo.git: exit 1 and the worktree to go to", async () => {
    const f = await fixture("b");
    const r = await f.cwt(["list"], f.bare);
    expect(r).toEqual({ exitCode: 1, stdout: "", stderr: `cwt: ${f.bare} is a bare repository (no files of its own) and ${f.bare} is in none of its worktrees: run cwt from one of them\nhint: cd ${f.main}\n` });
  });
});

describe("a linked worktree on the default base itself (the same rule, with a main checkout)", () => {
  it("is compared with nothing: not 'merged', its branch kept by rm and never planned by prune --merged", async () => {
    const repo = await makeRepo();
    await repo.git(["branch", "develop"]);
    writeFileSync(path.join(repo.root, "cwt.config.json"), JSON.stringify({ defaultBase: "develop" }));
    const dev = path.join(tempDir(), "dev");
    await repo.git(["worktree", "add", "-q", dev, "develop"]);
    const cwt = (argv: string[]) => runCli(argv, { cwd: repo.root, env: repo.env, now: new Date() });
    expect((await cwt(["prune", "--merged", "--dry-run", "--json"])).stdout).not.toContain(dev);
    const r = await cwt(["rm", "dev"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("kept branch develop");
    expect(await repo.git(["branch", "--list", "develop"])).toContain("develop");
  });
});

describe("bare repository: post-create approvals", () => {
  it("one approval serves every worktree of the repository, whichever cwt runs from", async () => {
    const f = await fixture("a");
    const config = JSON.stringify({ postCreate: [["node", "-e", "require('fs').writeFileSync('ran.txt', 'yes')"]] });
    // The team's file is committed on both branches the worktrees stand on.
    for (const wt of [f.main, f.featX]) {
      writeFileSync(path.join(wt, "cwt.config.json"), config);
      await f.git(["add", "cwt.config.json"], wt);
      await f.git(["commit", "-q", "-m", "postCreate"], wt);
    }
    const approved = await f.cwt(["new", "T-1", "--yes"], f.main);
    expect(approved.exitCode).toBe(0);
    expect(readFileSync(path.join(approved.stdout.trim(), "ran.txt"), "utf8")).toBe("yes");
    // From the other worktree, with no terminal and no --yes: the same list is already approved.
    const again = await f.cwt(["new", "T-2"], f.featX);
    expect(again.exitCode).toBe(0);
    expect(readFileSync(path.join(again.stdout.trim(), "ran.txt"), "utf8")).toBe("yes");
  });
});
