// vitest globalSetup for the shells project: installs zsh, fish and tmux (the terminal of the TAB
// tests) from Debian's packages when missing (bash is always there), as test/lab/setup.ts does.
// The tests drive the built bin/cwt.js: `npm test` builds first; alone, run `node scripts/build.mjs`.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const PROGRAMS: Record<string, string[]> = { zsh: ["--version"], fish: ["--version"], tmux: ["-V"] };

async function missing(program: string): Promise<boolean> {
  return (await execa(program, PROGRAMS[program] ?? [], { reject: false, stdin: "ignore" })).exitCode !== 0;
}

export default async function setup(): Promise<void> {
  if (!existsSync(path.join(ROOT, "dist", "cli.js"))) throw new Error("dist/cli.js is missing: run node scripts/build.mjs first (npm test does)");
  const packages: string[] = [];
  for (const program of Object.keys(PROGRAMS)) if (await missing(program)) packages.push(program);
  if (packages.length === 0) return;
  // CI runs as root; elsewhere sudo, if it can run without asking.
  const sudo = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  // The lab's setup may be installing tmux at the same moment: wait for dpkg's lock, do not fail on it.
  const apt = async (args: string[]) => {
    const [file = "apt-get", ...rest] = [...sudo, "apt-get", "-o", "DPkg::Lock::Timeout=300", ...args];
    await execa(file, rest, { stdio: ["ignore", "inherit", "inherit"], env: { DEBIAN_FRONTEND: "noninteractive" } });
  };
  await apt(["update", "-qq"]);
  await apt(["install", "-y", "-qq", "--no-install-recommends", ...packages]);
  for (const program of packages) if (await missing(program)) throw new Error(`${program} is still missing after apt-get install`);
}
