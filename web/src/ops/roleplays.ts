import type { TemplateResult } from "lit-html";
import type { LiveRoleplay, StoredRoleplay } from "./api.ts";
import { table } from "./ui.ts";

/** Roleplays: the stored ones (newest first) on their own page, and those under way in each Live room card. */

const when = (iso: string) => iso.replace("T", " ").slice(0, 19);
const playersOf = (r: StoredRoleplay) => r.players.map((p) => `${p.name} (${p.lang ?? "?"}, ${p.firstRole ?? "?"})`).join(", ");

export function roleplaysView(roleplays: readonly StoredRoleplay[]): TemplateResult {
  return table("roleplays", "Roleplays", [
    { key: "startedAt", label: "Started (UTC)", value: (r: StoredRoleplay) => r.startedAt, show: (r) => when(r.startedAt) },
    { key: "scene", label: "Scene", value: (r) => r.scene },
    { key: "lessonId", label: "Lesson", value: (r) => r.lessonId },
    { key: "players", label: "Players (language, part in round one)", value: playersOf },
    { key: "status", label: "Status", value: (r) => r.status },
    { key: "answers", label: "Lines judged", value: (r) => r.answers },
    { key: "passed", label: "Passed", value: (r) => r.passed },
    { key: "npcLines", label: "NPC lines", value: (r) => r.npcLines },
    { key: "lastAt", label: "Last event (UTC)", value: (r) => r.lastAt, show: (r) => when(r.lastAt) },
    { key: "roomId", label: "Room", value: (r) => r.roomId },
    { key: "id", label: "Roleplay", value: (r) => r.id },
  ], roleplays, "From the stored session events: every attempt counts as a judged line; the NPC's lines are those it said for a slow, away or departed player.");
}

/** The roleplays under way in one room: who plays which part now, and how far they are. */
export function liveRoleplaysTable(roomId: string, roleplays: readonly LiveRoleplay[]): TemplateResult {
  return table(`roleplays-${roomId}`, "Roleplays under way", [
    { key: "lessonId", label: "Lesson", value: (r: LiveRoleplay) => r.lessonId },
    { key: "players", label: "Players (part, status)", value: (r) => r.players.map((p) => `${p.name} (${p.role}, ${p.status})`).join(", ") },
    { key: "round", label: "Round", value: (r) => r.round },
    { key: "line", label: "Line", value: (r) => `${r.index + 1}/${r.total}` },
    { key: "id", label: "Roleplay", value: (r) => r.id },
  ], roleplays);
}
