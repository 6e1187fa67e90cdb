import { html, nothing, render, type TemplateResult } from "lit-html";
import type { ModerationAction } from "../../../domain/ops/moderation.ts";
import type { OpsFilter } from "../../../domain/ops/opsFilter.ts";
import type { AiCostReport, LearningReport, TutorHealthReport } from "../../../domain/ops/reports.ts";
import { api, type AuditEntry, type FilterDecision, type LiveRoom, type StoredRoleplay } from "./api.ts";
import { auditView } from "./audit.ts";
import { liveView } from "./live.ts";
import { costView, healthView, learningView } from "./reports.ts";
import { roleplaysView } from "./roleplays.ts";
import "./ops.css";

/**
 * The operator console at /ops: one page state, redrawn with lit-html after every change. The
 * reports read /api/v1/ops with the filter in the URL's query (so a view can be shared); Live
 * refreshes itself every few seconds.
 */

const TABS = { live: "Live", learning: "Learning", health: "Tutor health", cost: "AI cost", roleplays: "Roleplays", audit: "Audit" } as const;
type Tab = keyof typeof TABS;
const LIVE_REFRESH_MS = 5_000;

interface State {
  tab: Tab;
  filter: OpsFilter;
  loading: boolean;
  error: string;
  flash: string;
  live?: { at: string; rooms: LiveRoom[] };
  learning?: LearningReport;
  health?: TutorHealthReport;
  cost?: AiCostReport;
  audit?: AuditEntry[];
  filtered?: FilterDecision[];
  roleplays?: StoredRoleplay[];
  open: string;
  reasons: Map<string, string>;
}

const today = new Date().toISOString().slice(0, 10);
const weekAgo = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);

function fromUrl(): Pick<State, "tab" | "filter"> {
  const params = new URLSearchParams(location.search);
  const tab = (params.get("tab") ?? "live") as Tab;
  const lang = params.get("lang");
  return {
    tab: tab in TABS ? tab : "live",
    filter: {
      from: params.get("from") ?? weekAgo,
      to: params.get("to") ?? today,
      scene: params.get("scene") ?? undefined,
      lessonId: params.get("lessonId") ?? undefined,
      lang: lang === "en" || lang === "id" || lang === "vi" ? lang : undefined,
    },
  };
}

const state: State = { ...fromUrl(), loading: false, error: "", flash: "", open: "", reasons: new Map() };
const root = document.querySelector<HTMLElement>("#ops")!;
let lessons: Array<{ id: string; scene: string }> = [];

function toUrl(): void {
  const params = new URLSearchParams({ tab: state.tab });
  for (const [key, value] of Object.entries(state.filter)) if (value) params.set(key, String(value));
  history.replaceState(null, "", `?${params}`);
}

async function load(): Promise<void> {
  state.loading = true;
  state.error = "";
  draw();
  try {
    if (state.tab === "live") state.live = await api.live();
    if (state.tab === "learning") state.learning = await api.learning(state.filter);
    if (state.tab === "health") state.health = await api.health(state.filter);
    if (state.tab === "cost") state.cost = await api.cost(state.filter);
    if (state.tab === "roleplays") state.roleplays = (await api.roleplays()).roleplays;
    if (state.tab === "audit") [state.audit, state.filtered] = await Promise.all([api.audit().then((b) => b.actions), api.filtered().then((b) => b.decisions)]);
  } catch (error) {
    state.error = error instanceof Error ? error.message : String(error);
  }
  state.loading = false;
  draw();
}

async function act(roomId: string, make: (reason: string) => ModerationAction): Promise<void> {
  const action = make(state.reasons.get(roomId) ?? "");
  if (action.reason.trim() === "") {
    state.error = "Type a reason first: the learner is told why.";
    draw();
    return;
  }
  try {
    await api.act(roomId, action);
    state.flash = `${action.action.replace("_", " ")}: done`;
    state.error = "";
  } catch (error) {
    state.error = error instanceof Error ? error.message : String(error);
  }
  await load();
}

