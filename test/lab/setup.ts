// vitest globalSetup for the lab: installs the pinned Claude Code into .cache/ (ignored by git)
// once, and tmux from Debian's packages when missing. Never touches the real HOME.
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { CLAUDE_CODE_PACKAGE, CLAUDE_CODE_VERSION } from "./claude-version.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const CACHE = path.join(ROOT, ".cache", `claude-code-${CLAUDE_CODE_VERSION}`);
export const CLAUDE_BIN_DIR = path.join(CACHE, "node_modules", ...CLAUDE_CODE_PACKAGE.split("/"));

export default async function setup(): Promise<void> {
  if (!existsSync(path.join(CLAUDE_BIN_DIR, "claude"))) {
    mkdirSync(CACHE, { recursive: true });
    await execa("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefix", CACHE, `${CLAUDE_CODE_PACKAGE}@${CLAUDE_CODE_VERSION}`], { stdio: "inherit" });
  }
  const tmux = await execa("tmux", ["-V"], { reject: false });
  if (tmux.exitCode !== 0) {
    await execa("apt-get", ["update", "-qq"], { stdio: "inherit" });
    await execa("apt-get", ["install", "-y", "-qq", "tmux"], { stdio: "inherit", env: { DEBIAN_FRONTEND: "noninteractive" } });
  }
}
