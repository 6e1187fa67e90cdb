import path from "node:path";

/** The content shipped with the server (scenes, lessons, language packs). */
export const CONTENT_DIR = path.resolve(import.meta.dirname, "../../content");
