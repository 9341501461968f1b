// The package as a user gets it, as CI should check it: `npm pack`, `npm install -g` of the tarball
// into a temporary prefix, then the installed `cwt`. npm pack runs `prepare` (the build, which
// rewrites dist/), so it runs in a copy of this checkout's files (tracked and new, not ignored) with
// node_modules linked: this checkout's dist/ never changes under other tests.
// The install uses npm's cache first (--prefer-offline): after `npm ci` it needs no network unless
// the cache lacks a dependency's metadata.
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { hermeticEnv, makeRepo, tempDir, type TestRepo } from "../helpers/git-repo.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PKG = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string };

/** npm's own environment, without what a parent npm (npm test) passes to its scripts. */
function npmEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key === "INIT_CWD" || (/^npm_/i.test(key) && !/^npm_config_(cache|registry|userconfig)$/i.test(key))) continue;
    env[key] = value;
  }
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
}

async function npm(args: readonly string[], cwd: string): Promise<string> {
  const r = await execa("npm", args, { cwd, env: npmEnv(), extendEnv: false, reject: false, stdin: "ignore" });
  if (r.exitCode !== 0) throw new Error(`npm ${args.join(" ")} failed (${r.exitCode}):\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

interface PackResult {
  readonly filename: string;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

let packed: PackResult;
let prefix: string;
let cwtBin: string;
let installed: string;
const timings: Record<string, number> = {};

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await work();
  } finally {
    timings[name] = Date.now() - start;
  }
}

beforeAll(async () => {
  const work = tempDir("cwt-package-");
  const copy = path.join(work, "project");
  const listed = await execa("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, stdin: "ignore" });
  for (const file of listed.stdout.split("\0")) {
    // A tracked file deleted in the working tree is not part of what is being packed.
    if (file !== "" && existsSync(path.join(ROOT, file))) cpSync(path.join(ROOT, file), path.join(copy, file), { recursive: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");

  const packJson = await timed("npm pack", () => npm(["pack", "--json", "--pack-destination", work], copy));
  packed = (JSON.parse(packJson) as PackResult[])[0] as PackResult;
  prefix = path.join(work, "prefix");
  mkdirSync(prefix);
  await timed("npm install -g", () =>
    // --offline: everything cwt runs is bundled into dist/, so installing needs no registry at all.
    npm(["install", "--global", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", path.join(work, packed.filename)], work),
  );
  cwtBin = path.join(prefix, "bin", "cwt");
  installed = path.join(prefix, "lib", "node_modules", PKG.name);
}, 120_000);

/** The installed `cwt`, as a shell would run it: its shebang finds node on PATH. */
async function cwt(argv: readonly string[], options: { cwd: string; env: Record<string, string>; stdin?: string }) {
  const env = { ...options.env, PATH: `${path.join(prefix, "bin")}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${options.env.PATH ?? ""}` };
  const r = await execa(cwtBin, argv, {
    cwd: options.cwd,
    env,
    extendEnv: false,
    reject: false,
    ...(options.stdin === undefined ? { stdin: "ignore" as const } : { input: options.stdin }),
  });
  return { exitCode: r.exitCode ?? 1, stdout: r.stdout, stderr: r.stderr };
}

function guardPayload(cwd: string, file: string): string {
  return JSON.stringify({
    session_id: "8a1f7c3e-0000-4000-8000-000000000009",
    transcript_path: "/home/u/.claude/projects/x/8a1f7c3e.jsonl",
    cwd,
    permission_mode: "acceptEdits",
    hook_event_name: "PreToolUse",
    tool_name: "Write",
    tool_input: { file_path: file, content: "x\n" },
    tool_use_id: "toolu_09",
  });
}

describe("the npm package", () => {
  it("holds the built command and nothing of the sources", () => {
    const files = packed.files.map((f) => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        "bin/cwt.js",
        "bin/package.json", // makes bin/cwt.js CommonJS: without it, `require` fails in a "type": "module" package
        "dist/cli.js",
        "dist/guard.cjs",
        "dist/guard-lazy/config/schema.js",
        "dist/guard-lazy/core/record-schemas.js",
        "schema/cwt.config.schema.json",
        "package.json",
        "README.md",
        "LICENSE",
        "dist/THIRD_PARTY_NOTICES.txt", // the licences of the bundled packages travel with their code
      ]),
    );
    expect(files.filter((f) => !/^(bin|dist|schema)\/|^(package\.json|README\.md|LICENSE(\.md)?)$/.test(f))).toEqual([]);
    expect(files.some((f) => f.startsWith("dist/chunks/"))).toBe(true);
  });

  it("installs globally: the bin link, the manifest's engines and bin", () => {
    expect(existsSync(cwtBin)).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: "cwt", version: PKG.version, bin: { cwt: "./bin/cwt.js" }, engines: { node: ">=20.19.0" }, license: "MIT" });
    // Nothing to download: every runtime package is bundled (they are devDependencies).
    expect(manifest.dependencies).toBeUndefined();
    expect(existsSync(path.join(installed, "node_modules"))).toBe(false);
  });

  it("runs: --help and --version", async () => {
    const home = tempDir();
    const help = await cwt(["--help"], { cwd: home, env: hermeticEnv(home) });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cwt /);
    expect(help.stdout).toContain("new");
    const version = await cwt(["--version"], { cwd: home, env: hermeticEnv(home) });
    expect(version).toEqual({ exitCode: 0, stdout: PKG.version, stderr: "" });
  });

  it("prints the shipped config schema, the same as the committed copy", async () => {
    const home = tempDir();
    const r = await cwt(["config", "schema"], { cwd: home, env: hermeticEnv(home) });
    expect(r.exitCode).toBe(0);
    const shipped = readFileSync(path.join(installed, "schema", "cwt.config.schema.json"), "utf8");
    expect(`${r.stdout}\n`).toBe(shipped);
    expect(shipped).toBe(readFileSync(path.join(ROOT, "schema", "cwt.config.schema.json"), "utf8"));
  });

  describe("in a real repository", () => {
    let repo: TestRepo;
    let worktree: string;

    beforeAll(async () => {
      repo = await makeRepo({ "README.md": "# app\n", "src/app.ts": "export {};\n" });
    });

    it("cwt new T-1 makes the worktree and its branch", async () => {
      const r = await cwt(["new", "T-1"], { cwd: repo.root, env: repo.env });
      worktree = path.join(repo.root, ".claude", "worktrees", "T-1");
      expect(r).toMatchObject({ exitCode: 0, stdout: worktree });
      expect(r.stderr).toContain("created worktree T-1");
      expect(existsSync(path.join(worktree, "src", "app.ts"))).toBe(true);
      expect(await repo.git(["rev-parse", "--abbrev-ref", "HEAD"], worktree)).toBe("worktree-T-1");
      expect(await repo.git(["worktree", "list", "--porcelain"])).toContain(`worktree ${worktree}\n`);
    });

    // bin/cwt.js requires dist/guard.cjs for exactly this argv (CommonJS, no ESM loader).
    it("cwt claude guard (the CommonJS fast path) allows an edit in the session's own worktree: exit 0, silent", async () => {
      const r = await cwt(["claude", "guard"], { cwd: worktree, env: repo.env, stdin: guardPayload(worktree, path.join(worktree, "src", "app.ts")) });
      expect(r).toEqual({ exitCode: 0, stdout: "", stderr: "" });
    });

    it("cwt claude guard denies an edit into the main checkout: the JSON decision and the reason (its lazy ESM parts load from the package)", async () => {
      const r = await cwt(["claude", "guard"], { cwd: worktree, env: repo.env, stdin: guardPayload(worktree, path.join(repo.root, "src", "app.ts")) });
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
      expect(r.stderr).toMatch(/^cwt guard: [^\n]+$/);
    });

    it("cwt claude guard reads the team's guard rule from cwt.config.json (the lazily loaded config schema)", async () => {
      const gated = await makeRepo({ "README.md": "# g\n", "cwt.config.json": '{"guard": {"mainCheckout": "deny"}}' });
      const r = await cwt(["claude", "guard"], { cwd: gated.root, env: gated.env, stdin: guardPayload(gated.root, path.join(gated.root, "README.md")) });
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(r.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
      expect(r.stderr).toMatch(/^cwt guard: [^\n]+$/);
    });
  });

  it("packs and installs within a minute", () => {
    // Reported in the test output: what CI pays for this check.
    console.info(`package e2e: ${Object.entries(timings).map(([k, v]) => `${k} ${v} ms`).join(", ")}`);
    expect((timings["npm pack"] ?? 0) + (timings["npm install -g"] ?? 0)).toBeLessThan(60_000);
  });
});
