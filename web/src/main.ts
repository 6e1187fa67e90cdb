import { render } from "lit-html";
import { Controller } from "./app/controller.ts";
import type { AppState } from "./app/state.ts";
import { sceneView } from "./ui/hud.ts";
import { signInView } from "./ui/signIn.ts";
import "./style.css";

/**
 * The browser client's entry: the canvas draws the scene (world/), lit-html draws the
 * interface (ui/) from one app state (app/), redrawn at most once per task after changes.
 */

const canvas = document.querySelector<HTMLCanvasElement>("#world")!;
const root = document.querySelector<HTMLElement>("#ui")!;
const controller = new Controller(canvas);
/** The prompt the answer field was last focused for, so a new one takes the keyboard once. */
let focusedFor = "";
let scheduled = false;

function draw(): void {
  scheduled = false;
  const state = controller.store.state;
  document.body.dataset.phase = state.phase;
  render(state.phase === "signin" ? signInView(state, controller) : sceneView(state, controller), root);
  afterRender(state);
}

function afterRender(state: AppState): void {
  const panel = document.querySelector<HTMLElement>("#tutor");
  const wide = window.innerWidth >= 900;
  const covered = panel && wide ? panel.offsetWidth + 24 : 0;
  controller.coverRight(covered);
  root.style.setProperty("--covered", `${covered}px`);
  const prompt = state.tutor.prompt;
  const key = state.tutor.open && prompt ? `${prompt.activityId}#${prompt.attempt}` : "";
  if (!key || key === focusedFor) return;
  focusedFor = key;
  const typing = document.activeElement?.id === "chat-input";
  const target = document.querySelector<HTMLElement>("#answer, .choices-list .option");
  if (!typing) target?.focus({ preventScroll: true });
}

controller.store.subscribe(() => {
  if (scheduled) return;
  scheduled = true;
  queueMicrotask(draw);
});
window.addEventListener("resize", () => afterRender(controller.store.state));
document.documentElement.lang = controller.store.state.lang;
draw();
controller.load().catch(() => controller.store.update({ signInError: controller.t("error.generic") }));
