import { html, nothing, type TemplateResult } from "lit-html";
import type { TutorDone, TutorFeedback, TutorPrompt } from "../../../domain/tutor/tutorMessages.ts";
import type { Controller } from "../app/controller.ts";
import type { Translate } from "../app/i18n.ts";
import type { AppState, TutorState } from "../app/state.ts";
import type { TutorController } from "../app/tutor.ts";
import { changedRuns } from "./diff.ts";
import { enterSends } from "./keys.ts";
import { dueReviews, reviewSummary } from "./reviews.ts";

/**
 * The lesson panel: where the learner is in the lesson, the tutor's line (Korean, translation,
 * audio), the task, the ways to answer, hints, and the feedback, which screen readers hear
 * as it arrives (a live region).
 */

function stages(tutor: TutorState, t: Translate): TemplateResult | typeof nothing {
  const prompt = tutor.prompt;
  // A review's place is in the run of reviews, not in the lesson.
  if (prompt?.review) return html`<p class="step review-step" id="tutor-step">${t("review.badge", { n: prompt.index + 1, total: prompt.total })}</p>`;
  const total = prompt?.total ?? tutor.done?.summary.activities ?? 0;
  const index = tutor.done ? total : (prompt?.index ?? 0);
  const lesson = tutor.lesson;
  let seen = 0;
  const list = lesson
    ? html`<ol class="stages" aria-label=${t("tutor.stages")}>
        ${lesson.stages.map((stage) => {
          const first = seen;
          seen += stage.activities.length;
          const state = index >= seen ? "done" : index >= first ? "current" : "todo";
          return html`<li class=${state} aria-current=${state === "current" ? "step" : "false"}>
            <span lang="ko">${stage.title.ko}</span>
            <span class="dots" aria-hidden="true">${stage.activities.map((_, i) => html`<i class=${first + i < index ? "done" : first + i === index ? "current" : ""}></i>`)}</span>
          </li>`;
        })}
      </ol>`
    : nothing;
  return html`<div class="progress">
    ${list}
    ${total > 0 && !tutor.done ? html`<p class="step" id="tutor-step">${t("tutor.step", { n: index + 1, total })}</p>` : nothing}
    <progress max=${total || 1} .value=${index} aria-labelledby="tutor-step"></progress>
  </div>`;
}

/** The options to choose from: Korean with its meaning, or (a listen activity) the meanings alone. */
function optionsOf(prompt: TutorPrompt): Array<{ ko: string; meaning: string }> {
  if (prompt.choices?.length) return prompt.choices.map((ko, i) => ({ ko, meaning: prompt.choiceTranslations?.[i] ?? "" }));
  return (prompt.choiceTranslations ?? []).map((meaning) => ({ ko: "", meaning }));
}

function line(prompt: TutorPrompt, tutor: TutorController, t: Translate): TemplateResult {
  // A listen activity's line is heard, not read, until it is answered.
  return html`<section class="line" aria-label=${t("tutor.listen")} data-activity=${prompt.activityId}>
    ${prompt.text ? html`<p class="ko" lang="ko">${prompt.text}</p>` : html`<p class="ko heard-only" aria-hidden="true">🔊 · · ·</p>`}
    ${prompt.translation ? html`<p class="translation">${prompt.translation}</p>` : nothing}
    <button class="ghost small" @click=${() => tutor.replay()}>
      <span aria-hidden="true">🔊</span> ${prompt.audioUrl ? t("tutor.replay") : t("tutor.repeat")}
    </button>
  </section>`;
}

