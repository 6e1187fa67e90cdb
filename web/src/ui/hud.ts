import { html, nothing, type TemplateResult } from "lit-html";
import { EMOTES } from "../../../domain/emotes.ts";
import type { Controller } from "../app/controller.ts";
import { EMOTE_GLYPHS, emoteName, translator, type Translate, type UiKey } from "../app/i18n.ts";
import type { AppState } from "../app/state.ts";
import { enterSends } from "./keys.ts";
import { dueReviews } from "./reviews.ts";
import { tutorPanel } from "./tutorPanel.ts";
import { roleplayShown, roleplayView } from "./roleplayPanel.ts";

/** Everything over the scene: the top bar, the connection notice, chat, emotes, the tutor button and panel. */

function status(state: AppState, c: Controller, t: Translate): TemplateResult | typeof nothing {
  const conn = state.connection;
  switch (conn.kind) {
    case "connecting":
      return html`<p class="notice calm">${t("conn.connecting")}</p>`;
    case "reconnecting":
      return html`<p class="notice warn"><span class="spinner" aria-hidden="true"></span>${t("conn.reconnecting")}</p>`;
    case "moving":
      return html`<p class="notice warn"><span class="spinner" aria-hidden="true"></span><span class="drain">${conn.message}</span></p>`;
    case "replaced":
      return html`<p class="notice warn">${t("conn.replaced")} <button class="small" @click=${() => c.takeOver()}>${t("conn.useHere")}</button></p>`;
    case "failed":
      return html`<p class="notice error">${t("conn.failed", { reason: conn.reason })} <button class="small" @click=${() => c.takeOver()}>${t("conn.retry")}</button></p>`;
    default:
      return state.flash ? html`<p class="notice ok">${state.flash}</p>` : nothing;
  }
}

function topBar(state: AppState, c: Controller, t: Translate): TemplateResult {
  const scene = state.scene!;
  const key = `scene.${scene.name}` as UiKey;
  const title = key === "scene.cafe" || key === "scene.airport" ? t(key) : scene.title.en;
  return html`<header class="topbar">
    <span class="chip brand"><span class="logo small" aria-hidden="true">코</span>KOTO</span>
    <span class="chip"><strong>${title}</strong> <span lang="ko" class="ko">${scene.title.ko}</span> · ${t("hud.people", { n: state.roster.length })}</span>
    <button class="chip button" @click=${() => void c.leave()}>${t("hud.leave")}</button>
  </header>`;
}

/** Who is here, for screen readers: names, and where each is from the learner. */
function roster(state: AppState, t: Translate): TemplateResult {
  const me = state.roster.find((p) => p.self);
  return html`<ul id="people" class="visually-hidden" aria-label=${t("hud.people", { n: state.roster.length })}>
    ${state.roster.map((p) => {
      const where = me && !p.self ? ` (${Math.round(Math.hypot(p.x - me.x, p.y - me.y))} m)` : "";
      return html`<li data-session=${p.sessionId} data-x=${p.x} data-y=${p.y} data-self=${p.self ? "true" : "false"}>${p.name}${p.self ? ` (${t("hud.you")})` : where}</li>`;
    })}
  </ul>`;
}

function chat(state: AppState, c: Controller, t: Translate): TemplateResult {
  const send = (input: HTMLInputElement) => {
    c.chat(input.value);
    input.value = "";
  };
  return html`<section class="chat" aria-label=${t("chat.log")}>
    <ol class="chat-log" role="log" aria-live="polite">
      ${state.chat.slice(-6).map((m) => html`<li><strong>${m.name}</strong> ${m.text}</li>`)}
    </ol>
    <div class="chat-form" role="group">
      <input
        id="chat-input"
        type="text"
        maxlength="200"
        autocomplete="off"
        aria-label=${t("chat.label")}
        placeholder=${t("chat.placeholder")}
        @keydown=${enterSends(send)}
      />
      <button
        class="secondary"
        @click=${(e: Event) => send((e.currentTarget as HTMLElement).parentElement!.querySelector("input")!)}
      >${t("chat.send")}</button>
    </div>
    <div class="emotes" role="toolbar" aria-label=${t("emote.bar")}>
      ${EMOTES.map(
        (name) => html`<button class="emote" title=${emoteName(state.lang, name)} aria-label=${emoteName(state.lang, name)} @click=${() => c.emote(name)}>
          <span aria-hidden="true">${EMOTE_GLYPHS[name]}</span>
        </button>`,
      )}
    </div>
  </section>`;
}

function talkButton(state: AppState, c: Controller, t: Translate): TemplateResult | typeof nothing {
  if (state.tutor.open) return nothing;
  const npc = state.scene!.npc.name.ko;
  const label = state.resumable ? t("hud.continue", { npc }) : t("hud.talk", { npc });
  return html`<div class="talk">
    <button id="talk" class="primary ${state.nearNpc ? "glow" : ""}" @click=${() => c.talk()}>
      <span aria-hidden="true">💬</span> ${label}
    </button>
    <p class="help">${t("hud.help", { npc })}</p>
  </div>`;
}

export function sceneView(state: AppState, c: Controller): TemplateResult {
  const t = translator(state.lang);
  return html`${topBar(state, c, t)}
    <div class="status" role="status" aria-live="polite">${status(state, c, t)}</div>
    ${roster(state, t)} ${chat(state, c, t)} ${talkButton(state, c, t)} ${roleplayView(state, c.roleplay)}
    ${roleplayShown(state) ? nothing : state.tutor.open ? tutorPanel(state, c, t) : html`<div class="reviews-dock">${dueReviews(state, c, t)}</div>`}`;
}
