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
    // One statement, so sign-ins cost one round trip and no transaction, even in a rush of
    // new learners.
    await this.#db.prisma.$executeRaw`
      WITH learner AS (
        INSERT INTO "users" ("id", "display_name", "lang") VALUES (${id}::uuid, ${input.name}, ${input.lang}::"LearnerLang")
        RETURNING "id"
      )
      INSERT INTO "user_identities" ("id", "user_id", "provider", "subject")
      SELECT ${randomUUID()}::uuid, learner."id", 'guest', ${id} FROM learner`;
    return { userId: id, name: input.name, lang: input.lang };
  }

  async find(userId: string): Promise<Learner | undefined> {
    const user = await this.#db.prisma.user.findUnique({ where: { id: userId } });
    return user ? { userId: user.id, name: user.displayName, lang: user.lang } : undefined;
  }
}
