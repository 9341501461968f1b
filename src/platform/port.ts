// The one small port for facts that differ between Linux (and WSL) and macOS.
// Everything platform-specific lives behind this interface; the parsers are pure and
// unit-tested with recorded outputs from both platforms (src/platform/*.test.ts).

/** Whether a process is alive, as far as this machine can tell. */
export type Liveness = "alive" | "dead" | "unknown";

export interface PlatformPort {
  readonly name: "linux" | "darwin" | "other";
  /** `kill(pid, 0)`: alive, dead (ESRCH) or unknown (EPERM counts as alive). */
  processLiveness(pid: number): Liveness;
  /**
   * The process start time in the form Claude Code writes into its lock reasons and
   * session files (`start S`, `procStart`), or undefined where it cannot be read or
   * compared on this platform. On Linux: field 22 of /proc/<pid>/stat.
   */
  processStart(pid: number): string | undefined;
  /** Whether paths on this platform's default file systems compare case-insensitively. */
  readonly caseInsensitivePaths: boolean;
  /** Where Claude Code reads managed-settings.json and managed-settings.d/ (claude-code.md §5). */
  readonly managedSettingsDir: string;
}
