// parseStatusCounts against REAL `git status --porcelain=v2 -z --untracked-files=all` output.
import { hermeticEnv, tempDir } from "../../test/helpers/git-repo.ts";
import { mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { acceptStatusOutputs, type StatusCounts as FullCounts, parseStatusCounts, splitStatusOutputs, statusHeaders } from "./parse-status.ts";

type StatusCounts = Pick<FullCounts, "modified" | "untracked">;

const base = tempDir("cwt-parse-status-");
const env = hermeticEnv(base);

interface Repo {
  readonly root: string;
  git(args: string[], options?: { reject?: boolean }): Promise<string>;
  write(file: string, content: string): void;
  commit(message: string, files?: Record<string, string>): Promise<void>;
}

let count = 0;
async function makeRepo(files: Record<string, string> = { "README.md": "# test\n" }): Promise<Repo> {
  const root = path.join(base, `repo-${count++}`);
  mkdirSync(root);
  const git = async (args: string[], options: { reject?: boolean } = {}) =>
    (await execa("git", args, { cwd: root, env, extendEnv: false, stripFinalNewline: false, stdin: "ignore", reject: options.reject ?? true })).stdout;
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  };
  const commit = async (message: string, more: Record<string, string> = {}) => {
    for (const [file, content] of Object.entries(more)) write(file, content);
    await git(["add", "-A"]);
    await git(["commit", "-q", "--allow-empty", "-m", message]);
  };
  await git(["init", "-q", "-b", "main"]);
  await commit("initial", files);
  return { root, git, write, commit };
}

const STATUS = ["status", "--porcelain=v2", "-z", "--untracked-files=all"];

/** Leaves a merge conflict on conflict.txt: both branches changed its one line. */
async function mergeConflict(repo: Repo): Promise<void> {
  await repo.commit("base", { "conflict.txt": "base\n" });
  await repo.git(["checkout", "-q", "-b", "other"]);
  await repo.commit("theirs", { "conflict.txt": "theirs\n" });
  await repo.git(["checkout", "-q", "main"]);
  await repo.commit("ours", { "conflict.txt": "ours\n" });
  await repo.git(["merge", "-q", "other"], { reject: false });
}

const FILES = { "README.md": "# test\n", "src/a.txt": "a\n", "src/b.txt": "b\n", "old-name.txt": "rename me, I am long enough\n", "doomed.txt": "x\n" };

interface Scenario {
  readonly name: string;
  readonly files?: Record<string, string>;
  readonly setup: (repo: Repo) => Promise<void> | void;
  readonly expected: StatusCounts;
  /** A record type the raw output must hold, so the scenario exercises what it claims to. */
  readonly record?: RegExp;
}

