import { html, nothing, type TemplateResult } from "lit-html";
import type { PublicScene } from "../../../http/sceneRoutes.ts";
import type { Controller } from "../app/controller.ts";
import { LANGUAGES, translator, type Translate, type UiKey } from "../app/i18n.ts";
import type { AppState } from "../app/state.ts";
import type { LearnerLang } from "../../../domain/learners/learner.ts";

/** The first screen: a name, a language (the whole interface follows it at once) and a scene. */

function sceneText(t: Translate, scene: PublicScene): { title: string; about: string } {
  const key = `scene.${scene.name}` as UiKey;
  const known = key === "scene.cafe" || key === "scene.airport";
  return known ? { title: t(key), about: t(`${key}.about` as UiKey) } : { title: scene.title.en, about: "" };
}

function nameField(state: AppState, c: Controller, t: Translate): TemplateResult {
  if (state.remembered) {
    return html`<div class="welcome">
      <p class="welcome-line">${t("signin.welcomeBack", { name: state.remembered.learner.name })}</p>
      <button type="button" class="link" @click=${() => c.forget()}>${t("signin.newLearner")}</button>
    </div>`;
  }
  return html`<div class="field">
    <label for="name">${t("signin.name")}</label>
    <input id="name" name="name" type="text" maxlength="64" autocomplete="nickname" spellcheck="false" aria-describedby="name-hint" required />
    <p id="name-hint" class="hint">${t("signin.nameHint")}</p>
  </div>`;
}

/** The languages the server offers, in its order (its region's: the usual one first). */
function offered(state: AppState): ReadonlyArray<{ lang: LearnerLang; name: string }> {
  return state.features.languages.flatMap((lang) => LANGUAGES.filter((entry) => entry.lang === lang));
}

function languages(state: AppState, c: Controller, t: Translate): TemplateResult {
  return html`<fieldset class="choices langs">
    <legend>${t("signin.language")}</legend>
    ${offered(state).map(
      ({ lang, name }) => html`<label class="choice ${state.lang === lang ? "chosen" : ""}">
        <input type="radio" name="lang" .value=${lang} .checked=${state.lang === lang} @change=${() => c.setLang(lang)} />
        <span lang=${lang}>${name}</span>
      </label>`,
    )}
  </fieldset>`;
}

function scenes(state: AppState, c: Controller, t: Translate): TemplateResult {
  return html`<fieldset class="choices scenes">
    <legend>${t("signin.scene")}</legend>
    ${state.scenes.map((scene) => {
      const text = sceneText(t, scene);
      return html`<label class="choice scene-card scene-${scene.name} ${state.sceneName === scene.name ? "chosen" : ""}">
        <input type="radio" name="scene" .value=${scene.name} .checked=${state.sceneName === scene.name} @change=${() => c.setScene(scene.name)} />
        <span class="scene-title">${text.title} <span lang="ko" class="ko">${scene.title.ko}</span></span>
        <span class="scene-about">${text.about}</span>
      </label>`;
    })}
  </fieldset>`;
}

export function signInView(state: AppState, c: Controller): TemplateResult {
  const t = translator(state.lang);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const name = new FormData(event.currentTarget as HTMLFormElement).get("name");
    void c.enter(typeof name === "string" ? name : "");
  };
  return html`<div class="signin-backdrop">
    <main class="signin" aria-labelledby="signin-title">
      <header class="brand">
        <span class="logo" aria-hidden="true">코</span>
        <div>
          <h1 id="signin-title">KOTO</h1>
          <p class="tagline">${t("app.tagline")}</p>
        </div>
      </header>
      <form @submit=${submit} novalidate>
        ${nameField(state, c, t)} ${languages(state, c, t)} ${scenes(state, c, t)}
        ${state.signInError ? html`<p class="error" role="alert">${state.signInError}</p>` : nothing}
        <button class="primary wide" type="submit" ?disabled=${state.entering || state.scenes.length === 0}>
          ${state.entering ? t("signin.entering") : t("signin.enter")}
        </button>
      </form>
    </main>
  </div>`;
}
