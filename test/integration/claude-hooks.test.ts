import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa, execaSync } from "execa";
import { describe, expect, it } from "vitest";
import { runInstall } from "../../src/cli/commands/claude-hooks.run.ts";
import { locateSelfBin } from "../../src/core/claude-hooks.ts";
import type { Deps } from "../../src/deps.ts";
import { createPlatform } from "../../src/platform/node-platform.ts";
import { makeRepo, tempDir } from "../helpers/git-repo.ts";
import { CLI_BIN, runCli } from "../helpers/run-cli.ts";

const GUARD = "Edit|Write|MultiEdit|NotebookEdit";

/** PATH without any `cwt` (git and node stay reachable). */
function pathWithoutCwt(): string {
  return (process.env.PATH ?? "/usr/bin:/bin")
    .split(":")
    .filter((dir) => dir && !existsSync(path.join(dir, "cwt")))
    .join(":");
}

/** A folder holding `cwt` as a symlink to this checkout's bin/cwt.js: PATH then resolves to this install. */
function binWithThisCwt(): string {
  const bin = tempDir("cwt-path-");
  symlinkSync(CLI_BIN, path.join(bin, "cwt"));
  return bin;
}

function expected(word: string, guard = true) {
  return {
    hooks: {
      WorktreeCreate: [{ hooks: [{ type: "command", command: `${word} claude worktree-create` }] }],
      WorktreeRemove: [{ hooks: [{ type: "command", command: `${word} claude worktree-remove` }] }],
      ...(guard ? { PreToolUse: [{ matcher: GUARD, hooks: [{ type: "command", command: `${word} claude guard || exit 1` }] }] } : {}),
    },
  };
}

