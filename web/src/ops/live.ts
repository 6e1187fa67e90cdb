import { html, nothing, type TemplateResult } from "lit-html";
import type { ModerationAction } from "../../../domain/ops/moderation.ts";
import type { LiveLearner, LiveRoom } from "./api.ts";
import { liveRoleplaysTable } from "./roleplays.ts";
import { table } from "./ui.ts";

/** The Live page: every room of every process, its learners (a row opens their lesson), moderation. */

export interface LiveHandlers {
  /** The learner whose row is open, by session id. */
  open: string;
  toggle(sessionId: string): void;
  /** Acts in a room with the reason typed in its card (read when the button is pressed). */
  act(roomId: string, action: (reason: string) => ModerationAction): void;
  reasonOf(roomId: string): string;
  setReason(roomId: string, reason: string): void;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function lessonCell(learner: LiveLearner): string {
  const lesson = learner.lesson;
  if (!lesson) return "not in a lesson";
  return `${lesson.lessonId} · ${lesson.stageId} · ${lesson.index + 1}/${lesson.total}`;
}

function learnerDetail(learner: LiveLearner): TemplateResult {
  const lesson = learner.lesson;
  if (!lesson) return html`<tr class="detail"><td colspan="5">Walking around; no lesson started.</td></tr>`;
  const last = lesson.lastScore === null ? "no answer yet" : `${lesson.lastPass ? "passed" : "failed"} (${lesson.lastScore}, ${lesson.lastErrorType || "none"})`;
  return html`<tr class="detail" data-detail=${learner.sessionId}><td colspan="5">
    <dl>
      <dt>Lesson</dt><dd>${lesson.lessonId}</dd>
      <dt>Stage</dt><dd>${lesson.stageId}</dd>
      <dt>Activity</dt><dd>${lesson.activityId} (${lesson.kind}), ${lesson.index + 1} of ${lesson.total}; attempts so far: ${lesson.attempts}</dd>
      <dt>Status</dt><dd>${lesson.status}</dd>
      <dt>Last answer</dt><dd>${last}</dd>
      <dt>Last feedback</dt><dd class="feedback">${lesson.lastFeedback || "–"}</dd>
      ${lesson.lastCorrection ? html`<dt>Correction</dt><dd lang="ko">${lesson.lastCorrection}</dd>` : nothing}
    </dl>
  </td></tr>`;
}

function learnerRows(room: LiveRoom, h: LiveHandlers): TemplateResult[] {
  const act = (action: (reason: string) => ModerationAction) => h.act(room.roomId, action);
  return (room.learners ?? []).flatMap((learner) => {
    const row = html`<tr class="learner" data-session=${learner.sessionId}>
      <td><button class="link" aria-expanded=${h.open === learner.sessionId} @click=${() => h.toggle(learner.sessionId)}>${learner.name}</button>
        ${learner.connected ? nothing : html`<span class="badge">reconnecting</span>`}
        ${learner.mutedUntil ? html`<span class="badge warn">muted</span>` : nothing}</td>
      <td>${learner.lang}</td>
      <td>${lessonCell(learner)}</td>
      <td>${room.npcTalkingTo?.sessionId === learner.sessionId ? "talking to the tutor" : ""}</td>
      <td class="actions">
        ${learner.mutedUntil
          ? html`<button data-action="unmute" @click=${() => act((reason) => ({ action: "unmute", sessionId: learner.sessionId, reason }))}>Unmute</button>`
          : html`<button data-action="mute" @click=${() => act((reason) => ({ action: "mute", sessionId: learner.sessionId, reason, minutes: 10 }))}>Mute 10 min</button>`}
        <button class="danger" data-action="remove" @click=${() => act((reason) => ({ action: "remove", sessionId: learner.sessionId, reason, minutes: 10 }))}>Remove</button>
      </td>
    </tr>`;
    return h.open === learner.sessionId ? [row, learnerDetail(learner)] : [row];
  });
}

function roomCard(room: LiveRoom, h: LiveHandlers): TemplateResult {
  const learners = room.learners ?? [];
  const inLesson = learners.filter((l) => l.lesson);
  const stages = new Map<string, number>();
  for (const l of inLesson) stages.set(l.lesson!.stageId, (stages.get(l.lesson!.stageId) ?? 0) + 1);
  const reason = h.reasonOf(room.roomId);
  const act = (action: (reason: string) => ModerationAction) => h.act(room.roomId, action);
  return html`<article class="room" data-room=${room.roomId}>
    <header>
      <h3>${room.scene} <span class="muted">${room.roomId} · process ${room.processId}</span></h3>
      <p class="summary" data-summary>
        <span data-count="learners">${room.clients}/${room.maxClients} learners</span> ·
        <span data-count="inLesson">${inLesson.length} in a lesson</span> ·
        <span data-count="roleplays">${plural((room.roleplays ?? []).length, "roleplay")}</span>
        ${[...stages].map(([stage, n]) => html` · <span class="stage">${stage}: ${n}</span>`)} ·
        tutor: ${room.npcTalkingTo ? room.npcTalkingTo.name || room.npcTalkingTo.sessionId : "idle"}
        ${room.locked ? html`<span class="badge warn">locked</span>` : nothing}
        ${room.reachable ? nothing : html`<span class="badge bad">not answering</span>`}
      </p>
      <label class="reason">Reason (shown to the learner)
        <input name="reason" .value=${reason} @input=${(e: Event) => h.setReason(room.roomId, (e.target as HTMLInputElement).value)} placeholder="e.g. spamming the chat" />
      </label>
      ${room.locked
        ? html`<button data-action="unlock" @click=${() => act((why) => ({ action: "unlock", reason: why }))}>Unlock room</button>`
        : html`<button data-action="lock" @click=${() => act((why) => ({ action: "lock", reason: why }))}>Lock room</button>`}
    </header>
    <table class="learners">
      <thead><tr><th scope="col">Learner</th><th scope="col">Language</th><th scope="col">Lesson position</th><th scope="col">Tutor</th><th scope="col"></th></tr></thead>
      <tbody>${learnerRows(room, h)}</tbody>
    </table>
    ${(room.roleplays ?? []).length > 0 ? liveRoleplaysTable(room.roomId, room.roleplays ?? []) : nothing}
    ${table("chat", "Recent chat", [
      { key: "at", label: "Time", value: (r: NonNullable<LiveRoom["recentChat"]>[number]) => new Date(r.at).toISOString(), show: (r) => new Date(r.at).toISOString().slice(11, 19) },
      { key: "name", label: "Learner", value: (r) => r.name },
      { key: "text", label: "Message", value: (r) => r.text },
    ], room.recentChat ?? [])}
    ${(room.recentChat ?? []).length > 0
      ? html`<ul class="chat-actions">${(room.recentChat ?? []).map((line) => html`<li data-message=${line.id}><span>${line.name}: ${line.text}</span>
          <button class="danger" data-action="delete_chat" @click=${() => act((why) => ({ action: "delete_chat", messageId: line.id, reason: why }))}>Remove message</button></li>`)}</ul>`
      : nothing}
  </article>`;
}

export function liveView(rooms: readonly LiveRoom[], at: string, h: LiveHandlers): TemplateResult {
  const learners = rooms.reduce((sum, r) => sum + r.clients, 0);
  return html`<p class="muted" data-live-at=${at}>${rooms.length} rooms, ${learners} learners, on ${new Set(rooms.map((r) => r.processId)).size} processes · as of ${at.slice(11, 19)} UTC</p>
    ${rooms.length === 0 ? html`<p class="empty">No rooms are open.</p>` : rooms.map((room) => roomCard(room, h))}`;
}
