import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the Gemini API (generativelanguage.googleapis.com), speaking its
 * HTTP protocol: POST /{version}/models/{model}:generateContent with an x-goog-api-key
 * header, answered with candidates and usageMetadata. Tests choose how it behaves.
 */

export type GeminiMode =
  | { kind: "answer"; json: unknown; delayMs?: number }
  | { kind: "hang" }
  | { kind: "status"; status: number; message?: string }
  | { kind: "malformed" }
  | { kind: "text"; text: string };

export interface GeminiRequestSeen {
  model: string;
  apiKey: string | undefined;
  body: {
    contents: Array<{ parts: Array<{ text: string }> }>;
    systemInstruction?: { parts: Array<{ text: string }> };
    generationConfig?: { responseMimeType?: string; responseJsonSchema?: unknown; temperature?: number };
  };
}

export class GeminiFake {
  mode: GeminiMode = { kind: "status", status: 500 };
  readonly requests: GeminiRequestSeen[] = [];
  #server: http.Server | undefined;
  #hanging: http.ServerResponse[] = [];

  get baseUrl(): string {
    const { port } = this.#server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async start(): Promise<this> {
    this.#server = http.createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const match = /^\/v1(?:beta)?\/models\/([^/:]+):generateContent$/.exec(req.url ?? "");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || !match) {
      this.#json(res, 404, { error: { code: 404, message: "not found", status: "NOT_FOUND" } });
      return;
    }
    const apiKey = req.headers["x-goog-api-key"];
    this.requests.push({ model: match[1]!, apiKey: typeof apiKey === "string" ? apiKey : undefined, body: JSON.parse(Buffer.concat(chunks).toString()) as GeminiRequestSeen["body"] });
    await this.#respond(res, match[1]!);
  }

  async #respond(res: http.ServerResponse, model: string): Promise<void> {
    const mode = this.mode;
    switch (mode.kind) {
      case "hang":
        this.#hanging.push(res);
        return;
      case "status":
        this.#json(res, mode.status, { error: { code: mode.status, message: mode.message ?? "fake failure", status: "UNAVAILABLE" } });
        return;
      case "malformed":
        this.#json(res, 200, this.#candidate(model, "{ this is not json"));
        return;
      case "text":
        this.#json(res, 200, this.#candidate(model, mode.text));
        return;
      case "answer":
        if (mode.delayMs) await new Promise((resolve) => setTimeout(resolve, mode.delayMs));
        if (!res.destroyed) this.#json(res, 200, this.#candidate(model, JSON.stringify(mode.json)));
    }
  }

  #candidate(model: string, text: string) {
    return {
      candidates: [{ content: { parts: [{ text }], role: "model" }, finishReason: "STOP", index: 0 }],
      usageMetadata: { promptTokenCount: 812, candidatesTokenCount: 96, totalTokenCount: 908 },
      modelVersion: `${model}-001`,
    };
  }

  #json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  }
}
