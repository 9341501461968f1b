// Pure: the git version cwt needs and the parser of `git --version`.

/** `worktree list --porcelain -z` arrived in git 2.36. */
export const MIN_GIT_VERSION = [2, 36, 0] as const;

/** "git version 2.39.5", "git version 2.39.5 (Apple Git-154)", "git version 2.45.1.windows.1". */
export function parseGitVersion(output: string): [number, number, number] | undefined {
  const match = /^git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(output.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

export function isSupportedGit(version: readonly number[]): boolean {
  for (let i = 0; i < MIN_GIT_VERSION.length; i++) {
    const have = version[i] ?? 0;
    const need = MIN_GIT_VERSION[i] ?? 0;
    if (have !== need) return have > need;
  }
  return true;
}
