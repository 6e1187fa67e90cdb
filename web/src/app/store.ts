/** The app's state in one place: the interface is redrawn from it after every change. */
export class Store<T extends object> {
  #state: T;
  readonly #listeners = new Set<(state: T) => void>();

  constructor(initial: T) {
    this.#state = initial;
  }

  get state(): T {
    return this.#state;
  }

  update(change: Partial<T> | ((state: T) => Partial<T>)): void {
    const patch = typeof change === "function" ? change(this.#state) : change;
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener(this.#state);
  }

  subscribe(listener: (state: T) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
