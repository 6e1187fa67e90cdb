import type { TemplateResult } from "lit-html";
import type { AuditEntry } from "./api.ts";
import { table } from "./ui.ts";

/** The Audit page: every operator action, newest first. */
export function auditView(actions: readonly AuditEntry[]): TemplateResult {
  return table("audit", "Operator actions", [
    { key: "createdAt", label: "When (UTC)", value: (r: AuditEntry) => r.createdAt, show: (r) => r.createdAt.replace("T", " ").slice(0, 19) },
    { key: "operator", label: "Operator", value: (r) => r.operator },
    { key: "action", label: "Action", value: (r) => r.action },
    { key: "roomId", label: "Room", value: (r) => r.roomId },
    { key: "targetUserId", label: "Learner", value: (r) => r.targetUserId },
    { key: "reason", label: "Reason", value: (r) => r.reason },
    { key: "outcome", label: "Outcome", value: (r) => r.outcome },
  ], actions);
}