const scenarios: Scenario[] = [
  { name: "a clean checkout", setup: () => {}, expected: { modified: 0, untracked: 0 } },
  { name: "a modified file", files: FILES, setup: (r) => r.write("src/a.txt", "changed\n"), expected: { modified: 1, untracked: 0 }, record: /^1 \.M /m },
  {
    name: "a file modified, staged, then modified again (one file)",
    files: FILES,
    setup: async (r) => {
      r.write("src/a.txt", "staged\n");
      await r.git(["add", "src/a.txt"]);
      r.write("src/a.txt", "again\n");
    },
    expected: { modified: 1, untracked: 0 },
    record: /^1 MM /m,
  },
  {
    name: "a staged new file",
    setup: async (r) => {
      r.write("new.txt", "new\n");
      await r.git(["add", "new.txt"]);
    },
    expected: { modified: 1, untracked: 0 },
    record: /^1 A\. /m,
  },
  { name: "a rename (git mv)", files: FILES, setup: (r) => r.git(["mv", "old-name.txt", "new-name.txt"]).then(() => {}), expected: { modified: 1, untracked: 0 }, record: /^2 R\. /m },
  {
    name: "a rename whose original name looks like a record",
    files: { "? not untracked": "rename me, I am long enough\n", "1 not modified": "me too, I am long enough\n" },
    setup: async (r) => {
      await r.git(["mv", "? not untracked", "renamed-1"]);
      await r.git(["mv", "1 not modified", "renamed-2"]);
    },
    expected: { modified: 2, untracked: 0 },
    record: /^2 R\. /m,
  },
  { name: "a deleted file (unstaged)", files: FILES, setup: (r) => unlinkSync(path.join(r.root, "doomed.txt")), expected: { modified: 1, untracked: 0 }, record: /^1 \.D /m },
  { name: "a deleted file (git rm)", files: FILES, setup: (r) => r.git(["rm", "-q", "doomed.txt"]).then(() => {}), expected: { modified: 1, untracked: 0 }, record: /^1 D\. /m },
  { name: "a merge conflict", setup: mergeConflict, expected: { modified: 1, untracked: 0 }, record: /^u UU /m },
  {
    name: "untracked files in nested folders",
    setup: (r) => {
      r.write("top.txt", "t\n");
      r.write("deep/er/one.txt", "1\n");
      r.write("deep/er/two.txt", "2\n");
      r.write("deep/three.txt", "3\n");
    },
    expected: { modified: 0, untracked: 4 },
    record: /^\? deep\/er\/one\.txt$/m,
  },
  {
    name: "ignored files do not count",
    files: { ".gitignore": "*.log\nbuild/\n" },
    setup: (r) => {
      r.write("debug.log", "noise\n");
      r.write("build/out/app.js", "x\n");
    },
    expected: { modified: 0, untracked: 0 },
  },
  { name: "an untracked file whose name holds a newline", setup: (r) => r.write("new\nline.txt", "x\n"), expected: { modified: 0, untracked: 1 }, record: /^\? new\nline\.txt$/m },
  {
    name: "a tracked file whose name holds a newline, modified",
    files: { "tracked\n? fake.txt": "x\n" },
    setup: (r) => r.write("tracked\n? fake.txt", "changed\n"),
    expected: { modified: 1, untracked: 0 },
    record: /^1 \.M .* tracked\n\? fake\.txt$/m,
  },
  {
    name: "everything at once",
    files: { ...FILES, ".gitignore": "*.log\n" },
    setup: async (r) => {
      await mergeConflict(r); // 1 conflict
      r.write("src/a.txt", "changed\n"); // 1 modified
      r.write("staged.txt", "new\n");
      await r.git(["add", "staged.txt"]); // 1 staged new
      await r.git(["mv", "old-name.txt", "new-name.txt"]); // 1 rename
      unlinkSync(path.join(r.root, "doomed.txt")); // 1 deleted
      r.write("nested/dir/u1.txt", "u\n");
      r.write("nested/u2.txt", "u\n");
      r.write("odd\nname.txt", "u\n"); // 3 untracked
      r.write("ignored.log", "i\n"); // not counted
    },
    expected: { modified: 5, untracked: 3 },
  },
];

const outputs = new Map<string, { plain: string; branch: string; ignored: string }>();

beforeAll(async () => {
  await Promise.all(
    scenarios.map(async (s) => {
      const repo = await makeRepo(s.files);
      await s.setup(repo);
      outputs.set(s.name, {
        plain: await repo.git(STATUS),
        branch: await repo.git([...STATUS, "--branch"]),
        ignored: await repo.git([...STATUS, "--ignored"]),
      });
    }),
  );
});

