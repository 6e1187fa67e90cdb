import { html, nothing, type TemplateResult } from "lit-html";
import type { RoleplayController, RoleplayUi } from "../app/roleplay.ts";
import type { AppState } from "../app/state.ts";
import { enterSends } from "./keys.ts";
import { roleplayStrings, type RoleplayTranslate } from "./roleplayStrings.ts";

/**
 * Roleplay with another learner: the people menu (invite someone, or find a partner at the
 * tutor), the invitations received, and the dialogue panel (who speaks, the dialogue so far,
 * this learner's cue, answer, hints and private feedback).
 */

function peopleMenu(app: AppState, rp: RoleplayController, t: RoleplayTranslate): TemplateResult {
  const ui = app.roleplay;
  const others = app.roster.filter((p) => !p.self);
  const npc = app.scene?.npc.name.ko ?? "";
  return html`<div class="rp-menu">
    <button id="rp-menu" class="secondary" aria-expanded=${ui.menuOpen ? "true" : "false"} @click=${() => rp.toggleMenu()}>
      <span aria-hidden="true">🎭</span> ${t("rp.menu")}
    </button>
    ${ui.menuOpen
      ? html`<section class="rp-people" aria-label=${t("rp.menuTitle")}>
          <h3>${t("rp.menuTitle")}</h3>
          ${others.length === 0 ? html`<p class="help">${t("rp.nobody")}</p>` : nothing}
          <ul>
            ${others.map(
              (p) => html`<li data-session=${p.sessionId}>
                <span>${p.name}</span>
                <button class="small rp-invite" ?disabled=${ui.inviting !== undefined} @click=${() => rp.invite(p.sessionId, p.name)}>${t("rp.invite")}</button>
              </li>`,
            )}
          </ul>
          <button class="ghost small" id="rp-find" @click=${() => rp.find()}>${t("rp.find", { npc })}</button>
          ${ui.inviting ? html`<p class="help" id="rp-inviting">${t("rp.inviting", { name: ui.inviting })}</p>` : nothing}
          ${ui.notice ? html`<p class="tutor-notice" role="status">${ui.notice}</p>` : nothing}
        </section>`
      : nothing}
  </div>`;
}

function invitations(ui: RoleplayUi, rp: RoleplayController, t: RoleplayTranslate): TemplateResult | typeof nothing {
  if (ui.invites.length === 0) return nothing;
  return html`<div class="rp-invites" role="alert">
    ${ui.invites.map(
      (invite) => html`<article class="rp-invitation" data-invite=${invite.inviteId}>
        <p>${invite.message}</p>
        <button class="primary small rp-accept" @click=${() => rp.accept(invite.inviteId)}>${t("rp.accept")}</button>
        <button class="ghost small rp-decline" @click=${() => rp.decline(invite.inviteId)}>${t("rp.decline")}</button>
      </article>`,
    )}
  </div>`;
}

function whoSpeaks(app: AppState, t: RoleplayTranslate): TemplateResult | typeof nothing {
  const dialogue = app.roleplay.dialogue;
  if (!dialogue) return nothing;
  const self = app.roster.find((p) => p.self)?.sessionId;
  if (dialogue.speaker === self) return html`<p class="rp-turn mine">${t("rp.yourTurn")}</p>`;
  const name = dialogue.speakerRole === "staff" ? dialogue.staffName : dialogue.customerName;
  const text = dialogue.speaker === "npc" ? t("rp.npc", { npc: app.scene?.npc.name.ko ?? "" }) : t("rp.theirTurn", { name });
  return html`<p class="rp-turn">${text}</p>`;
}

function lines(ui: RoleplayUi, t: RoleplayTranslate): TemplateResult {
  const said = ui.dialogue?.lines ?? [];
  return html`<ol class="rp-lines" aria-label=${t("rp.dialogue")} aria-live="polite">
    ${said.map(
      (line) => html`<li class="rp-line ${line.role} ${line.by}">
        <span class="who">${line.name}</span> <span lang="ko" class="ko">${line.text}</span>
        ${line.by === "npc" ? html`<span class="by">(${t("rp.npcSaid")})</span>` : nothing}
      </li>`,
    )}
  </ol>`;
}

