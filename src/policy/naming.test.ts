import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { DEFAULT_CONFIG } from "../config/schema.ts";
import { MAX_TICKET_LENGTH, checkNewTicket, collisionKey, namesFor, normalizeTicket, renderTemplate } from "./naming.ts";

/** Runs `fn` and returns the UsageError it throws (fails the test when it does not throw one). */
function usageErrorOf(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error("expected a UsageError, but nothing was thrown");
}

describe("normalizeTicket: rejections", () => {
  it.each([
    ["empty", "", "it is empty"],
    ["65 characters", "a".repeat(65), "it is longer than 64 characters"],
    ["200 characters", "A-".repeat(100), "it is longer than 64 characters"],
    ["NUL", "a\u0000b", "it contains control characters"],
    ["newline", "a\nb", "it contains control characters"],
    ["tab", "a\tb", "it contains control characters"],
    ["escape", "a\u001bb", "it contains control characters"],
    ["DEL", "a\u007fb", "it contains control characters"],
    ["leading '-'", "-rf", "it starts with '-'"],
    ["leading '--'", "--force", "it starts with '-'"],
    ["absolute path", "/x", "it is an absolute path"],
    ["absolute /etc/passwd", "/etc/passwd", "it is an absolute path"],
    ["empty segment", "a//b", "it has an empty '/' segment"],
    ["trailing slash", "a/", "it has an empty '/' segment"],
    ["only a slash", "/", "it is an absolute path"],
    ["'.' alone", ".", "'.' is not allowed as a segment"],
    ["'..' alone", "..", "'..' is not allowed as a segment"],
    ["'.' segment", "a/./b", "'.' is not allowed as a segment"],
    ["'..' segment", "a/../b", "'..' is not allowed as a segment"],
    ["'../x'", "../x", "'..' is not allowed as a segment"],
    ["'x/..'", "x/..", "'..' is not allowed as a segment"],
    ["space", "a b", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["leading space", " PROJ-1", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["semicolon", "a;rm", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["dollar", "$HOME", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["command substitution", "$(id)", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["backtick", "a`id`", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["pipe", "a|b", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["ampersand", "a&b", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["double quote", 'a"b', "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["single quote", "a'b", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["redirect", "a>b", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["glob", "a*", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["backslash", "a\\b", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["plus (the on-disk form is not an input)", "feature+auth", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["at-brace (git reflog syntax)", "a@{1}", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["tilde", "a~1", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["caret", "a^", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["colon", "a:b", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["non-ASCII letter", "tïcket", "only letters, digits, '.', '_', '-' and '/' are allowed"],
    ["'.git'", ".git", "'.git' is not allowed as a segment"],
    ["'.GIT'", ".GIT", "'.git' is not allowed as a segment"],
    ["'.Git'", ".Git", "'.git' is not allowed as a segment"],
    ["'.git.'", ".git.", "'.git' is not allowed as a segment"],
    ["'.git..'", ".git..", "'.git' is not allowed as a segment"],
    ["'a/.git'", "a/.git", "'.git' is not allowed as a segment"],
    ["'.git/hooks'", ".git/hooks", "'.git' is not allowed as a segment"],
  ])("%s: %j", (_name, ticket, why) => {
    const error = usageErrorOf(() => normalizeTicket(ticket));
    expect(error.code).toBe("INVALID_TICKET");
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(new RegExp(`: ${why.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  });

  it("quotes a short ticket in full and a long one shortened", () => {
    expect(usageErrorOf(() => normalizeTicket("a b")).message).toBe('invalid ticket "a b": only letters, digits, \'.\', \'_\', \'-\' and \'/\' are allowed');
    const long = "x".repeat(100);
    expect(usageErrorOf(() => normalizeTicket(long)).message).toBe(`invalid ticket "${"x".repeat(20)}…": it is longer than 64 characters`);
  });
});

describe("checkNewTicket: cwt's stricter rules for names people choose", () => {
  it.each([
    ["leading '.'", ".hidden", "a segment must not start with '.'"],
    ["segment with leading '.'", "a/.b", "a segment must not start with '.'"],
    ["trailing '.'", "a.", "a segment must not end with '.' or '.lock'"],
    ["segment with trailing '.'", "a./b", "a segment must not end with '.' or '.lock'"],
    ["trailing '.lock'", "a.lock", "a segment must not end with '.' or '.lock'"],
    ["segment with trailing '.lock'", "a.lock/b", "a segment must not end with '.' or '.lock'"],
    ["'..' inside a segment", "a..b", "it contains '..'"],
    ["'...' inside a segment", "a...b", "it contains '..'"],
  ])("%s: %j is refused for cwt new", (_name, ticket, why) => {
    const error = usageErrorOf(() => checkNewTicket(ticket, { ticketPattern: undefined }));
    expect(error.code).toBe("INVALID_TICKET");
    expect(error.message).toBe(`invalid ticket ${JSON.stringify(ticket)}: ${why}`);
  });

  it.each([".hidden", "a/.b", "a.", "a.lock", "a..b"])("but %j is a name Claude Code accepts, so resolving it works", (ticket) => {
    expect(normalizeTicket(ticket)).toBe(ticket.replaceAll("/", "+"));
  });

  it("still applies the syntax rules", () => {
    expect(usageErrorOf(() => checkNewTicket("a b", { ticketPattern: undefined })).code).toBe("INVALID_TICKET");
  });
});

describe("normalizeTicket: accepted tickets", () => {
  it.each([
    ["PROJ-123", "PROJ-123"],
    ["feature/auth", "feature+auth"],
    ["team/feature/auth", "team+feature+auth"],
    ["a_b.c", "a_b.c"],
    ["x", "x"],
    ["0", "0"],
    ["v1.2.3", "v1.2.3"],
    ["under_score-and.dot", "under_score-and.dot"],
    ["a-", "a-"],
    ["_private", "_private"],
    ["x.git", "x.git"],
    ["git", "git"],
    ["lock", "lock"],
    ["a.lockfile", "a.lockfile"],
    ["a".repeat(MAX_TICKET_LENGTH), "a".repeat(MAX_TICKET_LENGTH)],
  ])("%j → %j", (ticket, expected) => {
    expect(normalizeTicket(ticket)).toBe(expected);
  });
});

describe("checkNewTicket: the team's ticketPattern must match in full", () => {
  it.each([
    ["^[A-Z]+-\\d+$", "PROJ-123", true],
    ["[A-Z]+-\\d+", "PROJ-123", true],
    ["[A-Z]+-\\d+", "PROJ-123x", false], // matches only a prefix
    ["[A-Z]+-\\d+", "xPROJ-123", false], // matches only a suffix
    ["[A-Z]+-\\d+", "my-PROJ-123-fix", false], // matches only the middle
    ["\\d+", "PROJ-123", false],
    ["PROJ", "PROJ-123", false],
    ["PROJ-\\d+", "proj-123", false], // no implicit case folding
    ["(feature|fix)/[a-z-]+", "feature/auth", true],
    ["(feature|fix)/[a-z-]+", "chore/auth", false],
    [".*", "anything-goes", true],
    ["[A-Z]+-\\d+(-[a-z]+)?", "PROJ-1-hotfix", true],
    // Alternation and lazy quantifiers: the ticket matches the pattern in full, though the
    // first match the engine finds at index 0 is shorter than the ticket.
    ["PROJ-\\d+|PROJ-\\d+-hotfix", "PROJ-12-hotfix", true],
    ["[A-Z]+?-\\d+?", "AB-12", true],
  ])("pattern %j, ticket %j → accepted: %s", (ticketPattern, ticket, accepted) => {
    if (accepted) {
      expect(() => checkNewTicket(ticket, { ticketPattern })).not.toThrow();
    } else {
      const error = usageErrorOf(() => checkNewTicket(ticket, { ticketPattern }));
      expect(error.code).toBe("TICKET_PATTERN");
      expect(error.message).toBe(`ticket ${JSON.stringify(ticket)} does not match the team's pattern ${ticketPattern}`);
      expect(error.hint).toBe("ticketPattern is set in cwt.config.json");
    }
  });

  it("stops a catastrophic pattern instead of hanging, with a clear error", () => {
    const started = Date.now();
    const error = usageErrorOf(() => checkNewTicket(`${"a".repeat(40)}-1`, { ticketPattern: "(a+)+$" }));
    expect(error.code).toBe("TICKET_PATTERN");
    expect(error.message).toContain("took too long");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("accepts anything syntactic when no pattern is set", () => {
    expect(() => checkNewTicket("whatever-123", { ticketPattern: undefined })).not.toThrow();
  });
});

describe("checkNewTicket: names Claude Code's sweep treats as its own", () => {
  it.each([
    "agent-a0123456789abcdef",
    "agent-affffffffffffffff",
    "agent-a0123456",
    "wf_0123abcd-abc-1",
    "wf_0123abcd-abc-42",
    "wf-3",
    "wf-0",
    "wf-12345",
    "bridge-x",
    "bridge-a_b-c",
    "bridge-A1-B2-c3",
    "job-foo-0123abcd",
    "job-a.b_c-d-0123abcd",
    "bg-foo-0123abcd",
    "bg-x-ffffffff",
  ])("rejects %j", (ticket) => {
    const error = usageErrorOf(() => checkNewTicket(ticket, { ticketPattern: undefined }));
    expect(error.code).toBe("INVALID_TICKET");
    expect(error.message).toContain("Claude Code's cleanup sweep");
  });

  it("rejects a reserved name even when it also matches the team's pattern", () => {
    expect(usageErrorOf(() => checkNewTicket("wf-3", { ticketPattern: "wf-\\d+" })).code).toBe("INVALID_TICKET");
  });

  it.each([
    "agent-a012345", // 6 hex digits
    "agent-a01234567", // 8 hex digits
    "agent-a0123456789abcde", // 15 hex digits
    "agent-a0123456789abcdef0", // 17 hex digits
    "agent-a012345g",
    "agent-A0123456",
    "agent-b0123456",
    "agent-0123456",
    "agent-a0123456-x",
    "wf_0123abcd-abc-x",
    "wf_0123abc-abc-1",
    "wf_0123abcd-ab-1",
    "wf_0123ABCD-abc-1",
    "wf-x",
    "wf-3a",
    "wf-",
    "wf3",
    "bridge-",
    "bridge-x.y",
    "bridge-x-",
    "bridges-x",
    "job-foo-0123abc",
    "job-foo-0123abcg",
    "job-foo-0123ABCD",
    "job-0123abcd",
    "bg-foo-0123abcd0",
    "bg-foo",
    "PROJ-123",
    "feature/auth",
  ])("accepts the near-miss %j", (ticket) => {
    expect(() => checkNewTicket(ticket, { ticketPattern: undefined })).not.toThrow();
  });

  it("checks the on-disk form: '/' becomes '+'", () => {
    // "bridge/x" is stored as "bridge+x", which the sweep's bridge pattern does not match.
    expect(() => checkNewTicket("bridge/x", { ticketPattern: undefined })).not.toThrow();
    expect(() => checkNewTicket("team/wf-3", { ticketPattern: undefined })).not.toThrow();
  });
});

describe("namesFor", () => {
  it.each([
    ["{ticket}", "worktree-{ticket}", "PROJ-1", "repo", { folder: "PROJ-1", branch: "worktree-PROJ-1" }],
    ["{ticket}", "worktree-{ticket}", "feature/auth", "repo", { folder: "feature+auth", branch: "worktree-feature+auth" }],
    ["{repo}-{ticket}", "{ticket}", "PROJ-1", "myrepo", { folder: "myrepo-PROJ-1", branch: "PROJ-1" }],
    ["{ticket}", "{repo}/{ticket}", "PROJ-1", "myrepo", { folder: "PROJ-1", branch: "myrepo/PROJ-1" }],
    ["{ticket}-{ticket}", "wt/{ticket}/{repo}", "a", "r", { folder: "a-a", branch: "wt/a/r" }],
    ["{ticket}", "{ticket}", "x", "r{ticket}", { folder: "x", branch: "x" }],
    ["{repo}.{ticket}", "b-{ticket}", "T", "r{ticket}", { folder: "r{ticket}.T", branch: "b-T" }],
  ])("folder %j, branch %j, ticket %j, repo %j", (folderTemplate, branchTemplate, ticket, repo, expected) => {
    expect(namesFor(ticket, { folderTemplate, branchTemplate }, repo)).toEqual(expected);
  });

  it("uses the defaults Claude Code uses", () => {
    expect(namesFor("feature/auth", DEFAULT_CONFIG, "repo")).toEqual({ folder: "feature+auth", branch: "worktree-feature+auth" });
  });

  it.each([
    ["'..'", "..", "repo", "\"..\""],
    ["'.'", ".", "repo", "\".\""],
    ["a '/'", "{repo}/{ticket}", "repo", "\"repo/T\""],
    ["a '/' from the repo name", "{repo}-{ticket}", "a/b", "\"a/b-T\""],
    ["a '\\'", "{ticket}\\x", "repo", "\"T\\\\x\""],
    ["'..' from the repo name", "{repo}", "..", "\"..\""],
    ["a control character", "{repo}{ticket}", "r\n", "\"r\\nT\""],
  ])("rejects a folderTemplate that makes %s", (_name, folderTemplate, repo, shown) => {
    const error = usageErrorOf(() => namesFor("T", { folderTemplate, branchTemplate: "{ticket}" }, repo));
    expect(error.code).toBe("INVALID_TICKET");
    expect(error.message).toBe(`invalid ticket "T": folderTemplate makes the folder name ${shown}, which is not a single folder name`);
  });

  it("rejects a folder name longer than 255 characters and accepts 255", () => {
    const ticket = "a".repeat(64);
    expect(namesFor(ticket, { folderTemplate: "{ticket}{ticket}{ticket}{repo}", branchTemplate: "{ticket}" }, "b".repeat(63)).folder).toHaveLength(255);
    const error = usageErrorOf(() => namesFor(ticket, { folderTemplate: "{ticket}{ticket}{ticket}{repo}", branchTemplate: "{ticket}" }, "b".repeat(64)));
    expect(error.code).toBe("INVALID_TICKET");
  });

  it("validates the ticket before rendering", () => {
    expect(usageErrorOf(() => namesFor("../x", DEFAULT_CONFIG, "repo")).code).toBe("INVALID_TICKET");
  });
});

describe("renderTemplate", () => {
  it.each([
    ["{ticket}", "T", "R", "T"],
    ["{repo}", "T", "R", "R"],
    ["{repo}-{ticket}-{ticket}", "T", "R", "R-T-T"],
    ["{foo}-{ticket}", "T", "R", "{foo}-T"],
    ["plain", "T", "R", "plain"],
  ])("%j with ticket %j, repo %j → %j", (template, ticket, repo, expected) => {
    expect(renderTemplate(template, { ticket, repo })).toBe(expected);
  });
});

describe("collisionKey", () => {
  it.each([
    ["PROJ-1", "proj-1"],
    ["feature/Auth", "feature+auth"],
    ["Feature+AUTH", "feature+auth"],
    ["a_b.c", "a_b.c"],
  ])("%j → %j", (name, key) => {
    expect(collisionKey(name)).toBe(key);
  });

  it.each([
    ["PROJ-1", "proj-1", true],
    ["feature/auth", "feature+auth", true],
    ["Feature/Auth", "feature+AUTH", true],
    ["feature/auth", "feature-auth", false],
    ["a", "b", false],
  ])("%j and %j collide: %s", (a, b, collide) => {
    expect(collisionKey(a) === collisionKey(b)).toBe(collide);
  });
});