function filterBar(): TemplateResult {
  const f = state.filter;
  const days = state.tab === "cost";
  const set = (key: keyof OpsFilter) => (e: Event) => {
    const value = (e.target as HTMLInputElement | HTMLSelectElement).value;
    state.filter = { ...state.filter, [key]: value || undefined };
  };
  return html`<form class="filters" @submit=${(e: Event) => { e.preventDefault(); toUrl(); void load(); }}>
    <label>From <input type="date" name="from" .value=${f.from} @change=${set("from")} required /></label>
    <label>To <input type="date" name="to" .value=${f.to} @change=${set("to")} required /></label>
    ${days ? nothing : html`
      <label>Scene <select name="scene" @change=${set("scene")}>
        <option value="" ?selected=${!f.scene}>all</option>
        ${["cafe", "airport"].map((s) => html`<option value=${s} ?selected=${f.scene === s}>${s}</option>`)}
      </select></label>
      <label>Lesson <select name="lessonId" @change=${set("lessonId")}>
        <option value="" ?selected=${!f.lessonId}>all</option>
        ${lessons.map((l) => html`<option value=${l.id} ?selected=${f.lessonId === l.id}>${l.id}</option>`)}
      </select></label>
      <label>Learner language <select name="lang" @change=${set("lang")}>
        <option value="" ?selected=${!f.lang}>all</option>
        ${["en", "id", "vi"].map((l) => html`<option value=${l} ?selected=${f.lang === l}>${l}</option>`)}
      </select></label>`}
    <button type="submit">Show</button>
  </form>`;
}

function page(): TemplateResult | typeof nothing {
  switch (state.tab) {
    case "live":
      return state.live
        ? liveView(state.live.rooms, state.live.at, {
            open: state.open,
            toggle: (id) => { state.open = state.open === id ? "" : id; draw(); },
            act: (roomId, make) => void act(roomId, make),
            reasonOf: (roomId) => state.reasons.get(roomId) ?? "",
            setReason: (roomId, reason) => state.reasons.set(roomId, reason),
          })
        : nothing;
    case "learning":
      return state.learning ? learningView(state.learning) : nothing;
    case "health":
      return state.health ? healthView(state.health) : nothing;
    case "cost":
      return state.cost ? costView(state.cost) : nothing;
    case "roleplays":
      return state.roleplays ? roleplaysView(state.roleplays) : nothing;
    case "audit":
      return state.audit ? auditView(state.audit, state.filtered ?? []) : nothing;
  }
}

function draw(): void {
  document.body.dataset.loading = String(state.loading);
  render(
    html`<header class="bar">
        <h1><span class="logo" aria-hidden="true">코</span>KOTO operator console</h1>
        <nav>${(Object.keys(TABS) as Tab[]).map((tab) => html`<button role="tab" data-tab=${tab} aria-selected=${state.tab === tab}
          @click=${() => { state.tab = tab; state.flash = ""; toUrl(); void load(); }}>${TABS[tab]}</button>`)}</nav>
        <a href="/colyseus/" class="muted">Colyseus monitor</a>
      </header>
      <main data-page=${state.tab}>
        ${state.tab === "learning" || state.tab === "health" || state.tab === "cost" ? filterBar() : nothing}
        ${state.tab === "live" || state.tab === "roleplays" || state.tab === "audit" ? html`<button class="refresh" @click=${() => void load()}>Refresh</button>` : nothing}
        ${state.error ? html`<p class="notice error" role="alert">${state.error}</p>` : nothing}
        ${state.flash ? html`<p class="notice ok" role="status">${state.flash}</p>` : nothing}
        ${page()}
      </main>`,
    root,
  );
}

setInterval(() => {
  if (state.tab === "live" && !state.loading && document.visibilityState === "visible") void load();
}, LIVE_REFRESH_MS);

fetch("/api/v1/lessons")
  .then((response) => response.json() as Promise<{ lessons: Array<{ id: string; scene: string }> }>)
  .then((body) => { lessons = body.lessons; draw(); })
  .catch(() => {});
void load();
