import { describe, expect, it } from "vitest";
import { type Checkout, decideEdit, denialReason, GUARDED_TOOLS, mainCheckoutVerdict, type Place, type Verdict } from "./guard.ts";

const MAIN: Checkout = { kind: "checkout", root: "/r/app", commonDir: "/r/app/.git", gitDir: "/r/app/.git", isMain: true };
const linked = (name: string, root = `/r/app/.claude/worktrees/${name}`): Checkout => ({
  kind: "checkout",
  root,
  commonDir: "/r/app/.git",
  gitDir: `/r/app/.git/worktrees/${name}`,
  isMain: false,
});
const WT_A = linked("A");
const WT_B = linked("B");
const OUT_OF_TREE = linked("far", "/elsewhere/app-far");
const OTHER_REPO: Checkout = { kind: "checkout", root: "/r/lib", commonDir: "/r/lib/.git", gitDir: "/r/lib/.git", isMain: true };
const SUBMODULE: Checkout = { kind: "checkout", root: "/r/app/vendor/sub", commonDir: "/r/app/.git/modules/sub", gitDir: "/r/app/.git/modules/sub", isMain: true };
const OUTSIDE: Place = { kind: "outside" };

const action = (v: Verdict) => (v.action === "deny" ? `deny:${v.rule}` : v.action === "allow" ? `allow:${v.because}` : v.action);

describe("decideEdit: the decision table", () => {
  it.each<[string, Place, Place, string, string]>([
    ["worktree → its own file", WT_A, WT_A, "/r/app/.claude/worktrees/A/src/x.ts", "allow:own-checkout"],
    ["worktree → main checkout", WT_A, MAIN, "/r/app/src/x.ts", "deny:other-checkout"],
    ["worktree → sibling worktree", WT_A, WT_B, "/r/app/.claude/worktrees/B/src/x.ts", "deny:other-checkout"],
    ["worktree → worktree outside the main folder", WT_A, OUT_OF_TREE, "/elsewhere/app-far/x.ts", "deny:other-checkout"],
    ["worktree → outside any repository", WT_A, OUTSIDE, "/tmp/notes.txt", "allow:target-outside-repository"],
    ["worktree → another repository", WT_A, OTHER_REPO, "/r/lib/x.ts", "allow:other-repository"],
    ["worktree → a submodule (its own repository)", WT_A, SUBMODULE, "/r/app/vendor/sub/x.ts", "allow:other-repository"],
    ["worktree → the common dir's hooks", WT_A, MAIN, "/r/app/.git/hooks/pre-commit", "deny:git-internals"],
    ["worktree → its own admin folder", WT_A, MAIN, "/r/app/.git/worktrees/A/HEAD", "deny:git-internals"],
    ["worktree → its own .git file", WT_A, WT_A, "/r/app/.claude/worktrees/A/.git", "deny:git-internals"],
    ["main → its own file", MAIN, MAIN, "/r/app/src/x.ts", "ask-config"],
    ["main → a linked worktree inside its folder", MAIN, WT_A, "/r/app/.claude/worktrees/A/src/x.ts", "deny:other-checkout"],
    ["main → .git/config", MAIN, MAIN, "/r/app/.git/config", "deny:git-internals"],
    ["main → a submodule's git dir (inside the common dir)", MAIN, MAIN, "/r/app/.git/modules/sub/config", "deny:git-internals"],
    ["main → another repository", MAIN, OTHER_REPO, "/r/lib/x.ts", "allow:other-repository"],
    ["main → outside", MAIN, OUTSIDE, "/tmp/x", "allow:target-outside-repository"],
    ["outside → main checkout", OUTSIDE, MAIN, "/r/app/src/x.ts", "allow:session-outside-repository"],
    ["outside → .git internals", OUTSIDE, MAIN, "/r/app/.git/config", "allow:session-outside-repository"],
    ["another repository → this one's main", OTHER_REPO, MAIN, "/r/app/src/x.ts", "allow:other-repository"],
    ["a common dir outside every checkout (separate git dir)", { ...MAIN, commonDir: "/git/app.git", gitDir: "/git/app.git" }, OUTSIDE, "/git/app.git/config", "deny:git-internals"],
    ["a file merely named like .git inside a folder", WT_A, WT_A, "/r/app/.claude/worktrees/A/docs/.git/x", "allow:own-checkout"],
    ["a file named .gitignore", WT_A, WT_A, "/r/app/.claude/worktrees/A/.gitignore", "allow:own-checkout"],
  ])("%s", (_name, session, targetPlace, target, expected) => {
    expect(action(decideEdit(session, targetPlace, target, false))).toBe(expected);
  });
});