async function setup(onPath = true) {
  const repo = await makeRepo();
  const env = { ...repo.env, PATH: onPath ? `${binWithThisCwt()}:${pathWithoutCwt()}` : pathWithoutCwt() };
  const local = path.join(repo.root, ".claude", "settings.local.json");
  const project = path.join(repo.root, ".claude", "settings.json");
  const cli = (args: string[], cwd = repo.root, e = env) => runCli(["claude", ...args], { cwd, env: e });
  return { repo, env, local, project, cli };
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Sets mtime into the past, so a rewrite (even of the same bytes) shows. */
function age(file: string): number {
  const past = new Date("2020-01-01T00:00:00Z");
  utimesSync(file, past, past);
  return statSync(file).mtimeMs;
}

const PRETTY = `{
  "$schema": "https://json.schemastore.org/claude-code-settings.json",
  "permissions": {
    "allow": [
      "Bash(npm test)"
    ]
  },
  "hooks": {
    "PreToolUse": [
      {
        "matcher": "Bash",
        "hooks": [
          {
            "type": "command",
            "command": "./scripts/check-bash.sh"
          }
        ]
      }
    ],
    "WorktreeRemove": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "./scripts/teardown.sh"
          }
        ]
      }
    ],
    "Stop": [
      {
        "hooks": [
          {
            "type": "command",
            "command": "say done"
          }
        ]
      }
    ]
  }
}
`;

describe("cwt claude install-hooks", () => {
  it("creates .claude/settings.local.json with the three hooks, named `cwt` when PATH finds this install, and makes git ignore it", async () => {
    const { repo, local, cli } = await setup();
    const r = await cli(["install-hooks"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`installed cwt's Claude Code hooks in ${local} (new file)`);
    expect(readFileSync(local, "utf8")).toBe(`${JSON.stringify(expected("cwt"), null, 2)}\n`);
    expect(statSync(path.dirname(local)).mode & 0o777).toBe(0o755 & ~process.umask());
    expect(statSync(local).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(readFileSync(path.join(repo.root, ".git", "info", "exclude"), "utf8")).toContain("\n/.claude/settings.local.json\n");
    expect(await repo.git(["status", "--porcelain", "--untracked-files=all"])).toBe("");
    expect(r.stderr).toContain("added /.claude/settings.local.json to .git/info/exclude");
  });

  it("names this install by its absolute path when PATH has no cwt, or another cwt", async () => {
    const { local, cli, env } = await setup(false);
    expect((await cli(["install-hooks"])).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(local, "utf8"))).toEqual(expected(CLI_BIN));
    // another cwt on PATH (not this installation): still the path
    const other = tempDir("cwt-other-");
    writeFileSync(path.join(other, "cwt"), "#!/bin/sh\nexit 0\n");
    chmodSync(path.join(other, "cwt"), 0o755);
    const r = await cli(["install-hooks"], undefined, { ...env, PATH: `${other}:${env.PATH}` });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("already installed");
    expect(r.stderr).toContain("on PATH is not this installation");
    expect(JSON.parse(readFileSync(local, "utf8"))).toEqual(expected(CLI_BIN));
  });

  it("quotes the path for the shell when it holds a space", async () => {
    const { repo, env, local } = await setup(false);
    const dir = path.join(tempDir("cwt-space-"), "my tools", "bin");
    mkdirSync(dir, { recursive: true });
    const self = path.join(dir, "cwt.js");
    copyFileSync(CLI_BIN, self);
    let stdout = "";
    let stderr = "";
    const deps: Deps = {
      cwd: repo.root,
      env,
      now: () => new Date("2026-11-24T12:00:00Z"),
      stdout: { write: (t) => void (stdout += t), isTTY: false },
      stderr: { write: (t) => void (stderr += t), isTTY: false },
      platform: createPlatform(),
      signal: new AbortController().signal,
      signals: { forward: () => () => undefined },
      stdinIsTTY: false,
      interactive: false,
      confirm: async () => false,
      colorLevel: 0,
      readStdin: async () => "",
      progress: () => undefined,
      crashPoint: () => undefined,
    };
    await runInstall({ scope: "local", guard: true }, deps, { selfBin: self });
    expect(stdout).toBe("");
    expect(stderr).toContain("installed");
    const data = JSON.parse(readFileSync(local, "utf8"));
    expect(data).toEqual(expected(`'${self}'`));
    // what Claude Code's shell makes of it: the path as one word
    const words = await execa("sh", ["-c", `printf '%s\\n' ${data.hooks.PreToolUse[0].hooks[0].command}`]);
    expect(words.stdout.split("\n")).toEqual([self, "claude", "guard"]);
  });

  it("finds this installation's bin/cwt.js from the source tree and from the bundle's layout (dist/cli.js, dist/chunks/*.js)", async () => {
    expect(await locateSelfBin()).toBe(CLI_BIN);
    const root = tempDir("cwt-layout-");
    mkdirSync(path.join(root, "bin"));
    mkdirSync(path.join(root, "dist", "chunks"), { recursive: true });
    writeFileSync(path.join(root, "bin", "cwt.js"), "");
    writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "cwt" }));
    const url = (rel: string) => new URL(`file://${path.join(root, rel)}`).href;
    expect(await locateSelfBin(url("dist/cli.js"))).toBe(path.join(root, "bin", "cwt.js"));
    expect(await locateSelfBin(url("dist/chunks/claude-hooks.run-ABC123.js"))).toBe(path.join(root, "bin", "cwt.js"));
    writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "something-else" }));
    await expect(locateSelfBin(url("dist/cli.js"))).rejects.toThrow(/cannot find this cwt/);
  });

  it("keeps other keys and other hooks (same events and other events) exactly; a second install changes nothing, not even mtime", async () => {
    const { local, cli } = await setup();
    write(local, PRETTY);
    const r = await cli(["install-hooks"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain('also has a WorktreeRemove hook "./scripts/teardown.sh"');
    const text = readFileSync(local, "utf8");
    const before = JSON.parse(PRETTY);
    const after = JSON.parse(text);
    expect(after.$schema).toBe(before.$schema);
    expect(after.permissions).toEqual(before.permissions);
    expect(after.hooks.Stop).toEqual(before.hooks.Stop);
    expect(after.hooks.PreToolUse).toEqual([...before.hooks.PreToolUse, expected("cwt").hooks.PreToolUse?.[0]]);
    expect(after.hooks.WorktreeRemove).toEqual([...before.hooks.WorktreeRemove, expected("cwt").hooks.WorktreeRemove[0]]);
    expect(after.hooks.WorktreeCreate).toEqual(expected("cwt").hooks.WorktreeCreate);
    expect(text.split("\n").slice(0, 5)).toEqual(PRETTY.split("\n").slice(0, 5));

    const mtime = age(local);
    const again = await cli(["install-hooks"]);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain("already installed");
    expect(again.stderr).toContain("nothing changed");
    expect(readFileSync(local, "utf8")).toBe(text);
    expect(statSync(local).mtimeMs).toBe(mtime);
  });

  it("re-install after cwt moved replaces cwt's entries instead of adding more", async () => {
    const { local, cli, env } = await setup(false);
    await cli(["install-hooks"]);
    expect(JSON.parse(readFileSync(local, "utf8"))).toEqual(expected(CLI_BIN));
    const r = await cli(["install-hooks"], undefined, { ...env, PATH: `${binWithThisCwt()}:${env.PATH}` });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(local, "utf8"))).toEqual(expected("cwt"));
  });

  it("--no-guard over a guarded install removes cwt's guard and keeps the rest; installing again brings it back", async () => {
    const { local, cli } = await setup();
    write(local, PRETTY);
    await cli(["install-hooks"]);
    const r = await cli(["install-hooks", "--no-guard"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("removed cwt's PreToolUse guard");
    const data = JSON.parse(readFileSync(local, "utf8"));
    expect(data.hooks.PreToolUse).toEqual(JSON.parse(PRETTY).hooks.PreToolUse);
    expect(data.hooks.WorktreeCreate).toEqual(expected("cwt").hooks.WorktreeCreate);
    await cli(["install-hooks"]);
    expect(JSON.parse(readFileSync(local, "utf8")).hooks.PreToolUse).toHaveLength(2);
  });

  it("--scope project writes .claude/settings.json and warns about teammates without cwt", async () => {
    const { repo, local, project, cli } = await setup();
    const r = await cli(["install-hooks", "--scope", "project"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/warning: .*a teammate without cwt can then not create worktrees with Claude Code at all/);
    expect(JSON.parse(readFileSync(project, "utf8"))).toEqual(expected("cwt"));
    expect(existsSync(local)).toBe(false);
    expect(readFileSync(path.join(repo.root, ".git", "info", "exclude"), "utf8")).not.toContain("settings");
  });

  it("refuses an unknown scope (exit 2)", async () => {
    const { repo, cli } = await setup();
    const r = await cli(["install-hooks", "--scope", "user"]);
    expect(r.exitCode).toBe(2);
    expect(existsSync(path.join(repo.root, ".claude"))).toBe(false);
  });

  it("--dry-run prints the whole resulting file on stdout and changes nothing", async () => {
    const { repo, local, cli } = await setup();
    const dry = await cli(["install-hooks", "--dry-run"]);
    expect(dry.exitCode).toBe(0);
    expect(JSON.parse(dry.stdout)).toEqual(expected("cwt"));
    expect(dry.stderr).toContain("would install");
    expect(existsSync(path.join(repo.root, ".claude"))).toBe(false);
    expect(readFileSync(path.join(repo.root, ".git", "info", "exclude"), "utf8")).not.toContain("settings");

    write(local, PRETTY);
    const mtime = age(local);
    const dry2 = await cli(["install-hooks", "--dry-run"]);
    expect(readFileSync(local, "utf8")).toBe(PRETTY);
    expect(statSync(local).mtimeMs).toBe(mtime);
    await cli(["install-hooks"]);
    expect(dry2.stdout).toBe(readFileSync(local, "utf8"));
  });

  it("from inside a linked worktree, writes at the main checkout", async () => {
    const { repo, local, cli, env } = await setup();
    const created = await runCli(["new", "T-1"], { cwd: repo.root, env });
    const worktree = created.stdout.trim();
    expect(created.exitCode).toBe(0);
    const r = await cli(["install-hooks"], path.join(worktree));
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(local, "utf8"))).toEqual(expected("cwt"));
    expect(existsSync(path.join(worktree, ".claude"))).toBe(false);
  });

  it("keeps a UTF-8 byte-order mark", async () => {
    const { local, cli } = await setup();
    write(local, '\uFEFF{\n  "model": "opus"\n}\n');
    expect((await cli(["install-hooks"])).exitCode).toBe(0);
    const bytes = readFileSync(local);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(JSON.parse(bytes.toString("utf8").slice(1))).toEqual({ model: "opus", ...expected("cwt") });
    expect((await cli(["uninstall-hooks"])).exitCode).toBe(0);
    expect(readFileSync(local, "utf8")).toBe('\uFEFF{\n  "model": "opus"\n}\n');
  });

  it("keeps the existing file's mode", async () => {
    const { local, cli } = await setup();
    write(local, "{}\n");
    chmodSync(local, 0o600);
    await cli(["install-hooks"]);
    expect(statSync(local).mode & 0o777).toBe(0o600);
  });

  describe("refuses, changing nothing", () => {
    async function refused(make: (s: Awaited<ReturnType<typeof setup>>) => void, code: number, message: RegExp, args = ["install-hooks"]) {
      const s = await setup();
      make(s);
      const snapshot = () => {
        const info = lstatSync(s.local, { throwIfNoEntry: false });
        return { info: info && { mode: info.mode, mtime: info.mtimeMs, kind: info.isFile() ? "file" : info.isSymbolicLink() ? "link" : "other" }, text: info?.isFile() ? readFileSync(s.local, "utf8") : undefined };
      };
      const before = snapshot();
      const exclude = readFileSync(path.join(s.repo.root, ".git", "info", "exclude"), "utf8");
      const r = await s.cli(args);
      expect(r.exitCode).toBe(code);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain("nothing changed");
      expect(snapshot()).toEqual(before);
      expect(readFileSync(path.join(s.repo.root, ".git", "info", "exclude"), "utf8")).toBe(exclude);
      return s;
    }

    it("a file with comments (exit 2; not stripped)", async () => {
      await refused((s) => write(s.local, '{\n  // my model\n  "model": "opus"\n}\n'), 2, /settings\.local\.json: not valid JSON at line 2, column 3: a comment/);
    });

    it("invalid JSON (exit 2), for uninstall too", async () => {
      await refused((s) => write(s.local, '{ "model": "opus", }'), 2, /a missing value or a trailing comma/);
      await refused((s) => write(s.local, '{ "hooks": '), 2, /not valid JSON/, ["uninstall-hooks"]);
    });

    it("a top-level array (exit 2)", async () => {
      await refused((s) => write(s.local, "[]\n"), 2, /top level is not a JSON object/);
    });

    it("hooks that is not an object, an event that is not an array (exit 2)", async () => {
      await refused((s) => write(s.local, '{ "hooks": ["cwt"] }'), 2, /"hooks" is an array, not an object/);
      await refused((s) => write(s.local, '{ "hooks": { "WorktreeCreate": "cwt" } }'), 2, /"hooks.WorktreeCreate" is a string, not an array/);
    });

    it("a symlinked settings file (exit 3), leaving its target alone", async () => {
      const target = path.join(tempDir("cwt-target-"), "settings.json");
      writeFileSync(target, "{}\n");
      await refused((s) => {
        mkdirSync(path.dirname(s.local), { recursive: true });
        symlinkSync(target, s.local);
      }, 3, /\.claude\/settings\.local\.json is a symlink/);
      expect(readFileSync(target, "utf8")).toBe("{}\n");
    });

    it("a symlinked .claude folder (exit 3)", async () => {
      const elsewhere = tempDir("cwt-elsewhere-");
      const s = await refused((x) => symlinkSync(elsewhere, path.join(x.repo.root, ".claude")), 3, /\.claude is a symlink/);
      expect(existsSync(path.join(elsewhere, "settings.local.json"))).toBe(false);
      expect(lstatSync(path.join(s.repo.root, ".claude")).isSymbolicLink()).toBe(true);
    });

    it.runIf(process.platform !== "win32")("a FIFO (exit 3, and no hang)", async () => {
      await refused((s) => {
        mkdirSync(path.dirname(s.local), { recursive: true });
        execaSync("mkfifo", [s.local]);
      }, 3, /is not a regular file/);
    });

    it("a file larger than 2 MiB (exit 2)", async () => {
      await refused((s) => write(s.local, `{ "x": "${"a".repeat(2 * 1024 * 1024)}" }`), 2, /larger than/);
    });
  });
});

