import { readFileSync } from "node:fs";
import type { Liveness, PlatformPort } from "./port.ts";
import { parseProcStatStart } from "./proc-stat.ts";

function processLiveness(pid: number): Liveness {
  if (!Number.isSafeInteger(pid) || pid <= 0) return "dead";
  try {
    process.kill(pid, 0);
    return "alive";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ESRCH") return "dead";
    if (code === "EPERM") return "alive"; // exists, owned by someone else
    return "unknown";
  }
}

function linuxProcessStart(pid: number): string | undefined {
  try {
    return parseProcStatStart(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

/** The real platform, chosen once from `process.platform`. */
export function createPlatform(platform: NodeJS.Platform = process.platform): PlatformPort {
  if (platform === "linux") {
    // Linux and WSL
    return { name: "linux", processLiveness, processStart: linuxProcessStart, caseInsensitivePaths: false, managedSettingsDir: "/etc/claude-code" };
  }
  // macOS: what Claude Code writes as `start S` there was not observed, so start times are
  // never compared (a live pid stays "possibly live"). APFS and HFS+ are case-insensitive by default.
  return {
    name: platform === "darwin" ? "darwin" : "other",
    processLiveness,
    processStart: () => undefined,
    caseInsensitivePaths: platform === "darwin" || platform === "win32",
    managedSettingsDir:
      platform === "win32" ? "C:\\Program Files\\ClaudeCode" : platform === "darwin" ? "/Library/Application Support/ClaudeCode" : "/etc/claude-code",
  };
}
