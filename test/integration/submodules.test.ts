// Worktrees with submodules (and a nested one): git demands --force to remove them, and --force
// deletes the submodules' own repositories with the worktree. cwt gives it only when every
// submodule is proven to hold nothing that exists nowhere else; otherwise it keeps the worktree,
// naming the submodule and what is at stake.
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.ts";
import { makeSuperproject, type Superproject } from "../helpers/submodules.ts";
import { treeHash } from "../helpers/tree-hash.ts";

const cwt = (sp: Superproject, argv: string[]) => runCli(argv, { cwd: sp.repo.root, env: sp.repo.env, now: new Date() });

function adminDirOf(wt: string): string {
  return path.resolve(wt, readFileSync(path.join(wt, ".git"), "utf8").trim().slice("gitdir: ".length));
}

/** A worktree T-1, its submodules filled by cwt new. */
async function worktree(sp: Superproject): Promise<string> {
  const r = await cwt(sp, ["new", "T-1"]);
  expect(r.exitCode).toBe(0);
  expect(r.stderr).toContain("filled submodules vendor/lib, vendor/lib/nested");
  return r.stdout.trim();
}

async function commitIn(sp: Superproject, dir: string, file: string): Promise<void> {
  writeFileSync(path.join(dir, file), `${file}\n`);
  await sp.git(["add", file], dir);
  await sp.git(["commit", "-q", "-m", `add ${file}`], dir);
}

/** Records the submodules' new commits in the superproject and pushes its branch: the worktree itself is then clean and pushed. */
async function recordAndPush(sp: Superproject, wt: string): Promise<void> {
  await sp.git(["add", "-A"], wt);
  await sp.git(["commit", "-q", "--allow-empty", "-m", "record submodules"], wt);
  await sp.git(["push", "-q", "origin", "HEAD:refs/heads/worktree-T-1"], wt);
}

interface Scenario {
  readonly state: string;
  readonly make: (sp: Superproject, wt: string) => Promise<void>;
  /** null: removed. Otherwise what the refusal must say. */
  readonly kept: RegExp | null;
}

const lib = (wt: string) => path.join(wt, "vendor", "lib");
const nested = (wt: string) => path.join(wt, "vendor", "lib", "nested");

const scenarios: Scenario[] = [
  { state: "clean, submodules at the recorded commits", make: async () => {}, kept: null },
  {
    state: "a modified file in the submodule",
    make: async (_sp, wt) => writeFileSync(path.join(lib(wt), "lib.txt"), "changed\n"),
    kept: /vendor\/lib: 1 modified file/,
  },
  {
    state: "an untracked file in the nested submodule",
    make: async (_sp, wt) => writeFileSync(path.join(nested(wt), "notes.txt"), "mine\n"),
    kept: /vendor\/lib\/nested: 1 untracked file/,
  },
  {
    state: "a commit in the submodule on no remote",
    make: async (sp, wt) => {
      await commitIn(sp, lib(wt), "a.txt");
      await commitIn(sp, lib(wt), "b.txt");
      await recordAndPush(sp, wt);
    },
    kept: /vendor\/lib: 2 commits on no remote and not in the main checkout's copy/,
  },
  {
    state: "a commit in the nested submodule on no remote",
    make: async (sp, wt) => {
      await commitIn(sp, nested(wt), "n2.txt");
      await sp.git(["add", "-A"], lib(wt));
      await sp.git(["commit", "-q", "-m", "record nested"], lib(wt));
      await sp.git(["push", "-q", "origin", "HEAD:refs/heads/record-nested"], lib(wt));
      await recordAndPush(sp, wt);
    },
    kept: /vendor\/lib\/nested: 1 commit on no remote/,
  },
  {
    state: "a stash in the submodule",
    make: async (sp, wt) => {
      writeFileSync(path.join(lib(wt), "lib.txt"), "stashed\n");
      await sp.git(["stash", "-q"], lib(wt));
    },
    kept: /vendor\/lib: 2 commits on no remote/,
  },
  {
    state: "two stashes in the submodule (the older one lives only in the stash's reflog)",
    make: async (sp, wt) => {
      for (const text of ["first\n", "second\n"]) {
        writeFileSync(path.join(lib(wt), "lib.txt"), text);
        await sp.git(["stash", "-q"], lib(wt));
      }
    },
    // Each stash is 2 commits; with the tests' fixed clock both index commits are the same commit.
    // refs/stash alone would show 2: the older stash counts only through the stash's reflog.
    kept: /vendor\/lib: 3 commits on no remote/,
  },
  {
    state: "a commit in the submodule pushed to its remote",
    make: async (sp, wt) => {
      await commitIn(sp, lib(wt), "a.txt");
      await sp.git(["push", "-q", "origin", "HEAD:refs/heads/feature"], lib(wt));
      await recordAndPush(sp, wt);
    },
    kept: null,
  },
  {
    state: "a commit in the submodule that the main checkout's copy has",
    make: async (sp, wt) => {
      const mainLib = path.join(sp.repo.root, "vendor", "lib");
      await commitIn(sp, mainLib, "shared.txt");
      await sp.git(["fetch", "-q", mainLib, "HEAD"], lib(wt));
      await sp.git(["checkout", "-q", "FETCH_HEAD"], lib(wt));
      await recordAndPush(sp, wt);
    },
    kept: null,
  },
];