describe("cwt claude uninstall-hooks", () => {
  it("restores the file's bytes (pretty file) and meaning after install", async () => {
    const { local, cli } = await setup();
    write(local, PRETTY);
    await cli(["install-hooks"]);
    expect(readFileSync(local, "utf8")).not.toBe(PRETTY);
    const r = await cli(["uninstall-hooks"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("removed cwt's Claude Code hooks from");
    expect(JSON.parse(readFileSync(local, "utf8"))).toEqual(JSON.parse(PRETTY));
    expect(readFileSync(local, "utf8")).toBe(PRETTY);
  });

  it("restores the meaning of a compact file", async () => {
    const { local, cli } = await setup();
    const compact = JSON.stringify({ a: [1, 2], hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "x" }] }] } });
    write(local, compact);
    await cli(["install-hooks"]);
    await cli(["uninstall-hooks"]);
    expect(JSON.parse(readFileSync(local, "utf8"))).toEqual(JSON.parse(compact));
  });

  it("--dry-run prints the result and changes nothing", async () => {
    const { local, cli } = await setup();
    write(local, PRETTY);
    await cli(["install-hooks"]);
    const installed = readFileSync(local, "utf8");
    const r = await cli(["uninstall-hooks", "--dry-run"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(PRETTY);
    expect(readFileSync(local, "utf8")).toBe(installed);
  });

  it("with no cwt hooks, or no file, changes nothing and says so (exit 0)", async () => {
    const { repo, local, cli } = await setup();
    const none = await cli(["uninstall-hooks"]);
    expect(none.exitCode).toBe(0);
    expect(none.stderr).toContain("does not exist; nothing changed");
    expect(existsSync(path.join(repo.root, ".claude"))).toBe(false);
    write(local, PRETTY);
    const mtime = age(local);
    const r = await cli(["uninstall-hooks"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("has no cwt hooks; nothing changed");
    expect(readFileSync(local, "utf8")).toBe(PRETTY);
    expect(statSync(local).mtimeMs).toBe(mtime);
  });

  it("--scope project removes from .claude/settings.json only", async () => {
    const { local, project, cli } = await setup();
    await cli(["install-hooks"]);
    await cli(["install-hooks", "--scope", "project"]);
    expect((await cli(["uninstall-hooks", "--scope", "project"])).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(project, "utf8"))).toEqual({});
    expect(JSON.parse(readFileSync(local, "utf8"))).toEqual(expected("cwt"));
  });
});
