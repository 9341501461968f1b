// Intent journals: what a changing cwt command (`new`, `rm`, `prune`) has done so far, written
// before each step to `<git common dir>/cwt-journal/<pid>-<n>.json` and deleted when it ends,
// however it ends (a rollback included). A journal whose process is gone means the command was
// killed (SIGKILL, power loss) half-way: `cwt doctor` names exactly what it left, and
// `cwt doctor --fix` rolls an interrupted `new` back and finishes an interrupted removal.
import { randomUUID } from "node:crypto";
import { mkdir, readdir, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import type { Deps } from "../deps.ts";
import { readBoundedText } from "../io/read-bounded.ts";
import type { Liveness } from "../platform/port.ts";
import type { JournalData, JournalItem } from "./journal-schema.ts";

export const JOURNAL_DIR = "cwt-journal";

export type { CreateItem, JournalItem, RemoveItem } from "./journal-schema.ts";

type JournalDeps = Pick<Deps, "platform" | "now"> & Partial<Pick<Deps, "crashPoint">>;

let counter = 0;

/** A running command's journal. Every change is written (atomically) before the step it announces. */
export class Journal {
  private readonly file: string;
  private readonly data: JournalData;
  private readonly deps: JournalDeps;

  private constructor(file: string, data: JournalData, deps: JournalDeps) {
    this.file = file;
    this.data = data;
    this.deps = deps;
  }

  static async begin(commonDir: string, command: string, deps: JournalDeps): Promise<Journal> {
    const dir = path.join(commonDir, JOURNAL_DIR);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const data: JournalData = {
      version: 1,
      pid: process.pid,
      procStart: deps.platform.processStart(process.pid) ?? null,
      command: command.slice(0, 300),
      host: hostname().slice(0, 255),
      startedAt: deps.now().toISOString(),
      items: [],
    };
    const journal = new Journal(path.join(dir, `${process.pid}-${++counter}-${randomUUID().slice(0, 8)}.json`), data, deps);
    await journal.write();
    return journal;
  }

  /** Adds an item; returns its index for `update`. */
  async add(item: JournalItem): Promise<number> {
    return (await this.addAll([item]))[0] ?? 0;
  }

  /** Adds items in one write (a prune's whole plan); returns their indexes, in order. */
  async addAll(items: readonly JournalItem[]): Promise<number[]> {
    const first = this.data.items.length;
    this.data.items.push(...items);
    await this.write();
    return items.map((_, i) => first + i);
  }

  /** Records a step of item `index`, then passes the named crash point (tests kill cwt there). */
  async update<T extends JournalItem>(index: number, patch: Partial<T>, point?: string): Promise<void> {
    const item = this.data.items[index];
    if (item) Object.assign(item, patch);
    await this.write();
    if (point) this.deps.crashPoint?.(point);
  }

  /** The command ended (done or rolled back): nothing is left to report. */
  async end(): Promise<void> {
    await unlink(this.file).catch(() => undefined);
  }

  /**
   * One write at a time, each of the data as it is when that write starts: removals running side by
   * side update their items at once, and a slower, older snapshot must never land last.
   */
  private write(): Promise<void> {
    const next = this.writing.then(async () => {
      const tmp = `${this.file}.${randomUUID().slice(0, 8)}.tmp`;
      await writeFile(tmp, JSON.stringify(this.data), { mode: 0o600 });
      await rename(tmp, this.file);
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  private writing: Promise<void> = Promise.resolve();
}

export interface Interrupted {
  readonly file: string;
  readonly pid: number;
  readonly command: string;
  readonly startedAt: string;
  readonly items: readonly JournalItem[];
}

function holderLiveness(data: JournalData, deps: Pick<Deps, "platform">): Liveness {
  if (data.host !== undefined && data.host !== hostname()) return "unknown";
  const liveness = deps.platform.processLiveness(data.pid);
  if (liveness !== "alive" || data.procStart === null) return liveness;
  const start = deps.platform.processStart(data.pid);
  return start === undefined ? "unknown" : start === data.procStart ? "alive" : "dead";
}

/**
 * Journals of commands that were killed: their process is gone (or its pid now belongs to a
 * process that started at another time). A running command's journal is not listed. A journal
 * that cannot be read is listed with no items (it still says that something was interrupted).
 */
export async function loadInterrupted(commonDir: string, deps: Pick<Deps, "platform">): Promise<Interrupted[]> {
  const dir = path.join(commonDir, JOURNAL_DIR);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const found: Interrupted[] = [];
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    const read = await readBoundedText(file, 4 * 1024 * 1024).catch(() => undefined);
    if (read?.kind !== "text") continue;
    const { journalSchema } = await import("./journal-schema.ts");
    let parsed: ReturnType<typeof journalSchema.safeParse> | undefined;
    try {
      parsed = journalSchema.safeParse(JSON.parse(read.text));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) {
      found.push({ file, pid: 0, command: "cwt (unreadable journal)", startedAt: "", items: [] });
      continue;
    }
    if (holderLiveness(parsed.data, deps) !== "dead") continue;
    found.push({ file, pid: parsed.data.pid, command: parsed.data.command, startedAt: parsed.data.startedAt, items: parsed.data.items });
  }
  return found;
}

/** Forgets an interrupted command once its leftovers are repaired. */
export async function dropJournal(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}
