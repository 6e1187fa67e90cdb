import { html, type TemplateResult } from "lit-html";
import type { AuditEntry, FilterDecision } from "./api.ts";
import { table } from "./ui.ts";

/** The Audit page: every operator action, newest first, and the chat lines the abuse filter held back. */
export function auditView(actions: readonly AuditEntry[], decisions: readonly FilterDecision[]): TemplateResult {
  return html`${table("audit", "Operator actions", [
    { key: "createdAt", label: "When (UTC)", value: (r: AuditEntry) => r.createdAt, show: (r) => r.createdAt.replace("T", " ").slice(0, 19) },
    { key: "operator", label: "Operator", value: (r) => r.operator },
    { key: "action", label: "Action", value: (r) => r.action },
    { key: "roomId", label: "Room", value: (r) => r.roomId },
    { key: "targetUserId", label: "Learner", value: (r) => r.targetUserId },
    { key: "reason", label: "Reason", value: (r) => r.reason },
    { key: "outcome", label: "Outcome", value: (r) => r.outcome },
  ], actions)}
  ${table("chatFilter", "Chat lines the abuse filter held back", [
    { key: "createdAt", label: "When (UTC)", value: (r: FilterDecision) => r.createdAt, show: (r) => r.createdAt.replace("T", " ").slice(0, 19) },
    { key: "roomId", label: "Room", value: (r) => r.roomId },
    { key: "userId", label: "Learner", value: (r) => r.userId },
    { key: "text", label: "Line", value: (r) => r.text },
    { key: "matched", label: "Matched", value: (r) => r.matched.join(" ") },
  ], decisions, "Nobody but the speaker saw these; the speaker was asked to keep the chat friendly.")}`;
}
