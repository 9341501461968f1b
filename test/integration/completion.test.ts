// cwt completion and the candidates of cwt __complete (in-process); the scripts in real shells: test/shells/.
import { describe, expect, it } from "vitest";
import { createProgram } from "../../src/cli/program.ts";
import { completeWords } from "../../src/cli/commands/completion.run.ts";
import { hermeticEnv, makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";
import { runCli } from "../helpers/run-cli.ts";

/** The values `cwt __complete -- WORDS` offers (descriptions dropped), and the raw result. */
async function complete(cwd: string, env: Record<string, string>, words: string[]) {
  const r = await runCli(["__complete", "--", ...words], { cwd, env });
  return { ...r, values: r.stdout.split("\n").filter(Boolean).map((l) => l.split("\t")[0]) };
}

async function repoWithWorktrees(): Promise<TestRepo> {
  const repo = await makeRepo();
  for (const t of ["T-1", "PROJ-2"]) expect((await runCli(["new", t], { cwd: repo.root, env: repo.env })).exitCode).toBe(0);
  await repo.git(["worktree", "add", "-q", "-b", "plain", `${repo.root}/../plain-wt`]);
  return repo;
}

describe("cwt completion", () => {
  it.each(["bash", "zsh", "fish"])("prints a %s script that asks cwt __complete", async (shell) => {
    const home = tempDir();
    const r = await runCli(["completion", shell], { cwd: home, env: hermeticEnv(home) });
    expect(r).toMatchObject({ exitCode: 0, stderr: "" });
    expect(r.stdout).toContain("command cwt __complete --");
  });

  it("refuses an unknown shell with exit 2 and one line", async () => {
    const home = tempDir();
    const r = await runCli(["completion", "pwsh"], { cwd: home, env: hermeticEnv(home) });
    expect(r).toEqual({ exitCode: 2, stdout: "", stderr: 'cwt: unknown shell "pwsh": cwt completion knows bash, zsh, fish\n' });
  });
});

describe("cwt __complete", () => {
  it("offers every visible command with its description, never the hidden ones", async () => {
    const home = tempDir();
    const r = await complete(home, hermeticEnv(home), [""]);
    expect(r.exitCode).toBe(0);
    expect(r.values).toEqual(expect.arrayContaining(["new", "list", "path", "rm", "launch", "policy", "cd", "shell-init", "completion", "help"]));
    expect(r.values).not.toContain("__complete");
    expect(r.stdout).toContain("path\tprint the absolute path of a ticket's worktree, and nothing else\n");
  });

  it("follows the commander tree: a command added to the program is offered, its hidden siblings are not", async () => {
    const home = tempDir();
    const deps = { cwd: home, env: hermeticEnv(home), signal: new AbortController().signal } as Parameters<typeof createProgram>[0];
    const program = createProgram(deps);
    program.command("zzz-new-command").description("brand new").option("--shiny", "a flag");
    program.command("zzz-secret", { hidden: true });
    expect((await completeWords(["zzz"], program, deps)).map((c) => c.value)).toEqual(["zzz-new-command"]);
    expect(await completeWords(["zzz-new-command", "--sh"], program, deps)).toEqual([{ value: "--shiny", description: "a flag" }]);
  });

  it("completes command names and subcommands by prefix", async () => {
    const home = tempDir();
    const env = hermeticEnv(home);
    expect((await complete(home, env, ["pa"])).values).toEqual(["path"]);
    expect((await complete(home, env, ["policy", ""])).values).toEqual(["check"]);
    expect((await complete(home, env, ["claude", "in"])).values).toEqual(["install-hooks"]);
    expect((await complete(home, env, ["remove", "--d"])).values).toEqual(["--dry-run"]); // an alias leads to its command
  });

  it("completes a command's options, not those already given", async () => {
    const home = tempDir();
    const env = hermeticEnv(home);
    expect((await complete(home, env, ["rm", "-"])).values).toEqual(["--force", "--keep-branch", "--dry-run", "--help"]);
    expect((await complete(home, env, ["rm", "--force", "X", "--"])).values).toEqual(["--keep-branch", "--dry-run", "--help"]);
    expect((await complete(home, env, ["policy", "check", "--w"])).values).toEqual(["--worktree"]);
  });

  it("offers the ticket names of existing worktrees where a command takes one", async () => {
    const repo = await repoWithWorktrees();
    const names = ["T-1", "PROJ-2", "plain-wt"];
    for (const words of [["path", ""], ["cd", ""], ["rm", ""], ["remove", "--force", ""], ["launch", ""], ["policy", "check", "--worktree", ""]]) {
      expect((await complete(repo.root, repo.env, words)).values.sort(), words.join(" ")).toEqual([...names].sort());
    }
    const r = await complete(repo.root, repo.env, ["path", "T"]);
    expect(r.stdout).toBe("T-1\tworktree-T-1\n");
  });

  it("matches ticket names without regard to case, and after --option=", async () => {
    const repo = await repoWithWorktrees();
    expect((await complete(repo.root, repo.env, ["cd", "proj"])).values).toEqual(["PROJ-2"]);
    expect((await complete(repo.root, repo.env, ["policy", "check", "--worktree=PR"])).values).toEqual(["--worktree=PROJ-2"]);
  });

  it("offers no existing ticket to cwt new, nor after a first ticket, nor after launch's --", async () => {
    const repo = await repoWithWorktrees();
    expect((await complete(repo.root, repo.env, ["new", ""])).values).toEqual([]);
    expect((await complete(repo.root, repo.env, ["path", "T-1", ""])).values).toEqual([]);
    expect((await complete(repo.root, repo.env, ["launch", "T-1", "--", ""])).values).toEqual([]);
  });

  it("offers the shells to shell-init and completion, and command names to help", async () => {
    const home = tempDir();
    const env = hermeticEnv(home);
    expect((await complete(home, env, ["shell-init", ""])).values).toEqual(["bash", "zsh", "fish"]);
    expect((await complete(home, env, ["completion", "f"])).values).toEqual(["fish"]);
    expect((await complete(home, env, ["help", "pr"])).values).toEqual(["prune"]);
  });

  it("is quiet and exits 0 outside a repository: commands still, ticket names none", async () => {
    const dir = tempDir();
    const env = { ...hermeticEnv(dir), GIT_CEILING_DIRECTORIES: dir };
    const tickets = await complete(dir, env, ["path", ""]);
    expect(tickets).toMatchObject({ exitCode: 0, stdout: "", stderr: "" });
    expect((await complete(dir, env, ["li"])).values).toEqual(["list"]);
  });

  it("takes words that look like options (after --) as words, not as its own options", async () => {
    const home = tempDir();
    const r = await complete(home, hermeticEnv(home), ["--he"]);
    expect(r).toEqual({ exitCode: 0, stdout: "--help\tdisplay help for command\n", stderr: "", values: ["--help"] });
  });
});