function cueBox(ui: RoleplayUi, rp: RoleplayController, t: RoleplayTranslate): TemplateResult | typeof nothing {
  const cue = ui.cue;
  if (!cue) return nothing;
  const send = (input: HTMLInputElement) => {
    rp.answer(input.value);
    input.value = "";
  };
  const used = ui.hints.filter((h) => h.ko !== "").length;
  return html`<section class="rp-cue" data-role=${cue.role}>
    ${cue.heard
      ? html`<p class="rp-heard">${t("rp.heard")}: <span lang="ko" class="ko">${cue.heard}</span>${cue.heardTranslation ? html` <span class="translation">(${cue.heardTranslation})</span>` : nothing}</p>`
      : nothing}
    <p class="rp-task">${cue.task}</p>
    <div class="answer" role="group">
      <input id="rp-answer" type="text" lang="ko" maxlength="500" autocomplete="off" spellcheck="false" placeholder=${t("rp.answer")} aria-label=${t("rp.answer")} ?disabled=${ui.waiting} @keydown=${enterSends(send)} />
      <button id="rp-send" class="primary" ?disabled=${ui.waiting} @click=${() => send(document.querySelector<HTMLInputElement>("#rp-answer")!)}>${t("rp.send")}</button>
    </div>
    <div class="tools">
      <button id="rp-hint" class="ghost small" ?disabled=${used >= cue.hints} @click=${() => rp.hint()}>${t("rp.hint")} (${Math.max(0, cue.hints - used)})</button>
    </div>
    ${ui.hints.length > 0 ? html`<ul class="hints">${ui.hints.map((h) => html`<li>${h.ko ? html`<span lang="ko" class="ko">${h.ko}</span> ` : nothing}${h.ko === h.text ? "" : h.text}</li>`)}</ul>` : nothing}
  </section>`;
}

function feedback(ui: RoleplayUi, t: RoleplayTranslate): TemplateResult | typeof nothing {
  const fb = ui.feedback;
  if (!fb) return nothing;
  return html`<article class="fb ${fb.pass ? "pass" : "fail"}" id="rp-feedback" data-outcome=${fb.outcome}>
    <p class="fb-head"><span class="badge">${fb.pass ? t("rp.pass") : t("rp.fail")}</span></p>
    <p class="fb-text">${fb.feedback}</p>
    ${fb.answer ? html`<p class="reveal">${t("rp.answerWas")}: <span lang="ko" class="ko">${fb.answer}</span></p>` : nothing}
  </article>`;
}

function panel(app: AppState, rp: RoleplayController, t: RoleplayTranslate): TemplateResult {
  const ui = app.roleplay;
  const cue = ui.cue;
  return html`<aside class="tutor roleplay" id="roleplay" aria-labelledby="rp-title">
    <header class="tutor-head">
      <div>
        <p class="eyebrow">${t("rp.title")}${ui.dialogue ? html` · ${t("rp.round", { n: ui.dialogue.round })}` : nothing}</p>
        <h2 id="rp-title">${cue ? t("rp.youAre", { role: cue.roleName }) : ui.done ? t("rp.done") : ""}</h2>
      </div>
      ${ui.done
        ? html`<button class="icon" aria-label=${t("rp.close")} title=${t("rp.close")} @click=${() => rp.dismiss()}>✕</button>`
        : html`<button id="rp-leave" class="ghost small" @click=${() => rp.leave()}>${t("rp.leave")}</button>`}
    </header>
    ${ui.done ? html`<p class="rp-done" id="rp-done">${ui.done.feedback}</p>` : whoSpeaks(app, t)}
    ${lines(ui, t)}
    <div class="live" role="status" aria-live="polite">
      ${ui.waiting ? html`<p class="checking"><span class="spinner" aria-hidden="true"></span>${t("rp.checking")}</p>` : nothing}
      ${ui.notice && !ui.menuOpen ? html`<p class="tutor-notice">${ui.notice}</p>` : nothing}
      ${feedback(ui, t)}
    </div>
    ${ui.done ? nothing : cueBox(ui, rp, t)}
  </aside>`;
}

/** Whether the roleplay panel takes the place of the lesson panel. */
export function roleplayShown(app: AppState): boolean {
  const ui = app.roleplay;
  return ui.dialogue !== undefined || ui.cue !== undefined || ui.done !== undefined;
}

export function roleplayView(app: AppState, rp: RoleplayController | undefined): TemplateResult | typeof nothing {
  if (!rp) return nothing;
  const t = roleplayStrings(app.lang);
  return html`${invitations(app.roleplay, rp, t)} ${roleplayShown(app) ? panel(app, rp, t) : peopleMenu(app, rp, t)}`;
}
