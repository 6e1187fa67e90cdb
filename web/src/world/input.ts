import type { Direction } from "./walker.ts";

/**
 * Arrow keys and WASD walk while the page (not a text field) has the keyboard; a click or tap
 * on the floor walks there. E (or Enter on the scene) talks to the tutor.
 */

const KEYS: Readonly<Record<string, Direction>> = {
  ArrowUp: "north",
  KeyW: "north",
  ArrowDown: "south",
  KeyS: "south",
  ArrowLeft: "west",
  KeyA: "west",
  ArrowRight: "east",
  KeyD: "east",
};

export interface InputHandlers {
  press(direction: Direction): void;
  release(direction: Direction): void;
  releaseAll(): void;
  click(clientX: number, clientY: number): void;
  talk(): void;
}

function typingInto(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element?.tagName) return false;
  return element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName);
}

export function listen(canvas: HTMLCanvasElement, handlers: InputHandlers): () => void {
  const keydown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typingInto(event.target)) return;
    const direction = KEYS[event.code];
    if (direction) {
      event.preventDefault();
      handlers.press(direction);
    } else if (event.code === "KeyE" || (event.key === "Enter" && event.target === canvas)) {
      event.preventDefault();
      handlers.talk();
    }
  };
  const keyup = (event: KeyboardEvent) => {
    const direction = KEYS[event.code];
    if (direction) handlers.release(direction);
  };
  const pointerdown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    canvas.focus({ preventScroll: true });
    handlers.click(event.clientX, event.clientY);
  };
  const blur = () => handlers.releaseAll();
  window.addEventListener("keydown", keydown);
  window.addEventListener("keyup", keyup);
  window.addEventListener("blur", blur);
  canvas.addEventListener("pointerdown", pointerdown);
  return () => {
    window.removeEventListener("keydown", keydown);
    window.removeEventListener("keyup", keyup);
    window.removeEventListener("blur", blur);
    canvas.removeEventListener("pointerdown", pointerdown);
  };
}
