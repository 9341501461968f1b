// The edit guard's decision (`cwt claude guard`, a Claude Code PreToolUse hook). Pure: the places
// (which checkout of which repository a path belongs to) are found by src/core/checkout.ts.
//
// The rules, in order (the first that applies decides):
//   1. the session's folder is in no git checkout                 → allow (not cwt's business)
//   2. the target is inside git's own data of the session's repository (the common dir: hooks,
//      config, refs, a worktree's admin folder; or a checkout's `.git` file)  → deny
//   3. the target is in no git checkout                            → allow
//   4. the target is in another repository (another common dir)    → allow
//   5. the target is in the session's own checkout                 → allow, except a session in the
//      main checkout when the team's cwt.config.json says `"guard": {"mainCheckout": "deny"}`
//   6. the target is in another checkout of the same repository    → deny, naming the equivalent
//      path in the session's own checkout
// Why rule 2: nothing a session does through Edit/Write should go into `.git/`. A hook script or a
// config change there runs in, or changes, every checkout of the repository (every session, the
// user's own commits); git commands are the way to change git's data.
import path from "node:path";
import { isInside } from "./paths.ts";

/** The tools whose file the guard checks, and the field of `tool_input` that names it. */
export const GUARDED_TOOLS: Readonly<Record<string, "file_path" | "notebook_path">> = {
  Edit: "file_path",
  Write: "file_path",
  MultiEdit: "file_path",
  NotebookEdit: "notebook_path",
};

/** Where a path lies: in no checkout, or in one checkout of one repository (all paths real, absolute). */
export type Place =
  | { readonly kind: "outside" }
  | {
      readonly kind: "checkout";
      /** The folder holding the nearest `.git`. */
      readonly root: string;
      /** The repository's common dir: the same for the main checkout and all its linked worktrees. */
      readonly commonDir: string;
      /** This checkout's own git dir (the common dir for a main checkout; `<common>/worktrees/<id>` for a linked one). */
      readonly gitDir: string;
      /** A main checkout (its git dir is the common dir), not a linked worktree. */
      readonly isMain: boolean;
    };

export type Checkout = Extract<Place, { kind: "checkout" }>;

export type MainCheckoutRule = "allow" | "deny";

export type AllowReason = "not-a-guarded-edit" | "session-outside-repository" | "target-outside-repository" | "other-repository" | "own-checkout";

export type Verdict =
  | { readonly action: "allow"; readonly because: AllowReason }
  | { readonly action: "deny"; readonly rule: "git-internals"; readonly target: string; readonly commonDir: string }
  | {
      readonly action: "deny";
      readonly rule: "other-checkout";
      readonly target: string;
      readonly targetCheckout: Checkout;
      readonly sessionCheckout: Checkout;
      /** The same relative path, in the session's own checkout. */
      readonly equivalent: string;
    }
  | { readonly action: "deny"; readonly rule: "main-checkout"; readonly target: string; readonly mainRoot: string }
  /** Session and target are both in the main checkout: the team's config decides (`mainCheckoutVerdict`). */
  | { readonly action: "ask-config"; readonly target: string; readonly mainRoot: string };

export type Denial = Extract<Verdict, { action: "deny" }>;