describe("decideEdit: the equivalent path in the session's own checkout", () => {
  it("worktree session, target in main: the same relative path under the worktree", () => {
    const v = decideEdit(WT_A, MAIN, "/r/app/src/deep/x.ts", false);
    expect(v).toMatchObject({ action: "deny", rule: "other-checkout", equivalent: "/r/app/.claude/worktrees/A/src/deep/x.ts" });
  });

  it("main session, target in a worktree: the same relative path under main", () => {
    const v = decideEdit(MAIN, WT_B, "/r/app/.claude/worktrees/B/README.md", false);
    expect(v).toMatchObject({ action: "deny", rule: "other-checkout", equivalent: "/r/app/README.md" });
  });
});

describe("decideEdit: case-insensitive paths", () => {
  const upper: Checkout = { ...WT_A, root: "/R/App/.claude/worktrees/A", commonDir: "/R/App/.git" };
  it("compares roots and common dirs ignoring case when the platform does", () => {
    expect(action(decideEdit(WT_A, upper, "/R/App/.claude/worktrees/A/x.ts", true))).toBe("allow:own-checkout");
    expect(action(decideEdit(WT_A, upper, "/R/App/.claude/worktrees/A/x.ts", false))).toBe("allow:other-repository");
  });

  it("sees .GIT internals and keeps the target's spelling in the equivalent path", () => {
    expect(action(decideEdit(WT_A, MAIN, "/R/APP/.GIT/config", true))).toBe("deny:git-internals");
    const v = decideEdit(WT_A, { ...MAIN, root: "/R/App" }, "/R/App/Src/X.ts", true);
    expect(v).toMatchObject({ rule: "other-checkout", equivalent: "/r/app/.claude/worktrees/A/Src/X.ts" });
  });
});

describe("mainCheckoutVerdict", () => {
  const ask = decideEdit(MAIN, MAIN, "/r/app/src/x.ts", false);
  if (ask.action !== "ask-config") throw new Error("expected ask-config");

  it('"deny" refuses the edit; "allow" lets it through', () => {
    expect(mainCheckoutVerdict(ask, "deny")).toEqual({ action: "deny", rule: "main-checkout", target: "/r/app/src/x.ts", mainRoot: "/r/app" });
    expect(mainCheckoutVerdict(ask, "allow")).toEqual({ action: "allow", because: "own-checkout" });
  });
});

describe("denialReason", () => {
  const deny = (v: Verdict) => {
    if (v.action !== "deny") throw new Error(`expected a denial, got ${v.action}`);
    return v;
  };

  it("worktree → main: names both checkouts, the equivalent path, and how to work on main", () => {
    const text = denialReason(deny(decideEdit(WT_A, MAIN, "/r/app/src/x.ts", false)));
    expect(text).toMatch(/^cwt guard: \/r\/app\/src\/x\.ts is in the main checkout \(\/r\/app\)/);
    expect(text).toContain("Edit the same file in this session's checkout instead: /r/app/.claude/worktrees/A/src/x.ts.");
    expect(text).toContain("start a session there (cd /r/app && claude)");
    expect(text).not.toContain("\n");
  });

  it("→ a linked worktree: cwt launch with the recorded ticket, else the folder's name", () => {
    const v = deny(decideEdit(WT_A, WT_B, "/r/app/.claude/worktrees/B/x.ts", false));
    expect(denialReason(v, "PROJ-7")).toContain("start a session there: cwt launch PROJ-7.");
    expect(denialReason(v)).toContain("start a session there: cwt launch B.");
    expect(denialReason(v, "a b; rm")).toContain('cwt launch "a b; rm".');
    expect(denialReason(v, "-x")).toContain('cwt launch "-x".');
  });

  it("git internals: says what it is and what to use instead", () => {
    const text = denialReason(deny(decideEdit(WT_A, MAIN, "/r/app/.git/hooks/pre-commit", false)));
    expect(text).toMatch(/^cwt guard: \/r\/app\/\.git\/hooks\/pre-commit is inside git's own data for this repository \(\/r\/app\/\.git\)/);
    expect(text).toContain("Use git commands");
  });

  it("main-checkout rule: tells the session to make a worktree", () => {
    const ask = decideEdit(MAIN, MAIN, "/r/app/x.ts", false);
    if (ask.action !== "ask-config") throw new Error("expected ask-config");
    const text = denialReason(deny(mainCheckoutVerdict(ask, "deny")));
    expect(text).toMatch(/^cwt guard: /);
    expect(text).toContain("Make a worktree: cwt new TICKET && cwt launch TICKET");
  });
});

describe("GUARDED_TOOLS", () => {
  it("knows the four edit tools and where each names its file", () => {
    expect(GUARDED_TOOLS).toEqual({ Edit: "file_path", Write: "file_path", MultiEdit: "file_path", NotebookEdit: "notebook_path" });
    expect(Object.hasOwn(GUARDED_TOOLS, "constructor")).toBe(false);
  });
});
