// Property tests of the naming rules (fast-check): for ANY ticket and templates, cwt either refuses
// with one clear line or names a folder that stays inside the worktree root. Thousands of cases
// here; `npm run fuzz` runs many more (CWT_FUZZ_RUNS).
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { checkNewTicket, namesFor, normalizeTicket } from "./naming.ts";

const RUNS = Number(process.env.CWT_FUZZ_RUNS ?? 3000);

/** Tickets a person or an attacker might type: plausible ones, path tricks, and anything at all. */
const ticket = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9._\-/]{1,70}$/),
  fc.constantFrom("..", ".", "../x", "a/../../b", "/etc/passwd", "-rf", "--force", ".git", "a/.git", "x.lock", "a..b", "$(touch pwned)", "`id`", "a;b", "a b", "C:\\x", "a\\..\\b", "con", "~", "~root"),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.array(fc.constantFrom("a", "/", ".", "-", "_", "..", "+", "\u0000", "\n", "é", "\u202e"), { maxLength: 20 }).map((parts) => parts.join("")),
);

const template = fc.oneof(
  fc.constantFrom("{ticket}", "worktree-{ticket}", "{repo}-{ticket}", "feat/{ticket}", "{ticket}/{ticket}", "../{ticket}", "{ticket}/..", ".{ticket}", "{ticket}.lock", "$(touch x)-{ticket}"),
  fc.tuple(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 })).map(([a, b]) => `${a}{ticket}${b}`),
);

const repoName = fc.oneof(fc.constantFrom("repo", "my repo", "..", ".", "a/b", "répo"), fc.string({ maxLength: 12 }));

function outcome(fn: () => unknown): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

describe("naming rules, for any input (fast-check)", () => {
  it(`a ticket is refused with one clear line, or it normalizes to one path segment (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(ticket, (t) => {
        const r = outcome(() => normalizeTicket(t));
        if (!r.ok) {
          expect(r.error).toBeInstanceOf(UsageError);
          expect((r.error as UsageError).message).toMatch(/^invalid ticket .*: [^\n]+$/s);
          expect((r.error as UsageError).message).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
          return;
        }
        const folder = r.value as string;
        expect(folder).not.toMatch(/[/\\\u0000-\u001f]/);
        expect(folder).not.toBe(".");
        expect(folder).not.toBe("..");
        expect(folder.length).toBeGreaterThan(0);
        expect(folder.length).toBeLessThanOrEqual(64);
      }),
      { numRuns: RUNS },
    );
  });

  it(`folder and branch from any templates: refused, or a folder inside the worktree root (${RUNS} cases)`, () => {
    const root = path.join("/srv", "repo", ".claude", "worktrees");
    fc.assert(
      fc.property(ticket, template, template, repoName, (t, folderTemplate, branchTemplate, repo) => {
        const r = outcome(() => {
          checkNewTicket(t, { ticketPattern: undefined });
          return namesFor(t, { folderTemplate, branchTemplate }, repo);
        });
        if (!r.ok) {
          expect(r.error).toBeInstanceOf(UsageError);
          return;
        }
        const { folder, branch } = r.value as { folder: string; branch: string };
        const target = path.join(root, folder);
        expect(path.dirname(target)).toBe(root); // exactly one level below the root: never outside it
        expect(Buffer.byteLength(folder)).toBeLessThanOrEqual(255);
        expect(branch).toContain(normalizeTicket(t)); // the branch names the ticket (git's own check-ref-format judges the rest)
      }),
      { numRuns: RUNS },
    );
  });

  it(`cwt new's stricter rules accept only what Claude Code's rules accept (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(ticket, (t) => {
        const strict = outcome(() => checkNewTicket(t, { ticketPattern: undefined }));
        if (strict.ok) expect(() => normalizeTicket(t)).not.toThrow();
      }),
      { numRuns: RUNS },
    );
  });
});
