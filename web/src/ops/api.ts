import type { ModerationAction } from "../../../domain/ops/moderation.ts";
import type { OpsFilter } from "../../../domain/ops/opsFilter.ts";
import type { AiCostReport, LearningReport, TutorHealthReport } from "../../../domain/ops/reports.ts";
import type { LiveRoleplay } from "../../../rooms/RoleplayAdapter.ts";
import type { LiveLearner, RoomSnapshot } from "../../../rooms/RoomOps.ts";
import type { AuditEntry, FilterDecision } from "../../../services/ops/OpsQueries.ts";
import type { StoredRoleplay } from "../../../services/roleplay/RoleplayLog.ts";

/**
 * The console's calls to /api/v1/ops. The page is behind HTTP basic auth, and the browser
 * sends the same credentials to the API on this origin, so nothing here handles them.
 */

export type { AuditEntry, FilterDecision, LiveLearner, LiveRoleplay, StoredRoleplay };

export interface LiveRoom extends Partial<RoomSnapshot> {
  roomId: string;
  scene: string;
  processId: string;
  clients: number;
  maxClients: number;
  locked: boolean;
  reachable: boolean;
  roleplays?: LiveRoleplay[];
}

export class ApiError extends Error {}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}) } });
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!response.ok) throw new ApiError(body.error?.message ?? `HTTP ${response.status}`);
  return body as T;
}

function query(filter: Partial<OpsFilter>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return params.toString();
}

export const api = {
  live: () => call<{ at: string; rooms: LiveRoom[] }>("/api/v1/ops/live"),
  learning: (filter: OpsFilter) => call<LearningReport>(`/api/v1/ops/learning?${query(filter)}`),
  health: (filter: OpsFilter) => call<TutorHealthReport>(`/api/v1/ops/tutor-health?${query(filter)}`),
  cost: (filter: OpsFilter) => call<AiCostReport>(`/api/v1/ops/ai-cost?${query({ from: filter.from, to: filter.to })}`),
  audit: () => call<{ actions: AuditEntry[] }>("/api/v1/ops/audit?limit=200"),
  filtered: () => call<{ decisions: FilterDecision[] }>("/api/v1/ops/chat-filter?limit=200"),
  roleplays: () => call<{ roleplays: StoredRoleplay[] }>("/api/v1/ops/roleplays?limit=200"),
  act: (roomId: string, action: ModerationAction) =>
    call<{ ok: true; auditId: string }>(`/api/v1/ops/rooms/${encodeURIComponent(roomId)}/actions`, { method: "POST", body: JSON.stringify(action) }),
};