function samePath(a: string, b: string, caseInsensitive: boolean): boolean {
  return caseInsensitive ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** `target`'s path inside `root` ("" for the root itself), keeping the target's own spelling. */
function relativeIn(root: string, target: string, caseInsensitive: boolean): string {
  const exact = path.relative(root, target);
  if (!caseInsensitive || (exact !== ".." && !exact.startsWith(`..${path.sep}`))) return exact;
  const folded = path.relative(root.toLowerCase(), target.toLowerCase());
  return folded === "" ? "" : target.slice(Math.max(0, target.length - folded.length));
}

/** `.git` itself; `.GIT` too only where the file system folds case (elsewhere it is an ordinary name). */
function isDotGit(segment: string | undefined, caseInsensitive: boolean): boolean {
  return (caseInsensitive ? segment?.toLowerCase() : segment) === ".git";
}

/** The guard's decision for one edit. `target` is the edited file's real path (its place is `targetPlace`). */
export function decideEdit(session: Place, targetPlace: Place, target: string, caseInsensitive: boolean): Verdict {
  if (session.kind === "outside") return { action: "allow", because: "session-outside-repository" };
  const internal =
    isInside(target, session.commonDir, caseInsensitive) ||
    isInside(target, session.gitDir, caseInsensitive) ||
    (targetPlace.kind === "checkout" &&
      samePath(targetPlace.commonDir, session.commonDir, caseInsensitive) &&
      isDotGit(relativeIn(targetPlace.root, target, caseInsensitive).split(path.sep)[0], caseInsensitive));
  if (internal) return { action: "deny", rule: "git-internals", target, commonDir: session.commonDir };
  if (targetPlace.kind === "outside") return { action: "allow", because: "target-outside-repository" };
  if (!samePath(targetPlace.commonDir, session.commonDir, caseInsensitive)) return { action: "allow", because: "other-repository" };
  if (samePath(targetPlace.root, session.root, caseInsensitive)) {
    return session.isMain ? { action: "ask-config", target, mainRoot: session.root } : { action: "allow", because: "own-checkout" };
  }
  return {
    action: "deny",
    rule: "other-checkout",
    target,
    targetCheckout: targetPlace,
    sessionCheckout: session,
    equivalent: path.join(session.root, relativeIn(targetPlace.root, target, caseInsensitive)),
  };
}

/** Rule 5's exception, once the team's setting is known. */
export function mainCheckoutVerdict(verdict: Extract<Verdict, { action: "ask-config" }>, rule: MainCheckoutRule): Verdict {
  return rule === "deny"
    ? { action: "deny", rule: "main-checkout", target: verdict.target, mainRoot: verdict.mainRoot }
    : { action: "allow", because: "own-checkout" };
}

/** A ticket as a shell word: bare when it is plainly safe, else JSON-quoted. */
function shellWord(ticket: string): string {
  return /^[A-Za-z0-9._+/@%=:,-]+$/.test(ticket) && !ticket.startsWith("-") ? ticket : JSON.stringify(ticket);
}

/**
 * The one paragraph Claude Code shows the model as the reason (stderr of exit 2): what was refused,
 * and what to do instead. `ticket` names the target worktree for `cwt launch` (when it is a linked one).
 */
export function denialReason(denial: Denial, ticket?: string): string {
  switch (denial.rule) {
    case "git-internals":
      return (
        `cwt guard: ${denial.target} is inside git's own data for this repository (${denial.commonDir}), not a project file. ` +
        "Editing it by hand changes every checkout of the repository (hooks and config run for every session) and can corrupt it. " +
        "Use git commands for git's data (for example git config), or ask the user to make this change."
      );
    case "main-checkout":
      return (
        `cwt guard: this team keeps the main checkout (${denial.mainRoot}) free of direct edits by Claude sessions ` +
        `(guard.mainCheckout is "deny" in its cwt.config.json), so ${denial.target} was not changed. ` +
        "Make a worktree: cwt new TICKET && cwt launch TICKET, and make the change there."
      );
    case "other-checkout": {
      const { targetCheckout: other, sessionCheckout: own } = denial;
      const where = other.isMain ? `the main checkout (${other.root})` : `the worktree ${other.root}`;
      const ownName = own.isMain ? `the main checkout (${own.root})` : `its own worktree (${own.root})`;
      const elsewhere = other.isMain
        ? `To work on the main checkout itself, start a session there (cd ${other.root} && claude).`
        : `To work on that checkout, start a session there: cwt launch ${shellWord(ticket ?? path.basename(other.root))}.`;
      return (
        `cwt guard: ${denial.target} is in ${where}, another checkout of this repository than this session's, ` +
        `which works in ${ownName}; an edit there would land on another branch, under another session's feet. ` +
        `Edit the same file in this session's checkout instead: ${denial.equivalent}. ${elsewhere}`
      );
    }
  }
}