function answerControls(prompt: TutorPrompt, state: TutorState, tutor: TutorController, t: Translate): TemplateResult {
  const busy = state.waiting || state.voice !== "idle";
  // Activities with options are answered by choosing (whatever their kind); the rest by typing or speaking.
  const options = optionsOf(prompt);
  if (options.length > 0) {
    return html`<div class="choices-list" role="group" aria-label=${t("tutor.choose")}>
      ${options.map(
        (option, i) => html`<button class="option" ?disabled=${busy} @click=${() => tutor.choose(i)}>
          ${option.ko ? html`<span lang="ko" class="ko">${option.ko}</span><span class="option-translation">${option.meaning}</span>` : html`<span>${option.meaning}</span>`}
        </button>`,
      )}
    </div>`;
  }
  const send = (input: HTMLInputElement) => {
    tutor.answer(input.value);
    input.value = "";
  };
  return html`<div class="answer" role="group">
    <label for="answer" class="visually-hidden">${t("tutor.answer")}</label>
    <input id="answer" type="text" lang="ko" maxlength="500" autocomplete="off" spellcheck="false" placeholder=${t("tutor.answer")} ?disabled=${busy} @keydown=${enterSends(send)} />
    <button id="send-answer" class="primary" ?disabled=${busy} @click=${() => send(document.querySelector<HTMLInputElement>("#answer")!)}>${t("tutor.send")}</button>
  </div>`;
}

function voice(state: TutorState, tutor: TutorController, t: Translate): TemplateResult {
  if (state.voiceNote) return html`<p class="voice-note" id="voice-note">${state.voiceNote}</p>`;
  const recording = state.voice === "recording";
  const label = recording ? t("tutor.stop", { s: state.recordSeconds }) : state.voice === "uploading" ? t("tutor.uploading") : t("tutor.record");
  return html`<button id="record" class="secondary ${recording ? "recording" : ""}" aria-pressed=${recording ? "true" : "false"} ?disabled=${state.voice === "uploading" || (state.waiting && !recording)} @click=${() => void tutor.toggleRecording()}>
    <span aria-hidden="true">${recording ? "⏺" : "🎙"}</span> ${label}
  </button>`;
}

function tools(prompt: TutorPrompt, state: TutorState, tutor: TutorController, t: Translate): TemplateResult {
  const used = state.hints.filter((h) => h.ko !== "").length;
  const left = Math.max(0, prompt.hints - used);
  return html`<div class="tools">
    ${optionsOf(prompt).length > 0 ? nothing : voice(state, tutor, t)}
    <button id="hint" class="ghost" ?disabled=${left === 0} @click=${() => tutor.hint()}>${left > 0 ? t("tutor.hint", { n: left }) : t("tutor.noHints")}</button>
    <button class="ghost" ?disabled=${state.waiting} @click=${() => tutor.skip()}>${t("tutor.skip")}</button>
  </div>
  ${state.hints.length > 0
    ? html`<ul class="hints">
        ${state.hints.map((h) => html`<li>${h.ko ? html`<span lang="ko" class="ko">${h.ko}</span> ` : nothing}${h.text}</li>`)}
      </ul>`
    : nothing}`;
}

function runs(from: string, to: string, tag: "mark" | "del"): TemplateResult[] {
  return changedRuns(from, to).map((run) => (run.changed ? (tag === "mark" ? html`<mark>${run.text}</mark>` : html`<del>${run.text}</del>`) : html`${run.text}`));
}

function feedbackCard(fb: TutorFeedback, answered: string | undefined, t: Translate): TemplateResult {
  const said = fb.transcript ?? answered;
  const left = fb.outcome === "retry" ? (fb.attemptsLeft === 1 ? t("fb.oneLeft") : t("fb.attemptsLeft", { n: fb.attemptsLeft })) : "";
  const extra = fb.errors.slice(1);
  return html`<article class="fb ${fb.pass ? "pass" : "fail"}" data-outcome=${fb.outcome}>
    <p class="fb-head">
      <span class="badge">${fb.pass ? t("fb.pass") : t("fb.fail")}</span>
      <span class="score">${t("fb.score", { score: fb.score })}</span>
      ${left ? html`<span class="left">${left}</span>` : nothing}
    </p>
    <p class="fb-text">${fb.feedback}</p>
    ${said && fb.correction && fb.correction !== said
      ? html`<dl class="compare">
          <dt>${fb.transcript !== undefined ? t("fb.heard") : t("fb.youSaid")}</dt>
          <dd lang="ko" class="said">${runs(fb.correction, said, "del")}</dd>
          <dt>${t("fb.better")}</dt>
          <dd lang="ko" class="correction">${runs(said, fb.correction, "mark")}</dd>
        </dl>`
      : fb.transcript !== undefined
        ? html`<p class="heard">${t("fb.heard")}: <span lang="ko">${fb.transcript}</span></p>`
        : nothing}
    ${extra.length > 0 ? html`<ul class="errors">${extra.map((e) => html`<li>${e.message}</li>`)}</ul>` : nothing}
    ${fb.answer ? html`<p class="reveal">${t("fb.answer")}: <span lang="ko" class="ko">${fb.answer}</span></p>` : nothing}
    ${fb.outcome === "advance" ? html`<p class="next">${t("fb.next")}</p>` : nothing}
  </article>`;
}

