/** The version fields of a progress save (see ProgressSaveOp). */
export interface SaveVersion {
  writerId: string;
  baseVersion: number;
  version: number;
}

/**
 * The versions one writer, a learner's learning session, puts on its progress saves: each
 * builds on the version the writer read, one higher than its previous save. The database
 * takes a save only while no other writer has saved since that reading.
 */
export class ProgressVersions {
  readonly #writerId: string;
  #read: { lessonId: string; baseVersion: number } | undefined;
  #version = 0;

  constructor(writerId: string) {
    this.#writerId = writerId;
  }

  /** The progress of `lessonId` was read at `version` (0: nothing stored yet). */
  read(lessonId: string, version: number): void {
    this.#read = { lessonId, baseVersion: version };
    this.#version = version;
  }

  /** The versions of the next save of `lessonId`. */
  next(lessonId: string): SaveVersion {
    this.#version += 1;
    // A lesson this writer never read builds on nothing: it can create the row, never overwrite one.
    const baseVersion = this.#read?.lessonId === lessonId ? this.#read.baseVersion : -1;
    return { writerId: this.#writerId, baseVersion, version: this.#version };
  }
}
