/**
 * Enter sends the field's text, except while an input method is composing: a Korean IME
 * commits its syllable with Enter, and that Enter must not send a half-typed answer. Chromium
 * and Firefox flag it with `isComposing`; Safari only with keyCode 229.
 */
export function enterSends(send: (input: HTMLInputElement) => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== "Enter" || event.shiftKey) return;
    if (event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    send(event.currentTarget as HTMLInputElement);
  };
}
