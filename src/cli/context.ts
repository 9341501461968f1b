// Shared by the command adapters: parse options with zod, open the repository and its config.
import { type LoadedConfig, loadConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import type { Deps } from "../deps.ts";
import { UsageError } from "../errors.ts";
import { openRepo, type Repo } from "../core/repo.ts";

/** Any zod schema, full or mini: both answer safeParse with the same issues. */
interface OptionSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export function parseOptions<T>(schema: OptionSchema<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new UsageError("INVALID_OPTION", `${where}${issue?.message ?? "invalid options"}`);
}

export async function openContext(deps: Deps): Promise<{ repo: Repo; config: Config; loaded: LoadedConfig }> {
  const repo = await openRepo(deps);
  const loaded = await loadConfig(repo.mainRoot, deps.env, repo.bare);
  return { repo, config: loaded.config, loaded };
}

/** Writes data for machines: one JSON document and a newline. */
export function writeJson(deps: Pick<Deps, "stdout">, value: unknown): void {
  deps.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
