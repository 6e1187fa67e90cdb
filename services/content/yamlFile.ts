import { readFile } from "node:fs/promises";
import path from "node:path";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";

/** A content file that failed to load: which file, where inside it, and what is wrong. */
export class ContentError extends Error {
  readonly file: string;
  readonly problems: readonly string[];
  constructor(file: string, problems: readonly string[], options?: { cause?: unknown }) {
    super(`${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`, options);
    this.name = "ContentError";
    this.file = file;
    this.problems = problems;
  }
}

function lineOf(doc: Document, counter: LineCounter, keyPath: readonly PropertyKey[]): number | undefined {
  for (let depth = keyPath.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(keyPath.slice(0, depth) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

function describePath(keyPath: readonly PropertyKey[]): string {
  return keyPath.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  );
}

/** Parses and validates one YAML (or JSON, which is YAML) file against a schema. */
export async function loadYamlFile<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>> {
  const shown = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ContentError(shown, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`], {
      cause: error,
    });
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ContentError(shown, doc.errors.map((e) => `line ${e.linePos?.[0].line ?? "?"}: ${e.message.split("\n")[0]}`));
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    throw new ContentError(
      shown,
      result.error.issues.map((issue) => {
        const line = lineOf(doc, counter, issue.path);
        const where = describePath(issue.path) || "(root)";
        return `${where}${line !== undefined ? ` (line ${line})` : ""}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}
