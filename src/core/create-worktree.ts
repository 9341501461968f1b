// `cwt new`: one linked worktree and branch per ticket. All checks run before anything is
// written; once writing starts, a failure or interrupt rolls back what this call made.
import { realOrSelf } from "../io/real-path.ts";
import { hasControlChars } from "../policy/text.ts";
import { chmod, lstat, mkdir, readFile, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import type { Config } from "../config/schema.ts";
import type { Deps } from "../deps.ts";
import { GitCommandError, InterruptedError, NotFoundError, RefusedError, UsageError } from "../errors.ts";
import { Git } from "../git/client.ts";
import { checkNewTicket, collisionKey, namesFor } from "../policy/naming.ts";
import { copyIncluded, type CopyResult } from "./copy-included.ts";
import { ensureExcluded, makeFolders, requireNoSymlinks } from "./fs-safety.ts";
import { loadInventory } from "./inventory.ts";
import { type CreateItem, Journal } from "./journal.ts";
import { loadAdminDirs, saveCopied, saveRecord, type WorktreeRecord } from "./records.ts";
import { reloadEntries, type Repo } from "./repo.ts";
import { withRepoLock } from "./repo-lock.ts";
import { findWorktree, worktreeRootOf } from "./resolve-worktree.ts";
import { type FillResult, fillSubmodules } from "./submodules.ts";
import { setSparsePatterns, markExtension, planSparse, releaseWorktreeConfig, type SparsePlan } from "./sparse.ts";

export interface CreateInput {
  readonly ticket: string;
  readonly base?: string | undefined;
  readonly branch?: string | undefined;
  readonly owner?: string | undefined;
  /**
   * Set when Claude Code asks through its WorktreeCreate hook: the name is Claude's, so only
   * Claude's own name rules apply (not the team's ticketPattern, not cwt's reserved names).
   */
  readonly claude?: { readonly sessionId: string | null } | undefined;
  /** False: leave its submodules empty (`--no-submodules`); default: config `fillSubmodules`. */
  readonly submodules?: boolean | undefined;
}

export interface CreateResult {
  readonly path: string;
  readonly record: WorktreeRecord;
  /** False when an existing branch was checked out. */
  readonly branchCreated: boolean;
  readonly copy: CopyResult;
  readonly excludeAdded: boolean;
  /** Its submodules, filled from the main checkout's copies; null when it has none or filling was off. */
  readonly submodules: FillResult | null;
  /** A sparse checkout (only these folders plus root-level files), and where its folders come from; null: full. */
  readonly sparse: { readonly paths: readonly string[]; readonly source: string } | null;
  /** The repository's post-checkout hook, as git ran it in the new worktree. */
  readonly postCheckout: PostCheckout;
}

type CreateDeps = Pick<Deps, "env" | "now" | "signal" | "platform"> & Partial<Pick<Deps, "progress" | "crashPoint">>;

/** The checks that need no git; git's own check-ref-format runs beside the other lookups. */
function branchProblem(branch: string): string | undefined {
  if (branch.length === 0 || branch.length > 255) return "it must be 1 to 255 characters";
  if (branch.startsWith("-")) return "it starts with '-'";
  if (hasControlChars(branch)) return "it contains control characters";
  return undefined;
}

function invalidBranch(branch: string, fromTemplate: boolean, why: string): UsageError {
  return new UsageError("INVALID_BRANCH", `invalid branch name ${JSON.stringify(branch)}${fromTemplate ? " (from branchTemplate)" : ""}: ${why}`);
}

async function resolveBase(repo: Repo, config: Config, given: string | undefined): Promise<{ ref: string | null; commit: string }> {
  const ref = given ?? config.defaultBase;
  if (ref !== undefined) {
    if (ref.startsWith("-") || hasControlChars(ref)) {
      throw new UsageError("INVALID_BASE", `invalid base ${JSON.stringify(ref)}`);
    }
    const out = await repo.git.exec(["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
    if (out.exitCode !== 0) {
      throw new NotFoundError("BASE_NOT_FOUND", `base ${JSON.stringify(ref)} is not a commit in this repository`, {
        hint: given === undefined ? "defaultBase is set in cwt.config.json" : "pass --base with a branch, tag or commit",
      });
    }
    return { ref, commit: out.stdout.trim() };
  }
  // The main checkout's HEAD, as `git worktree list` already reported it: no extra git call.
  const main = repo.entries[0];
  if (!main?.head || /^0+$/.test(main.head)) {
    throw new NotFoundError("BASE_NOT_FOUND", "the main checkout has no commit yet to branch from", {
      hint: "make a first commit, or pass --base",
    });
  }
  return { ref: main.branch ?? null, commit: main.head };
}

/** What the repository's post-checkout hook printed while cwt checked the worktree out, and how it ended. */
export interface PostCheckout {
  /** Its output (git sends the hook's stdout to stderr too); "" when it printed nothing or there is none. */
  readonly output: string;
  /** The hook's exit code when it failed; the worktree is complete all the same. null: it did not fail. */
  readonly failedWith: number | null;
}

/**
 * Runs a git command that checks files out (and so runs post-checkout). git returns the hook's exit
 * code as its own, with the worktree complete: that is told apart from git's own failure by the
 * worktree being its own checkout, a hook being there, and the checkout matching HEAD (status
 * clean), and is reported rather than rolled back.
 */
async function checkoutWithHook(git: Git, args: readonly string[], target: string, cwd?: string): Promise<PostCheckout> {
  const options = cwd === undefined ? {} : { cwd };
  const out = await git.exec(args, options);
  if (out.exitCode === 0) return { output: out.stderr, failedWith: null };
  // All asked in the new worktree itself: if git never made it, these would answer for the checkout around it.
  const [top, hookPath, status] = await Promise.all([
    git.exec(["rev-parse", "--show-toplevel"], { cwd: target }),
    git.exec(["rev-parse", "--path-format=absolute", "--git-path", "hooks/post-checkout"], { cwd: target }),
    git.exec(["status", "--porcelain", "-z", "--untracked-files=no"], { cwd: target }),
  ]);
  const itself = top.exitCode === 0 && (await realOrSelf(top.stdout.trim())) === (await realOrSelf(target));
  const hook = itself && hookPath.exitCode === 0 ? await lstat(hookPath.stdout.trim()).catch(() => undefined) : undefined;
  const complete = itself && status.exitCode === 0 && status.stdout === "";
  if (!hook || !complete) throw new GitCommandError(args, out.exitCode, out.stderr);
  return { output: out.stderr, failedWith: out.exitCode };
}

/** git's own refusal of `worktree add -b` for a branch that exists (LANG=C), not a hook's words. */
export function branchAlreadyExists(stderr: string, branch: string): boolean {
  return stderr.split("\n").includes(`fatal: a branch named '${branch}' already exists`);
}

/** A linked worktree's admin folder, from the `gitdir:` line git wrote into its `.git` file. */
async function adminDirOf(worktree: string): Promise<string> {
  const line = (await readFile(path.join(worktree, ".git"), "utf8")).trim();
  if (!line.startsWith("gitdir: ")) throw new Error(`${worktree}/.git is not a worktree's .git file`);
  return path.resolve(worktree, line.slice("gitdir: ".length));
}

export async function createWorktree(input: CreateInput, repo: Repo, config: Config, deps: CreateDeps): Promise<CreateResult> {
  return withRepoLock(repo, deps, `cwt new ${input.ticket}`, async (waited) => {
    const made = await createUnlocked(input, waited ? await reloadEntries(repo) : repo, config, deps);
    // Past the rollback: a submodule that cannot be filled leaves a usable worktree, and is named.
    const fill = input.submodules ?? config.fillSubmodules;
    return { ...made, submodules: fill ? await fillSubmodules(repo.git, made.path, repo.commonDir, { signal: deps.signal, sparse: made.sparse !== null }) : null };
  });
}

async function createUnlocked(input: CreateInput, repo: Repo, config: Config, deps: CreateDeps): Promise<Omit<CreateResult, "submodules">> {
  const { git, mainRoot } = repo;
  if (!input.claude) checkNewTicket(input.ticket, config);
  const names = namesFor(input.ticket, config, path.basename(mainRoot));
  const branch = input.branch ?? names.branch;
  const problem = branchProblem(branch);
  if (problem) throw invalidBranch(branch, input.branch === undefined, problem);
  const root = worktreeRootOf(mainRoot, config);
  const target = path.join(root, names.folder);

  await requireNoSymlinks(mainRoot, root);
  // Every lookup at once (git processes are the cost), then the verdicts in a fixed order.
  const settle = <T>(p: Promise<T>) => p.then((value) => ({ value }), (error: unknown) => ({ error }));
  const [refFormat, worktrees, baseResult, branchList, email, sparseResult] = await Promise.all([
    git.exec(["check-ref-format", "--branch", branch]),
    loadInventory(repo),
    settle(resolveBase(repo, config, input.base)),
    git.run(["for-each-ref", "--format=%(refname:lstrip=2)", "refs/heads/"]),
    input.owner === undefined ? git.exec(["config", "--get", "user.email"]) : undefined,
    settle(planSparse(repo, config, deps)),
  ]);
  if (refFormat.exitCode !== 0 || refFormat.stdout.trim() !== branch) throw invalidBranch(branch, input.branch === undefined, "git does not accept it as a branch name");
  const existing = findWorktree(worktrees, input.ticket, config, mainRoot);
  if (existing) {
    throw new RefusedError("WORKTREE_EXISTS", `ticket ${input.ticket} already has a worktree: ${existing.path}`, {
      hint: `cd "$(cwt path ${input.ticket})" to use it`,
    });
  }
  const clash = worktrees.find(
    (w) => !w.isMain && (collisionKey(path.basename(w.path)) === collisionKey(names.folder) || (w.record && collisionKey(w.record.ticket) === collisionKey(input.ticket))),
  );
  if (clash) {
    throw new RefusedError("TICKET_COLLISION", `ticket ${input.ticket} collides with the worktree ${clash.name} (${clash.path}): names differ only in case or '/'`);
  }
  if ("error" in baseResult) throw baseResult.error;
  const base = baseResult.value;
  if ("error" in sparseResult) throw sparseResult.error;
  const sparse: SparsePlan | null = sparseResult.value;
  const branches = branchList.split("\n").filter(Boolean);
  const branchExists = branches.includes(branch);
  const caseClash = branches.find((b) => b !== branch && b.toLowerCase() === branch.toLowerCase());
  if (caseClash) {
    throw new RefusedError("BRANCH_COLLISION", `branch ${branch} collides with the existing branch ${caseClash}: names differ only in case`);
  }
  if (branchExists) {
    const user = worktrees.find((w) => w.entry.branch === branch);
    if (user) {
      throw new RefusedError("BRANCH_IN_USE", `branch ${branch} is already checked out in ${user.path}`, {
        hint: "pass --branch with another name",
      });
    }
  }
  try {
    await lstat(target);
    // Another cwt may have made it just before this one took the lock (its view of git's worktrees
    // predates that): ask git again before calling the folder a stranger.
    const now = findWorktree(await loadInventory(await reloadEntries(repo)), input.ticket, config, mainRoot);
    if (now) throw new RefusedError("WORKTREE_EXISTS", `ticket ${input.ticket} already has a worktree: ${now.path}`, { hint: `cd "$(cwt path ${input.ticket})" to use it` });
    throw new RefusedError("PATH_EXISTS", `${target} already exists and is not a worktree git knows`, {
      hint: "move that folder away, or check `cwt list` for a worktree with a similar name",
    });
  } catch (error) {
    if (error instanceof RefusedError) throw error;
  }
  const owner = input.owner ?? (email?.exitCode === 0 ? email.stdout.trim() || null : null);

  // Writing starts here. Everything below is undone if it fails or is interrupted; the journal
  // says what was done, should cwt be killed outright (cwt doctor --fix then undoes it).
  const journal = await Journal.begin(repo.commonDir, `cwt new ${input.ticket}`, deps);
  const item = await journal.add({ op: "new", ticket: input.ticket, path: target, branch, branchCreatedAt: null, folderMade: false, addStarted: false });
  const step = (patch: Partial<CreateItem>) => journal.update<CreateItem>(item, patch);
  const crash = (point: string) => deps.crashPoint?.(`new:${point}`);
  const undo: (() => Promise<unknown>)[] = [];
  const rollbackGit = new Git(mainRoot, deps.env); // not tied to the abort signal
  let addStarted = false;
  const checkpoint = () => {
    if (deps.signal.aborted) throw new InterruptedError();
  };
  try {
    checkpoint();
    const excludeAdded = await ensureExcluded(repo.commonDir, mainRoot, root);
    const firstCreated = await makeFolders(root, 0o700);
    if (firstCreated !== undefined) {
      undo.push(async () => {
        for (let dir = root; dir.length >= firstCreated.length; dir = path.dirname(dir)) {
          await rmdir(dir).catch(() => undefined);
        }
      });
    }
    await step({ folderMade: true });
    try {
      await mkdir(target, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") {
        throw new RefusedError("PATH_EXISTS", `${target} was created by someone else just now`);
      }
      throw error;
    }
    undo.push(() => rm(target, { recursive: true, force: true }));
    crash("folder");
    checkpoint();
    if (sparse && !sparse.extensionWasOn) {
      // Said before git turns the extension on; undone after the worktree's own removal below.
      await markExtension(git);
      undo.push(() => releaseWorktreeConfig(repo));
    }
    // A new branch is made by the same git process (`worktree add -b <branch> <path> <commit>`),
    // which refuses, making nothing, when the branch appeared meanwhile. Its undo (after the
    // worktree's) deletes it only while it is still at the base commit, and never after git said it
    // already existed: then it is someone else's.
    let branchTaken = false;
    if (!branchExists) {
      undo.push(() => (branchTaken ? Promise.resolve() : rollbackGit.exec(["update-ref", "-d", `refs/heads/${branch}`, base.commit])));
    }
    undo.push(() => rollbackGit.exec(["worktree", "remove", "--force", "--force", target]));
    addStarted = true;
    await step({ addStarted: true, head: base.commit, ...(branchExists ? {} : { branchCreatedAt: base.commit }) });
    // Sparse: no checkout yet, or git would write every file before the patterns exist.
    // git runs the repository's post-checkout hook after whichever command checks the files out.
    const addArgs = ["worktree", "add", "--quiet", ...(sparse ? ["--no-checkout"] : [])];
    let postCheckout = await checkoutWithHook(git, branchExists ? [...addArgs, target, branch] : [...addArgs, "-b", branch, target, base.commit], target).catch(
      (error: unknown) => {
        branchTaken = error instanceof GitCommandError && branchAlreadyExists(error.stderr, branch);
        throw error;
      },
    );
    if (sparse) {
      await setSparsePatterns(git, target, sparse.paths);
      postCheckout = await checkoutWithHook(git, ["checkout", "--quiet"], target, target);
    }
    crash("add");
    await chmod(target, 0o700);
    checkpoint();
    const adminDir = await adminDirOf(target);
    await step({ adminDir });
    const record: WorktreeRecord = {
      version: 1,
      ticket: input.ticket,
      branch,
      branchCreated: !branchExists,
      owner,
      base,
      createdAt: deps.now().toISOString(),
      ...(input.claude ? { createdBy: "claude hook" as const, claudeSessionId: input.claude.sessionId } : {}),
      ...(sparse ? { sparsePaths: [...sparse.paths] } : {}),
    };
    await saveRecord(adminDir, record);
    crash("record");
    checkpoint();
    const copy = await copyIncluded(git, mainRoot, target, [path.join(mainRoot, ".claude", "worktrees")], (done, total) => deps.progress?.("copying files named by .worktreeinclude", done, total));
    if (copy.manifest.length > 0) await saveCopied(adminDir, copy.manifest);
    crash("copy");
    checkpoint();
    await journal.end();
    return { path: target, record, branchCreated: !branchExists, copy, excludeAdded, sparse: sparse && { paths: sparse.paths, source: sparse.source }, postCheckout };
  } catch (error) {
    let undone = true;
    for (const undoStep of undo.reverse()) {
      await undoStep().catch(() => {
        undone = false;
      });
    }
    // If git was killed half-way through our `worktree add`, its admin folder for our path may
    // outlive the folder. No worktree had this path before the call, so that admin folder is ours.
    const leftover = addStarted ? (await loadAdminDirs(repo.commonDir)).get(target) : undefined;
    if (leftover) await rm(leftover, { recursive: true, force: true }).catch(() => undefined);
    // Undone: nothing is left to report. Otherwise the journal stays for cwt doctor.
    if (undone) await journal.end();
    throw deps.signal.aborted ? new InterruptedError() : error;
  }
}
