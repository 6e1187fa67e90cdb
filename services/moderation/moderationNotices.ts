import path from "node:path";
import { moderationNoticesSchema, type ModerationNotices } from "../../domain/ops/moderation.ts";
import { CONTENT_DIR } from "../content/contentDir.ts";
import { loadYamlFile } from "../content/yamlFile.ts";

/** What learners are told about moderation (content/moderation.yaml), validated at start. */
export async function loadModerationNotices(contentDir = CONTENT_DIR): Promise<ModerationNotices> {
  return (await loadYamlFile(path.join(contentDir, "moderation.yaml"), moderationNoticesSchema)).notices;
}
