// What a removal deletes that git status does not show (issues #26, #28): every state is tried
// with a plain `cwt rm` and with `cwt prune --stale 0d --merged --yes`, neither with --force. The
// work must survive, and the message must name what is kept and why.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

const DAY = 86_400_000;
const cwt = (repo: TestRepo, argv: string[], cwd = repo.root) => runCli(argv, { cwd, env: repo.env, now: new Date(Date.now() + 2 * DAY) });

async function setup(): Promise<{ repo: TestRepo; wt: string }> {
  const repo = await makeRepo({ ".gitignore": "*.local\nnotes/\nnode_modules/\nbuild/\n.env\n", "config.ini": "shared=1\n", "README.md": "# r\n" });
  const r = await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env });
  expect(r.exitCode).toBe(0);
  return { repo, wt: r.stdout.trim() };
}

interface State {
  readonly name: string;
  /** Puts the work in place; returns what must still be there afterwards. */
  readonly make: (repo: TestRepo, wt: string) => Promise<() => Promise<void>>;
  readonly code: string;
  readonly message: RegExp;
}

const STATES: readonly State[] = [
  {
    name: "an ignored file the user made (notes/design.md)",
    make: async (_repo, wt) => {
      mkdirSync(path.join(wt, "notes"));
      writeFileSync(path.join(wt, "notes", "design.md"), "only copy\n");
      return async () => expect(readFileSync(path.join(wt, "notes", "design.md"), "utf8")).toBe("only copy\n");
    },
    code: "IGNORED_WORK",
    message: /1 ignored file that cwt did not copy in would be deleted: notes\/design\.md/,
  },
  {
    name: "a repository nested in an ignored folder, with its only commit",
    make: async (repo, wt) => {
      const inner = path.join(wt, "build", "vendored");
      mkdirSync(inner, { recursive: true });
      await repo.git(["init", "-q", "-b", "main"], inner);
      const commit = await repo.commit("inner work", { "p.txt": "precious\n" }, inner);
      return async () => expect(await repo.git(["rev-parse", "HEAD"], inner)).toBe(commit);
    },
    code: "NESTED_REPOSITORY",
    message: /a git repository lies inside it, at build\/vendored/,
  },
  {
    name: "a repository nested in a disposable folder (node_modules)",
    make: async (repo, wt) => {
      const inner = path.join(wt, "node_modules", "dep");
      mkdirSync(inner, { recursive: true });
      await repo.git(["init", "-q", "-b", "main"], inner);
      const commit = await repo.commit("patched dep", { "index.js": "x\n" }, inner);
      return async () => expect(await repo.git(["rev-parse", "HEAD"], inner)).toBe(commit);
    },
    code: "NESTED_REPOSITORY",
    message: /at node_modules\/dep/,
  },
  {
    name: "a worktree of the same repository nested in an ignored folder, with uncommitted work",
    make: async (repo, wt) => {
      const inner = path.join(wt, "build", "inner");
      await repo.git(["worktree", "add", "-q", "-b", "feature-inner", inner]);
      writeFileSync(path.join(inner, "work.txt"), "uncommitted\n");
      return async () => {
        expect(readFileSync(path.join(inner, "work.txt"), "utf8")).toBe("uncommitted\n");
        expect(await repo.git(["worktree", "list", "--porcelain"])).not.toContain("prunable");
      };
    },
    code: "NESTED_WORKTREE",
    message: /another worktree of this repository lies inside it, at build\/inner \(remove or move that one first/,
  },
  {
    name: "a worktree nested under the worktree's own .claude/worktrees (hidden by cwt's exclude line)",
    make: async (repo, wt) => {
      const inner = path.join(wt, ".claude", "worktrees", "sub");
      await repo.git(["worktree", "add", "-q", "-b", "sub", inner], wt);
      writeFileSync(path.join(inner, "u.txt"), "untracked\n");
      return async () => expect(readFileSync(path.join(inner, "u.txt"), "utf8")).toBe("untracked\n");
    },
    code: "NESTED_WORKTREE",
    message: /at \.claude\/worktrees\/sub/,
  },
  {
    name: "another repository's worktree placed in an ignored folder",
    make: async (_repo, wt) => {
      const other = await makeRepo();
      const inner = path.join(wt, "notes", "otherwt");
      mkdirSync(path.dirname(inner), { recursive: true });
      await other.git(["worktree", "add", "-q", "-b", "o", inner]);
      writeFileSync(path.join(inner, "README.md"), "edited\n");
      return async () => expect(readFileSync(path.join(inner, "README.md"), "utf8")).toBe("edited\n");
    },
    code: "NESTED_REPOSITORY",
    message: /at notes\/otherwt/,
  },
  {
    name: "a tracked file edited and hidden with --assume-unchanged",
    make: async (repo, wt) => {
      writeFileSync(path.join(wt, "config.ini"), "local=1\n");
      await repo.git(["update-index", "--assume-unchanged", "config.ini"], wt);
      return async () => expect(readFileSync(path.join(wt, "config.ini"), "utf8")).toBe("local=1\n");
    },
    code: "HIDDEN_EDITS",
    message: /1 tracked file hidden from git status by --assume-unchanged or --skip-worktree differs from the index: config\.ini/,
  },
  {
    name: "a tracked file edited and hidden with --skip-worktree",
    make: async (repo, wt) => {
      await repo.git(["update-index", "--skip-worktree", "config.ini"], wt);
      writeFileSync(path.join(wt, "config.ini"), "local=2\n");
      return async () => expect(readFileSync(path.join(wt, "config.ini"), "utf8")).toBe("local=2\n");
    },
    code: "HIDDEN_EDITS",
    message: /config\.ini/,
  },
  {
    name: "a bisect in progress in a clean tree",
    make: async (repo, wt) => {
      await repo.commit("second", { "b.txt": "b\n" }, wt);
      await repo.git(["merge", "-q", "--ff-only", "worktree-T-1"]);
      await repo.git(["bisect", "start", "HEAD", "HEAD~1"], wt);
      const admin = await repo.git(["rev-parse", "--absolute-git-dir"], wt);
      return async () => expect(existsSync(path.join(admin, "BISECT_LOG"))).toBe(true);
    },
    code: "IN_PROGRESS",
    message: /a bisect is in progress there \(end it first: git bisect reset\)/,
  },
  {
    name: "a .env copy edited to the same size with its mtime set back",
    make: async (repo, wt) => {
      // the worktree is remade with .env in .worktreeinclude, so cwt copies it
      const envFile = path.join(wt, ".env");
      const before = statSync(envFile);
      writeFileSync(envFile, "SECRET=2\n");
      utimesSync(envFile, before.atime, before.mtime);
      return async () => expect(readFileSync(envFile, "utf8")).toBe("SECRET=2\n");
    },
    code: "COPIES_CHANGED",
    message: /copied in \(such as \.env\) was changed there/,
  },
];

async function withCopies(): Promise<{ repo: TestRepo; wt: string }> {
  const repo = await makeRepo({ ".gitignore": ".env\n", ".worktreeinclude": ".env\n", "README.md": "# r\n" });
  writeFileSync(path.join(repo.root, ".env"), "SECRET=1\n");
  const r = await runCli(["new", "T-1"], { cwd: repo.root, env: repo.env });
  expect(r.exitCode).toBe(0);
  return { repo, wt: r.stdout.trim() };
}

describe.each([
  ["cwt rm T-1", ["rm", "T-1"]],
  ["cwt prune --stale 0d --merged --yes", ["prune", "--stale", "0d", "--merged", "--yes"]],
])("%s without --force keeps", (_label, argv) => {
  it.each(STATES.map((s) => [s.name, s] as const))("%s", async (_name, state) => {
    const { repo, wt } = state.code === "COPIES_CHANGED" ? await withCopies() : await setup();
    const survives = await state.make(repo, wt);
    const r = await cwt(repo, [...argv]);
    if (argv[0] === "rm") {
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(state.message);
    } else {
      // the prune report is the command's data: stdout
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toMatch(/kept\s+T-1: /);
      expect(r.stdout).toMatch(state.message);
    }
    expect(existsSync(wt)).toBe(true);
    expect(await repo.git(["rev-parse", "--verify", "--quiet", "refs/heads/worktree-T-1"])).not.toBe("");
    await survives();
  });
});

describe("disposable ignored files", () => {
  it("go with the worktree, and the dry run and the report name them", async () => {
    const { repo, wt } = await setup();
    mkdirSync(path.join(wt, "node_modules", "pkg"), { recursive: true });
    writeFileSync(path.join(wt, "node_modules", "pkg", "index.js"), "x\n");
    const dry = await cwt(repo, ["rm", "T-1", "--dry-run"]);
    expect(dry.exitCode).toBe(0);
    expect(dry.stderr).toContain("would delete with it its disposable ignored files: node_modules/");
    expect(existsSync(path.join(wt, "node_modules"))).toBe(true);
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("deleted with it its disposable ignored files: node_modules/");
    expect(existsSync(wt)).toBe(false);
  });

  it("the config's disposable patterns add to the built-in ones", async () => {
    const { repo, wt } = await setup();
    writeFileSync(path.join(repo.root, "cwt.config.json"), JSON.stringify({ disposable: ["*.local"] }));
    writeFileSync(path.join(wt, "scratch.local"), "regenerable\n");
    mkdirSync(path.join(wt, "build"));
    writeFileSync(path.join(wt, "build", "out.bin"), "artefact\n");
    const r = await cwt(repo, ["prune", "--stale", "0d", "--yes", "--json"]);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as { removed: { name: string; deletesIgnored: string[] }[] };
    expect(report.removed.map((x) => [x.name, [...x.deletesIgnored].sort()])).toEqual([["T-1", ["build/", "scratch.local"]]]);
    expect(existsSync(wt)).toBe(false);
  });

  it("--force removes ignored work, and says what it overrode", async () => {
    const { repo, wt } = await setup();
    writeFileSync(path.join(wt, "mine.local"), "x\n");
    const r = await cwt(repo, ["rm", "T-1", "--force"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("--force: removing although 1 ignored file that cwt did not copy in would be deleted: mine.local");
    expect(existsSync(wt)).toBe(false);
  });
});

describe("an unreadable record of copies is unknown, never 'unchanged'", () => {
  it.each([
    ["corrupt", (f: string) => writeFileSync(f, "{garbage")],
    ["missing", (f: string) => rmSync(f)],
  ])("a %s cwt-copied.json keeps an edited .env", async (_kind, spoil) => {
    const { repo, wt } = await withCopies();
    writeFileSync(path.join(wt, ".env"), "SECRET=edited\n");
    const admin = await repo.git(["rev-parse", "--absolute-git-dir"], wt);
    spoil(path.join(admin, "cwt-copied.json"));
    const r = await cwt(repo, ["prune", "--stale", "0d", "--yes"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/kept\s+T-1: .*ignored file that cwt did not copy in would be deleted: \.env/);
    expect(readFileSync(path.join(wt, ".env"), "utf8")).toBe("SECRET=edited\n");
  });

  it("an unchanged copy is not work: the worktree goes", async () => {
    const { repo, wt } = await withCopies();
    const r = await cwt(repo, ["rm", "T-1"]);
    expect(r.exitCode).toBe(0);
    expect(existsSync(wt)).toBe(false);
  });
});

describe("cwt list counts edits hidden from git status", () => {
  it.each([["--assume-unchanged"], ["--skip-worktree"]])("a %s file that differs counts as modified; one that does not, not", async (flag) => {
    const { repo, wt } = await setup();
    await repo.git(["update-index", flag, "config.ini"], wt);
    const modified = async () => {
      const r = await cwt(repo, ["list", "--json"]);
      expect(r.exitCode).toBe(0);
      return (JSON.parse(r.stdout) as { worktrees: { name: string; modified: number }[] }).worktrees.find((w) => w.name === "T-1")?.modified;
    };
    expect(await modified()).toBe(0);
    writeFileSync(path.join(wt, "config.ini"), "local=1\n");
    expect(await repo.git(["status", "--porcelain"], wt)).toBe("");
    expect(await modified()).toBe(1);
  });
});