describe("cwt rm: a worktree with submodules", () => {
  it.each(scenarios)("$state", async ({ make, kept }) => {
    const sp = await makeSuperproject();
    const wt = await worktree(sp);
    await make(sp, wt);
    const modules = path.join(adminDirOf(wt), "modules");
    const [files, data] = [treeHash(wt), treeHash(modules)];
    const r = await cwt(sp, ["rm", "T-1"]);
    if (kept === null) {
      expect(r.stderr).toContain("removed worktree T-1");
      expect(r.exitCode).toBe(0);
      expect(existsSync(wt)).toBe(false);
      expect(existsSync(modules)).toBe(false);
    } else {
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(kept);
      expect(r.stderr).toContain("--force");
      expect(treeHash(wt)).toBe(files);
      expect(treeHash(modules)).toBe(data);
    }
  });

  it("--force removes it anyway and says what it discarded", async () => {
    const sp = await makeSuperproject();
    const wt = await worktree(sp);
    await commitIn(sp, lib(wt), "a.txt");
    await recordAndPush(sp, wt);
    const r = await cwt(sp, ["rm", "T-1", "--force"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/--force: removing although vendor\/lib: 1 commit on no remote/);
    expect(existsSync(wt)).toBe(false);
  });

  it("--dry-run names the submodule and removes nothing", async () => {
    const sp = await makeSuperproject();
    const wt = await worktree(sp);
    writeFileSync(path.join(nested(wt), "notes.txt"), "mine\n");
    const r = await cwt(sp, ["rm", "T-1", "--dry-run"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/vendor\/lib\/nested: 1 untracked file/);
    expect(existsSync(path.join(nested(wt), "notes.txt"))).toBe(true);
  });

  it("a submodule's repository left without a checkout (deinit) still counts", async () => {
    const sp = await makeSuperproject();
    const wt = await worktree(sp);
    await commitIn(sp, lib(wt), "a.txt");
    await sp.git(["-C", wt, "submodule", "deinit", "-q", "--force", "vendor/lib"]);
    const r = await cwt(sp, ["rm", "T-1"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/vendor\/lib \(git data, not checked out\): 1 commit on no remote/);
    expect(existsSync(path.join(adminDirOf(wt), "modules", "vendor", "lib"))).toBe(true);
  });

  it("a repository nested in the worktree by hand (its history inside the worktree) is judged too", async () => {
    const sp = await makeSuperproject();
    const wt = (await cwt(sp, ["new", "T-1"])).stdout.trim();
    const inner = path.join(wt, "inner");
    await sp.repo.git(["init", "-q", "-b", "main", inner]);
    await commitIn(sp, inner, "only-here.txt");
    await sp.git(["add", "inner"], wt);
    await recordAndPush(sp, wt);
    const hash = treeHash(wt);
    const r = await cwt(sp, ["rm", "T-1"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/inner: 1 commit on no remote/);
    expect(treeHash(wt)).toBe(hash);
  });
});

describe("cwt prune and the Claude Code remove hook: a worktree with submodules", () => {
  it("prune removes the clean one and keeps the one whose submodule holds work", async () => {
    const sp = await makeSuperproject();
    const clean = (await cwt(sp, ["new", "T-1"])).stdout.trim();
    const dirty = (await cwt(sp, ["new", "T-2"])).stdout.trim();
    writeFileSync(path.join(lib(dirty), "lib.txt"), "changed\n");
    const hash = treeHash(dirty);
    const r = await cwt(sp, ["prune", "--stale", "0d", "--yes", "--json"]);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.removed.map((c: { name: string }) => c.name)).toEqual(["T-1"]);
    const keptOne = out.kept.find((c: { name: string }) => c.name === "T-2");
    expect(keptOne.reasons.map((k: { message: string }) => k.message).join("; ")).toMatch(/vendor\/lib: 1 modified file/);
    expect(existsSync(clean)).toBe(false);
    expect(treeHash(dirty)).toBe(hash);
  });

  it("the remove hook keeps a worktree whose nested submodule has an unpushed commit, and removes a clean one", async () => {
    const sp = await makeSuperproject();
    const wt = await worktree(sp);
    await commitIn(sp, nested(wt), "n2.txt");
    const payload = (p: string) => JSON.stringify({ session_id: "s", transcript_path: "/dev/null", cwd: sp.repo.root, hook_event_name: "WorktreeRemove", worktree_path: p });
    const hash = treeHash(wt);
    const kept = await runCli(["claude", "worktree-remove"], { cwd: sp.repo.root, env: sp.repo.env, stdin: payload(wt), now: new Date() });
    expect(kept.exitCode).toBe(3);
    expect(kept.stderr).toMatch(/vendor\/lib\/nested: 1 commit on no remote/);
    expect(treeHash(wt)).toBe(hash);
    await sp.git(["push", "-q", "origin", "HEAD:refs/heads/n2"], nested(wt));
    await sp.git(["add", "-A"], lib(wt));
    await sp.git(["commit", "-q", "-m", "record nested"], lib(wt));
    await sp.git(["push", "-q", "origin", "HEAD:refs/heads/record-nested"], lib(wt));
    await recordAndPush(sp, wt);
    const removed = await runCli(["claude", "worktree-remove"], { cwd: sp.repo.root, env: sp.repo.env, stdin: payload(wt), now: new Date() });
    expect(removed.stderr).toContain("removed worktree T-1");
    expect(removed.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });
});

describe("cwt new: submodules filled from the main checkout's copies", () => {
  it("fills the submodule and the nested one without reaching their remotes, pointed back at them", async () => {
    const sp = await makeSuperproject();
    // The remotes are gone: anything fetched from them would fail.
    for (const r of [sp.remotes.lib, sp.remotes.nested]) renameSync(r, `${r}.away`);
    const r = await cwt(sp, ["new", "T-1", "--json"]);
    expect(r.exitCode).toBe(0);
    const wt = JSON.parse(r.stdout).path;
    expect(JSON.parse(r.stdout).submodules).toEqual({ filled: ["vendor/lib", "vendor/lib/nested"], notFilled: [] });
    expect(readFileSync(path.join(lib(wt), "lib.txt"), "utf8")).toBe("lib\n");
    expect(readFileSync(path.join(nested(wt), "n.txt"), "utf8")).toBe("nested\n");
    expect(await sp.git(["status", "--porcelain"], wt)).toBe("");
    // It looks as if cloned from its real remote: that URL, that remote's branches, nothing else.
    expect(await sp.git(["remote", "get-url", "origin"], lib(wt))).toBe(sp.remotes.lib);
    expect(await sp.git(["for-each-ref", "--format=%(refname)", "refs/remotes/"], lib(wt))).toBe(await sp.git(["for-each-ref", "--format=%(refname)", "refs/remotes/"], path.join(sp.repo.root, "vendor", "lib")));
    expect(await sp.git(["remote", "get-url", "origin"], nested(wt))).toBe(sp.remotes.nested);
    // Its git data lives under the worktree's own admin folder, as git's own submodule update puts it.
    expect(readdirSync(path.join(adminDirOf(wt), "modules", "vendor", "lib", "modules"))).toEqual(["nested"]);
  });

  it("--no-submodules and fillSubmodules: false leave them empty", async () => {
    const sp = await makeSuperproject();
    const r = await cwt(sp, ["new", "T-1", "--no-submodules"]);
    expect(r.exitCode).toBe(0);
    expect(readdirSync(lib(r.stdout.trim()))).toEqual([]);
    expect(r.stderr).not.toContain("submodule");
    writeFileSync(path.join(sp.repo.root, "cwt.config.json"), JSON.stringify({ fillSubmodules: false }));
    const r2 = await cwt(sp, ["new", "T-2"]);
    expect(r2.exitCode).toBe(0);
    expect(readdirSync(lib(r2.stdout.trim()))).toEqual([]);
  });

  it("names a submodule the main checkout has not initialised, and still makes the worktree", async () => {
    const sp = await makeSuperproject();
    await sp.git(["submodule", "deinit", "-q", "--force", "--all"]);
    await sp.repo.git(["-C", sp.repo.root, "rm", "-q", "--cached", "--ignore-unmatch", "nothing"]);
    const { rmSync } = await import("node:fs");
    rmSync(path.join(sp.repo.root, ".git", "modules"), { recursive: true });
    const r = await cwt(sp, ["new", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("submodule not filled vendor/lib: the main checkout has not initialised it, and cwt does not fetch");
    expect(readdirSync(lib(r.stdout.trim()))).toEqual([]);
  });

  it("names a submodule whose recorded commit the main checkout's copy lacks", async () => {
    const sp = await makeSuperproject();
    // A commit only the remote has, recorded on a branch the main checkout's copy never fetched.
    const other = path.join(path.dirname(sp.remotes.lib), "lib-other");
    await sp.git(["clone", "-q", sp.remotes.lib, other]);
    await commitIn(sp, other, "remote-only.txt");
    await sp.git(["push", "-q", "origin", "HEAD:refs/heads/main"], other);
    const remoteOnly = await sp.git(["rev-parse", "HEAD"], other);
    await sp.git(["update-index", "--cacheinfo", `160000,${remoteOnly},vendor/lib`]);
    await sp.git(["commit", "-q", "-m", "bump vendor/lib"]);
    await sp.git(["checkout", "-q", "-b", "bumped"]);
    await sp.git(["checkout", "-q", "main"]);
    await sp.git(["reset", "-q", "--hard", "HEAD~1"]);
    const r = await cwt(sp, ["new", "T-1", "--base", "bumped"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/submodule not filled vendor\/lib: the main checkout's copy could not fill it \(git: .+\)/);
  });
});

describe("submodules and sparse worktrees", () => {
  it("a submodule outside the sparse folders is left out, and one inside is filled", async () => {
    const sp = await makeSuperproject();
    await sp.repo.commit("docs", { "docs/a.md": "a\n" });
    writeFileSync(path.join(sp.repo.root, "cwt.config.json"), JSON.stringify({ sparsePaths: ["docs"] }));
    const outside = await cwt(sp, ["new", "T-1", "--json"]);
    expect(outside.exitCode).toBe(0);
    expect(outside.stderr).not.toContain("submodule");
    expect(JSON.parse(outside.stdout).submodules).toEqual({ filled: [], notFilled: [] });
    const wt = JSON.parse(outside.stdout).path;
    expect(existsSync(path.join(wt, "docs", "a.md"))).toBe(true);
    expect(existsSync(path.join(lib(wt), "lib.txt"))).toBe(false);
    writeFileSync(path.join(sp.repo.root, "cwt.config.json"), JSON.stringify({ sparsePaths: ["vendor"] }));
    const inside = await cwt(sp, ["new", "T-2", "--json"]);
    expect(inside.exitCode).toBe(0);
    expect(JSON.parse(inside.stdout).submodules.filled).toEqual(["vendor/lib", "vendor/lib/nested"]);
  });
});

describe("cwt new: an untrusted .gitmodules", () => {
  it.each([
    [".", "the superproject itself"],
    ["vendor/../vendor/lib", "a path with .."],
    ["docs", "a folder that is not a submodule in the index"],
  ])("an entry with path %s (%s) is named, not run, and the repository's own remote is untouched", async (bad) => {
    const sp = await makeSuperproject();
    await sp.repo.commit("docs", { "docs/a.md": "a\n" });
    const gitmodules = readFileSync(path.join(sp.repo.root, ".gitmodules"), "utf8");
    writeFileSync(path.join(sp.repo.root, ".gitmodules"), `${gitmodules}[submodule "evil"]\n\tpath = ${bad}\n\turl = ${sp.remotes.lib}\n`);
    await sp.repo.commit("evil entry");
    // The main checkout's copy exists under that name, so only the checks stop it.
    await sp.git(["clone", "-q", "--bare", sp.remotes.lib, path.join(sp.repo.root, ".git", "modules", "evil")]);
    const origin = await sp.git(["remote", "get-url", "origin"]);
    const refs = await sp.git(["for-each-ref", "--format=%(refname) %(objectname)", "refs/remotes/"]);
    const r = await cwt(sp, ["new", "T-1", "--json"]);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).submodules.notFilled).toEqual([{ path: bad, reason: "its entry in .gitmodules is not a submodule path and name cwt will use" }]);
    expect(JSON.parse(r.stdout).submodules.filled).toEqual(["vendor/lib", "vendor/lib/nested"]);
    expect(await sp.git(["remote", "get-url", "origin"])).toBe(origin);
    expect(await sp.git(["for-each-ref", "--format=%(refname) %(objectname)", "refs/remotes/"])).toBe(refs);
    expect(await sp.git(["config", "--get-regexp", "^submodule\\.evil\\."]).catch(() => "")).toBe("");
  });
});
