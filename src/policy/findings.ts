// The shape every check reports. Ids are stable (README "Policy checks"); tests and CI branch on them.

export type Severity = "error" | "warning";

export interface Finding {
  readonly id: string;
  readonly severity: Severity;
  /** The file the finding comes from, when there is one. */
  readonly file?: string | undefined;
  /** Dotted JSON path inside that file, e.g. "worktree.bgIsolation". */
  readonly jsonPath?: string | undefined;
  /** 1-based position in the file, for syntax problems. */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error");
}

/** Errors first, then warnings; stable otherwise. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
}
