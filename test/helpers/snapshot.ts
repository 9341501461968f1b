// A repository's observable state, to prove that a refused or failed command changed nothing.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { TestRepo } from "./git-repo.ts";

export interface RepoState {
  readonly worktrees: string;
  readonly branches: string;
  readonly status: string;
  readonly claudeDir: string[] | null;
  readonly adminDirs: string[];
  readonly exclude: string;
}

function listTree(dir: string): string[] | null {
  if (!existsSync(dir)) return null;
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

export async function repoState(repo: TestRepo): Promise<RepoState> {
  const common = path.join(repo.root, ".git");
  const excludeFile = path.join(common, "info", "exclude");
  return {
    worktrees: await repo.git(["worktree", "list", "--porcelain"]),
    branches: await repo.git(["for-each-ref", "--format=%(refname) %(objectname)", "refs/heads/"]),
    status: await repo.git(["status", "--porcelain=v2", "--untracked-files=all"]),
    claudeDir: listTree(path.join(repo.root, ".claude")),
    adminDirs: listTree(path.join(common, "worktrees")) ?? [],
    exclude: existsSync(excludeFile) ? readFileSync(excludeFile, "utf8") : "",
  };
}
