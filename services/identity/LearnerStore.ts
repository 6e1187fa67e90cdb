import { randomUUID } from "node:crypto";
import type { Learner, LearnerLang } from "../../domain/learners/learner.ts";
import type { Database } from "../database/database.ts";

/** Learner accounts. Guests today; other sign-in methods add identities to the same learner. */
export interface LearnerStore {
  createGuest(input: { name: string; lang: LearnerLang }): Promise<Learner>;
  find(userId: string): Promise<Learner | undefined>;
}

export class PrismaLearnerStore implements LearnerStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async createGuest(input: { name: string; lang: LearnerLang }): Promise<Learner> {
    const id = randomUUID();
    await this.#db.prisma.user.create({
      data: {
        id,
        displayName: input.name,
        lang: input.lang,
        identities: { create: { id: randomUUID(), provider: "guest", subject: id } },
      },
    });
    return { userId: id, name: input.name, lang: input.lang };
  }

  async find(userId: string): Promise<Learner | undefined> {
    const user = await this.#db.prisma.user.findUnique({ where: { id: userId } });
    return user ? { userId: user.id, name: user.displayName, lang: user.lang } : undefined;
  }
}