function summary(done: TutorDone, tutor: TutorController, t: Translate): TemplateResult {
  const s = done.summary;
  return html`<section class="summary">
    <h3>${t("done.title")}</h3>
    <p>${done.feedback}</p>
    <dl class="stats">
      <div><dt>${t("done.passed")}</dt><dd>${s.passed} / ${s.activities}</dd></div>
      <div><dt>${t("done.average")}</dt><dd>${s.averageScore}</dd></div>
      <div><dt>${t("done.attempts")}</dt><dd>${s.attempts}</dd></div>
      <div><dt>${t("done.hints")}</dt><dd>${s.hints}</dd></div>
    </dl>
    <button class="primary" @click=${() => tutor.open()}>${t("done.again")}</button>
  </section>`;
}

/** What screen readers announce as it changes: checking, the tutor's notices, the feedback. */
function live(state: TutorState, t: Translate): TemplateResult {
  return html`<div class="live" role="status" aria-live="polite" aria-atomic="true">
    ${state.waiting && state.prompt ? html`<p class="checking"><span class="spinner" aria-hidden="true"></span>${t("tutor.checking")}</p>` : nothing}
    ${state.notice ? html`<p class="tutor-notice">${state.notice}</p>` : nothing}
    ${state.feedback && !state.done ? feedbackCard(state.feedback, state.answered, t) : nothing}
  </div>`;
}

/** The line, the task, the feedback on the last try right under it, then the ways to answer. */
function body(state: TutorState, tutor: TutorController, t: Translate, lang: string): TemplateResult {
  const prompt = state.prompt;
  const reviewed = state.reviewed ? reviewSummary(state.reviewed, lang, t) : nothing;
  if (state.done || !prompt) {
    const idle = state.reviewed ? html`<button id="to-lesson" class="primary" @click=${() => tutor.startLesson()}>${t("review.toLesson")}</button>` : html`<p class="loading">${t("tutor.loading")}</p>`;
    return html`${state.done ? summary(state.done, tutor, t) : html`${reviewed}${idle}`}${live(state, t)}`;
  }
  return html`${reviewed}${line(prompt, tutor, t)}
    <section class="task">
      <h3>${t("tutor.task")}</h3>
      <p>${prompt.task}</p>
      ${prompt.sentence ? html`<p class="sentence" lang="ko">${prompt.sentence}</p>` : nothing}
      <p class="attempt">${t("tutor.attempt", { n: prompt.attempt, max: prompt.maxAttempts })}</p>
    </section>
    ${live(state, t)} ${answerControls(prompt, state, tutor, t)} ${tools(prompt, state, tutor, t)}`;
}

export function tutorPanel(app: AppState, c: Controller, t: Translate): TemplateResult | typeof nothing {
  const tutor = c.tutor;
  if (!tutor) return nothing;
  const state = app.tutor;
  return html`<aside class="tutor" id="tutor" aria-labelledby="tutor-title">
    <header class="tutor-head">
      <div>
        <p class="eyebrow">${t("tutor.panel")} · <span lang="ko">${app.scene?.npc.name.ko ?? ""}</span></p>
        <h2 id="tutor-title" lang="ko">${state.lesson?.title.ko ?? ""}</h2>
      </div>
      <button class="icon" aria-label=${t("tutor.close")} title=${t("tutor.close")} @click=${() => c.closeTutor()}>✕</button>
    </header>
    ${dueReviews(app, c, t)}
    ${stages(state, t)}
    ${body(state, tutor, t, app.lang)}
  </aside>`;
}
