// The edit guard on paths that fool a lexical check: `..` after a symlink, and submodules (a
// worktree's submodule is part of that worktree's checkout, not a repository of its own).
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeRepo, type TestRepo } from "../helpers/git-repo.ts";
import { type CliResult, runCli } from "../helpers/run-cli.ts";

const write = (repo: TestRepo, cwd: string, file: string): Promise<CliResult> =>
  runCli(["claude", "guard"], {
    cwd,
    env: repo.env,
    stdin: JSON.stringify({ session_id: "s", cwd, hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: file, content: "x" } }),
  });

const denied = (r: CliResult) => r.exitCode === 0 && r.stdout !== "" && JSON.parse(r.stdout).hookSpecificOutput.permissionDecision === "deny";
const allowed = (r: CliResult) => r.exitCode === 0 && r.stdout === "" && r.stderr === "";

describe("`..` after a symlink", () => {
  it("is applied where the link points, as the kernel does", async () => {
    const repo = await makeRepo({ "README.md": "r\n", "src/app.ts": "x\n" });
    const wt = path.join(repo.root, ".claude/worktrees/A");
    await repo.git(["worktree", "add", "-q", "-b", "A", wt]);
    symlinkSync(path.join(repo.root, "src"), path.join(wt, "ln"));
    // Lexically wt/x.txt (own checkout); really <main>/x.txt.
    const r = await write(repo, wt, `${wt}/ln/../x.txt`);
    expect(denied(r)).toBe(true);
    expect(r.stderr).toContain(`${path.join(repo.root, "x.txt")} is in the main checkout`);
    // Without the link, the same shape stays in the session's own checkout.
    mkdirSync(path.join(wt, "dir"));
    expect(allowed(await write(repo, wt, `${wt}/dir/../y.txt`))).toBe(true);
  });
});

describe("submodules", () => {
  let repo: TestRepo;
  let wt: string;

  beforeAll(async () => {
    const lib = await makeRepo({ "l.txt": "lib\n" });
    repo = await makeRepo({ "README.md": "r\n" });
    const allowFile = ["-c", "protocol.file.allow=always"];
    await repo.git([...allowFile, "submodule", "add", "-q", lib.root, "vendor/lib"]);
    await repo.git(["commit", "-q", "-m", "add lib"]);
    wt = path.join(repo.root, ".claude/worktrees/W");
    await repo.git(["worktree", "add", "-q", "-b", "W", wt]);
    await repo.git([...allowFile, "submodule", "update", "--init", "-q"], wt);
  });

  it("a worktree's session writing into the main checkout's submodule is denied", async () => {
    expect(denied(await write(repo, wt, path.join(repo.root, "vendor/lib/l.txt")))).toBe(true);
  });

  it("a session inside the worktree's submodule writing into the main checkout is denied", async () => {
    expect(denied(await write(repo, path.join(wt, "vendor/lib"), path.join(repo.root, "README.md")))).toBe(true);
  });

  it("the worktree's own submodule is its own checkout, from the worktree and from inside the submodule", async () => {
    expect(allowed(await write(repo, wt, path.join(wt, "vendor/lib/l.txt")))).toBe(true);
    expect(allowed(await write(repo, path.join(wt, "vendor/lib"), path.join(wt, "vendor/lib/new.txt")))).toBe(true);
    expect(allowed(await write(repo, path.join(wt, "vendor/lib"), path.join(wt, "README.md")))).toBe(true);
  });

  it("a nested independent repository (a .git folder, not a submodule) stays another repository", async () => {
    const nested = path.join(wt, "scratch");
    await repo.git(["init", "-q", nested]);
    expect(allowed(await write(repo, repo.root, path.join(nested, "n.txt")))).toBe(true);
  });
});
