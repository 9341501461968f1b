// A small stand-in for the Anthropic Messages API on loopback, for running the real Claude Code
// offline (claude-code.md §10). Each main-loop request (one that offers tools) takes the next
// scripted turn: text, or tool calls that Claude Code then really runs. Side requests (no tools:
// titles, summaries) get a short text and consume nothing. Every request is recorded, so a test
// can read the tool results Claude sent back.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Turn = { text: string } | { tools: { name: string; input: Record<string, unknown> }[] };

/** A turn computed from the request it answers (a subagent's working folder is known only then). */
export type ScriptedTurn = Turn | ((request: RecordedRequest["body"]) => Turn);

export interface RecordedRequest {
  readonly path: string;
  readonly body: { model?: string; tools?: unknown[]; messages?: { role: string; content: unknown }[] } & Record<string, unknown>;
}

export interface ModelStub {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Queue turns for the next main-loop requests. */
  script(...turns: ScriptedTurn[]): void;
  /** What answers a main-loop request once the queue is empty (default: the text "done"). */
  otherwise(turn: ScriptedTurn | undefined): void;
  /** The tool_result blocks Claude sent back, in order. */
  toolResults(): { tool_use_id: string; content: unknown; is_error?: boolean }[];
  close(): Promise<void>;
}

let nextId = 1;

function sse(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function stream(res: ServerResponse, model: string, turn: Turn): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  sse(res, "message_start", {
    type: "message_start",
    message: { id: `msg_${nextId++}`, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } },
  });
  if ("text" in turn) {
    sse(res, "content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
    sse(res, "content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: turn.text } });
    sse(res, "content_block_stop", { type: "content_block_stop", index: 0 });
  } else {
    turn.tools.forEach((tool, index) => {
      sse(res, "content_block_start", { type: "content_block_start", index, content_block: { type: "tool_use", id: `toolu_${nextId++}`, name: tool.name, input: {} } });
      sse(res, "content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: JSON.stringify(tool.input) } });
      sse(res, "content_block_stop", { type: "content_block_stop", index });
    });
  }
  sse(res, "message_delta", { type: "message_delta", delta: { stop_reason: "text" in turn ? "end_turn" : "tool_use", stop_sequence: null }, usage: { output_tokens: 5 } });
  sse(res, "message_stop", { type: "message_stop" });
  res.end();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startModelStub(): Promise<ModelStub> {
  const requests: RecordedRequest[] = [];
  const turns: ScriptedTurn[] = [];
  let fallback: ScriptedTurn | undefined;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      const url = req.url ?? "/";
      if (req.method !== "POST") {
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      let body: RecordedRequest["body"] = {};
      try {
        body = JSON.parse(text) as RecordedRequest["body"];
      } catch {
        // recorded as empty
      }
      requests.push({ path: url, body });
      if (!url.startsWith("/v1/messages") || url.includes("count_tokens")) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ input_tokens: 10 }));
        return;
      }
      const mainLoop = Array.isArray(body.tools) && body.tools.length > 0;
      const next = mainLoop ? (turns.shift() ?? fallback ?? { text: "done" }) : { text: "ok" };
      const turn = typeof next === "function" ? next(body) : next;
      stream(res, body.model ?? "claude-stub", turn);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...more) => void turns.push(...more),
    otherwise: (turn) => {
      fallback = turn;
    },
    toolResults: () => {
      // Every request repeats the conversation so far: keep each result once.
      const byId = new Map<string, { tool_use_id: string; content: unknown; is_error?: boolean }>();
      for (const r of requests) {
        for (const m of r.body.messages ?? []) {
          if (!Array.isArray(m.content)) continue;
          for (const c of m.content as { type?: string; tool_use_id?: string; content?: unknown; is_error?: boolean }[]) {
            if (c.type === "tool_result" && c.tool_use_id) byId.set(c.tool_use_id, { tool_use_id: c.tool_use_id, content: c.content, is_error: c.is_error });
          }
        }
      }
      return [...byId.values()];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
