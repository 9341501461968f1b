// A superproject with a submodule (vendor/lib) that has a nested submodule (nested), each with its
// own bare "remote", all real git in a temporary folder. The main checkout has them initialised.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { makeRepo, tempDir, type TestRepo } from "./git-repo.ts";

export interface Superproject {
  readonly repo: TestRepo;
  /** The bare remotes: the superproject's own, the submodule's and the nested one's. */
  readonly remotes: { readonly super: string; readonly lib: string; readonly nested: string };
  /** git with local-path submodule URLs allowed (git 2.38.1+ refuses them by default). */
  git(args: readonly string[], cwd?: string): Promise<string>;
}

const FILE_ALLOWED = ["-c", "protocol.file.allow=always"];

/** A bare repository `<dir>/<name>.git` holding one commit with `files`, made through a scratch checkout. */
async function bareWith(repo: TestRepo, dir: string, name: string, files: Record<string, string>, submodule?: { url: string; at: string }): Promise<string> {
  const work = path.join(dir, `${name}-work`);
  const bare = path.join(dir, `${name}.git`);
  mkdirSync(work);
  await repo.git(["init", "-q", "-b", "main"], work);
  for (const [file, content] of Object.entries(files)) repo.write(file, content, work);
  if (submodule) await repo.git([...FILE_ALLOWED, "submodule", "add", "-q", submodule.url, submodule.at], work);
  await repo.git(["add", "-A"], work);
  await repo.git(["commit", "-q", "-m", `${name} 1`], work);
  await repo.git(["clone", "-q", "--bare", work, bare]);
  return bare;
}

export async function makeSuperproject(): Promise<Superproject> {
  const repo = await makeRepo({ "README.md": "# super\n" });
  const dir = tempDir("cwt-remotes-");
  const nested = await bareWith(repo, dir, "nested", { "n.txt": "nested\n" });
  const lib = await bareWith(repo, dir, "lib", { "lib.txt": "lib\n" }, { url: nested, at: "nested" });
  const superRemote = path.join(dir, "super.git");
  await repo.git(["init", "-q", "--bare", superRemote]);
  await repo.git(["remote", "add", "origin", superRemote]);
  await repo.git([...FILE_ALLOWED, "submodule", "add", "-q", lib, "vendor/lib"]);
  await repo.git(["commit", "-q", "-m", "add vendor/lib"]);
  await repo.git([...FILE_ALLOWED, "submodule", "update", "--init", "--recursive", "-q"]);
  await repo.git(["push", "-q", "origin", "main"]);
  await repo.git(["fetch", "-q", "origin"]);
  return {
    repo,
    remotes: { super: superRemote, lib, nested },
    git: (args, cwd) => repo.git([...FILE_ALLOWED, ...args], cwd),
  };
}