describe("parseStatusCounts on real git output", () => {
  it.each(scenarios.map((s) => [s.name, s] as const))("%s", (_name, s) => {
    const out = outputs.get(s.name)!;
    if (s.record) expect(out.plain.split("\0").join("\n")).toMatch(s.record);
    expect(parseStatusCounts(out.plain)).toMatchObject(s.expected);
    expect(parseStatusCounts(out.branch)).toMatchObject(s.expected);
    expect(parseStatusCounts(out.ignored)).toMatchObject(s.expected);
  });

  it("the --branch and --ignored outputs really hold '#' and '!' records", () => {
    const out = outputs.get("ignored files do not count")!;
    expect(out.branch).toMatch(/^# branch\.oid /);
    expect(out.ignored.split("\0")).toEqual(expect.arrayContaining(["! build/out/app.js", "! debug.log"]));
  });
});

describe("parseStatusCounts on hand-written records", () => {
  it.each<[string, string, StatusCounts]>([
    ["empty output", "", { modified: 0, untracked: 0 }],
    ["only headers", "# branch.oid abc\0# branch.head main\0", { modified: 0, untracked: 0 }],
    ["an ordinary change", "1 .M N... 100644 100644 100644 a a f.txt\0", { modified: 1, untracked: 0 }],
    ["a copy record skips its original path", "2 C. N... 100644 100644 100644 a a C100 copy.txt\0? orig.txt\0? real.txt\0", { modified: 1, untracked: 1 }],
    ["an unmerged record", "u AA N... 000000 100644 100644 100644 0 a b both.txt\0", { modified: 1, untracked: 0 }],
    ["ignored records", "! a\0! b/\0", { modified: 0, untracked: 0 }],
  ])("%s", (_name, out, expected) => {
    expect(parseStatusCounts(out)).toMatchObject(expected);
  });
});

describe("parseStatusCounts: the paths of changed files", () => {
  it.each([
    ["1 .M N... 100644 100644 100644 abc abc src/a file.ts\0", ["src/a file.ts"]],
    ["2 R. N... 100644 100644 100644 abc abc R100 new name.ts\0old name.ts\0", ["new name.ts"]],
    ["u UU N... 100644 100644 100644 100644 a b c both.txt\0", ["both.txt"]],
    ["? dir/untracked file\0! ignored.log\0# branch.oid abc\0", ["dir/untracked file"]],
  ])("%j → %j", (output, paths) => {
    expect(parseStatusCounts(output).paths).toEqual(paths);
  });
});

describe("splitStatusOutputs: several status runs in one output (git for-each-repo)", () => {
  const one = "# branch.oid aaa\0# branch.head main\0";
  it.each<[string, string, string[]]>([
    ["nothing", "", []],
    ["one clean run", one, [one]],
    ["two runs", `${one}? u.txt\0# branch.oid bbb\0# branch.head x\0`, [`${one}? u.txt\0`, "# branch.oid bbb\0# branch.head x\0"]],
    [
      "a rename whose original path reads like a header stays in its run",
      `${one}2 R. N... 100644 100644 100644 a a R100 new.txt\0# branch.oid fake\0# branch.oid ccc\0`,
      [`${one}2 R. N... 100644 100644 100644 a a R100 new.txt\0# branch.oid fake\0`, "# branch.oid ccc\0"],
    ],
    ["an initial commit's header", "# branch.oid (initial)\0# branch.head main\0", ["# branch.oid (initial)\0# branch.head main\0"]],
    ["output not starting with a header is not trusted at all", `? stray\0${one}`, []],
  ])("%s", (_name, output, expected) => {
    expect(splitStatusOutputs(output)).toEqual(expected);
  });

  it("gives back, run by run, exactly what each repository's own status prints (real git)", async () => {
    const clean = await makeRepo();
    // A file whose name reads like a header, renamed: its old name is the field after the `2` record.
    const dirty = await makeRepo({ ...FILES, "# branch.oid trap": "a file with a header's name\n" });
    dirty.write("src/a.txt", "changed\n");
    dirty.write("new dir/untracked file.txt", "u\n");
    await dirty.git(["mv", "# branch.oid trap", "renamed.txt"]);
    const conflicted = await makeRepo();
    await mergeConflict(conflicted);
    const repos = [dirty, clean, conflicted];
    const args = ["status", "--porcelain=v2", "-z", "--branch", "--no-ahead-behind", "--untracked-files=all"];
    const each = await Promise.all(repos.map((r) => r.git(args)));
    const list = repos.flatMap((r) => ["-c", `cwt.statusof=${r.root}`]);
    const all = await clean.git([...list, "for-each-repo", "--config=cwt.statusof", "--", ...args]);
    expect(splitStatusOutputs(all)).toEqual(each);
    expect(each[0]).toContain("\0# branch.oid trap\0");
    expect(splitStatusOutputs(all).map((o) => parseStatusCounts(o))).toMatchObject([
      { modified: 2, untracked: 1 },
      { modified: 0, untracked: 0 },
      { modified: 1, untracked: 0 },
    ]);
  });
});

describe("statusHeaders", () => {
  it.each<[string, string, ReturnType<typeof statusHeaders>]>([
    ["a branch", "# branch.oid abc\0# branch.head main\0? u\0", { oid: "abc", head: "main" }],
    ["detached", "# branch.oid abc\0# branch.head (detached)\0", { oid: "abc", head: "(detached)" }],
    ["an unborn branch", "# branch.oid (initial)\0# branch.head main\0", { oid: "(initial)", head: "main" }],
    ["no headers", "? u\0", undefined],
    ["only the oid", "# branch.oid abc\0", undefined],
    ["nothing", "", undefined],
  ])("%s", (_name, output, expected) => {
    expect(statusHeaders(output)).toEqual(expected);
  });
});

describe("acceptStatusOutputs: which outputs of a for-each-repo run are certainly whose", () => {
  const out = (oid: string, head: string, more = "") => `# branch.oid ${oid}\0# branch.head ${head}\0${more}`;
  const a = { head: "a".repeat(40), branch: "wa" };
  const b = { head: "b".repeat(40), branch: undefined }; // detached
  const c = { head: "0".repeat(40), branch: "unborn" };
  const d = { head: "d".repeat(40), branch: "wd" };
  const oa = out(a.head, "wa", "? x\0");
  const ob = out(b.head, "(detached)");
  const oc = out("(initial)", "unborn");
  const od = out(d.head, "wd", "1 .M N... 100644 100644 100644 x x f\0");

  it("exit 0, one output each, headers right: all taken", () => {
    expect(acceptStatusOutputs([a, b, c, d], 0, oa + ob + oc + od)).toEqual([oa, ob, oc, od]);
  });
  it("exit 0 with one output too few or too many: none taken", () => {
    expect(acceptStatusOutputs([a, b, c, d], 0, oa + ob + oc)).toEqual([undefined, undefined, undefined, undefined]);
    expect(acceptStatusOutputs([a, b, c], 0, oa + ob + oc + od)).toEqual([undefined, undefined, undefined]);
  });
  it("a failure at the third repository: the first output is taken, the second (it may be the failing one's) and the rest are not", () => {
    expect(acceptStatusOutputs([a, b, c, d], 128, oa + ob)).toEqual([oa, undefined, undefined, undefined]);
  });
  it("a failure that printed part of its output: that part is never taken", () => {
    expect(acceptStatusOutputs([a, b, c, d], 128, oa + ob + out("(initial)", "unborn"))).toEqual([oa, ob, undefined, undefined]);
  });
  it("a failure at the first repository: nothing taken", () => {
    expect(acceptStatusOutputs([a, b], 1, "")).toEqual([undefined, undefined]);
  });
  it("an output whose HEAD or branch is not the listed one (another checkout's, or one that moved on) is not taken", () => {
    expect(acceptStatusOutputs([a, b, c, d], 0, oa + out(b.head, "wa") + out("c".repeat(40), "unborn") + od)).toEqual([oa, undefined, undefined, od]);
    expect(acceptStatusOutputs([a, d], 0, od + oa)).toEqual([undefined, undefined]);
  });
});
