// The built executable in a bare repository's layout (a) (issue #12): `project/.bare` named by
// `project/.git`, worktrees beside it. `cwt path` goes through bin/cwt.js's fast module first
// (dist/path.cjs), which steps aside for a bare repository; the answer must still be right.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, tempDir } from "../helpers/git-repo.ts";
import { runBin } from "../helpers/run-cli.ts";

describe("the built cwt in a bare repository (project/.bare + project/.git)", () => {
  it("new from one worktree, path from another and from a subfolder: the same folder beside main", async () => {
    const src = await makeRepo({ "README.md": "# app\n", "src/app.ts": "export {};\n" });
    const project = path.join(tempDir(), "project");
    mkdirSync(project);
    await src.git(["clone", "-q", "--bare", src.root, path.join(project, ".bare")]);
    writeFileSync(path.join(project, ".git"), "gitdir: ./.bare\n");
    await src.git(["worktree", "add", "-q", "main", "main"], project);
    await src.git(["worktree", "add", "-q", "-b", "feat-x", "feat-x"], project);
    const main = path.join(project, "main");
    const featX = path.join(project, "feat-x");

    const made = await runBin(["new", "T-1"], { cwd: main, env: src.env });
    expect(made.exitCode).toBe(0);
    expect(made.stdout).toBe(path.join(project, "T-1"));
    expect(made.stderr).toContain("from main");
    for (const cwd of [featX, path.join(featX, "src"), path.join(project, "T-1")]) {
      expect(await runBin(["path", "T-1"], { cwd, env: src.env })).toEqual({ exitCode: 0, stdout: path.join(project, "T-1"), stderr: "" });
      expect(await runBin(["path", "main"], { cwd, env: src.env })).toEqual({ exitCode: 0, stdout: main, stderr: "" });
    }
    const missing = await runBin(["path", "NOPE-1"], { cwd: featX, env: src.env });
    expect(missing.exitCode).toBe(4);
    expect(missing.stdout).toBe("");
    // In project/ itself there is no working tree: exit 1 and where to go.
    const inside = await runBin(["path", "T-1"], { cwd: project, env: src.env });
    expect(inside.exitCode).toBe(1);
    expect(inside.stdout).toBe("");
    expect(inside.stderr).toContain(`run cwt from one of them\nhint: cd ${main}`);
  });
});
