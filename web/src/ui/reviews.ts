import { html, nothing, type TemplateResult } from "lit-html";
import type { TutorReviewDone } from "../../../domain/tutor/tutorMessages.ts";
import type { Controller } from "../app/controller.ts";
import type { Translate } from "../app/i18n.ts";
import type { AppState } from "../app/state.ts";

/**
 * The learner's due review items (their own mistakes the tutor brings back): what they said
 * and what it should have been, and a button to review them now. Shown beside the talk
 * button in the scene and at the top of the lesson panel.
 */
export function dueReviews(state: AppState, c: Controller, t: Translate): TemplateResult | typeof nothing {
  if (state.reviews.length === 0) return nothing;
  const reviewing = state.tutor.prompt?.review !== undefined || state.tutor.waiting;
  return html`<section class="reviews" id="reviews" aria-labelledby="reviews-title">
    <h3 id="reviews-title">${t("review.title", { n: state.reviews.length })}</h3>
    <p class="reviews-intro">${t("review.intro")}</p>
    <ul>
      ${state.reviews.map(
        (item) => html`<li data-activity=${item.activityId}>
          <del lang="ko" class="said">${item.answer}</del> <span aria-hidden="true">→</span> <span lang="ko" class="correction">${item.correction}</span>
        </li>`,
      )}
    </ul>
    <button id="review-now" class="secondary" ?disabled=${reviewing} @click=${() => c.review()}>${t("review.now")}</button>
  </section>`;
}

/** How the reviews went (or that none was due), with when the next one is. */
export function reviewSummary(reviewed: TutorReviewDone, lang: string, t: Translate): TemplateResult {
  const when = reviewed.nextDue ? new Date(reviewed.nextDue).toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" }) : "";
  return html`<section class="review-done" id="review-done">
    <p>${reviewed.feedback}</p>
    ${when ? html`<p class="review-next">${t("review.later", { when })}</p>` : nothing}
  </section>`;
}
