import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Client, type Room } from "@colyseus/sdk";
import { startServerProcess, type ServerProcess } from "../../bench/serverProcess.ts";
import { activitiesOf, isPick, modelAnswer } from "../../domain/lessons/lesson.ts";
import type { TutorFeedback, TutorPrompt } from "../../domain/tutor/tutorMessages.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";
import { Inbox } from "../helpers/inbox.ts";
import { createTempDatabase, query } from "../helpers/postgres.ts";
import { startPostgresCluster, type PostgresCluster } from "../helpers/processes.ts";

/**
 * Durable turns: once a learner has had feedback for an answer, that answer's event and
 * their lesson progress survive `kill -9` of the server, whether the database was down at
 * the time (the writes were only in memory and in the local journal) or up (the writes were
 * on their way to it). The server is restarted on the same data folder and the database is
 * checked for every answer the clients got feedback for, once, and for the progress they saw.
 */

const SECRET = "durable-test-jwt-secret-0123456789abcdefgh";
const folders: string[] = [];
const running: ServerProcess[] = [];

afterAll(async () => {
  await Promise.allSettled(running.filter((p) => p.child.exitCode === null && p.child.signalCode === null).map((p) => p.stop()));
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function dataFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "koto-durable-"));
  folders.push(dir);
  return dir;
}

async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess({ JWT_SECRET: SECRET, TTS_PROVIDER: "none", ...env });
  running.push(server);
  return server;
}

async function kill9(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGKILL");
  await exited;
}

/** Answers cycled per activity: a wrong one first where there is one, so turns repeat and reveal. */
const ANSWERS: Record<string, Array<{ text: string } | { choice: number }>> = {
  "cafe.greet": [{ text: "안녕" }, { text: "안녕하세요" }],
  "cafe.order": [{ text: "아메리카노 일 잔 주세요" }, { text: "라테 두잔 주세요" }, { text: "아메리카노 한 잔 주세요" }],
  "cafe.temperature": [{ choice: 2 }, { choice: 0 }],
  "cafe.pay": [{ text: "현금으로 할게" }, { text: "카드로 할게요" }],
  "cafe.thanks": [{ text: "감사함니다" }, { text: "감사합니다" }],
};

interface Answered {
  activityId: string;
  input: string;
}

/** Where a learner's progress stands after the last feedback they had, as that feedback tells it. */
type Standing =
  | { completed: false; index: number; attempt: number; activityId: string }
  /** Moved on to the next activity (its prompt may not have arrived before the crash). */
  | { completed: false; index: number; attempt: 1; passed: string }
  | { completed: true };

/** A learner in the cafe lesson, keeping what the server told them. */
class Learner {
  readonly answered: Answered[] = [];
  standing: Standing = { completed: false, index: 0, attempt: 1, activityId: "cafe.greet" };
  #prompt: TutorPrompt | undefined;
  readonly #tries = new Map<string, number>();
  readonly userId: string;
  readonly token: string;
  readonly room: Room;
  readonly inbox: Inbox;

  constructor(userId: string, token: string, room: Room, inbox: Inbox) {
    this.userId = userId;
    this.token = token;
    this.room = room;
    this.inbox = inbox;
  }

  static async join(server: ServerProcess, name: string): Promise<Learner> {
    const response = await fetch(`${server.baseUrl}/api/v1/auth/guest`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, lang: "en" }),
    });
    const { token, learner } = (await response.json()) as { token: string; learner: { userId: string } };
    const sdk = new Client(server.baseUrl);
    sdk.auth.token = token;
    const room = await sdk.joinOrCreate("cafe", {});
    const inbox = new Inbox(room);
    room.send("tutor:start", {});
    const joined = new Learner(learner.userId, token, room, inbox);
    joined.#prompt = await inbox.next<TutorPrompt>("tutor:prompt");
    return joined;
  }

  /** Answers the current prompt and waits for its feedback and the next prompt; false once there is none. */
  async turn(onFeedback: () => void = () => {}): Promise<boolean> {
    const prompt = this.#prompt;
    if (!prompt) return false;
    this.#prompt = undefined;
    const answer = this.#answerTo(prompt.activityId);
    if ("text" in answer) this.room.send("tutor:answer", answer);
    else this.room.send("tutor:choose", { index: answer.choice });
    const feedback = await this.inbox.next<TutorFeedback>("tutor:feedback").catch(() => undefined);
    if (!feedback) return false;
    this.answered.push({ activityId: feedback.activityId, input: "text" in answer ? answer.text : String(answer.choice) });
    this.standing = standingAfter(prompt, feedback);
    onFeedback();
    if (this.standing.completed) return false;
    this.#prompt = await this.inbox.next<TutorPrompt>("tutor:prompt").catch(() => undefined);
    return this.#prompt !== undefined;
  }

  #answerTo(activityId: string): { text: string } | { choice: number } {
    const tries = this.#tries.get(activityId) ?? 0;
    this.#tries.set(activityId, tries + 1);
    const options = ANSWERS[activityId] ?? [modelAnswerOf(activityId)];
    return options[tries % options.length]!;
  }
}

function standingAfter(prompt: TutorPrompt, feedback: TutorFeedback): Standing {
  if (feedback.outcome === "retry") {
    return { completed: false, index: prompt.index, attempt: prompt.maxAttempts - feedback.attemptsLeft + 1, activityId: prompt.activityId };
  }
  if (prompt.index === prompt.total - 1) return { completed: true };
  return { completed: false, index: prompt.index + 1, attempt: 1, passed: prompt.activityId };
}

interface EventRow {
  activity_id: string;
  user_input: string;
}

async function evaluationsOf(url: string, userId: string): Promise<Answered[]> {
  const rows = await query<EventRow>(
    url,
    `SELECT e.activity_id, e.user_input FROM session_events e JOIN learning_sessions s ON s.id = e.session_id
     WHERE s.user_id = $1 AND e.event_type = 'evaluation' ORDER BY e.created_at, e.id`,
    [userId],
  );
  return rows.map((row) => ({ activityId: row.activity_id, input: row.user_input }));
}

interface ProgressRow {
  status: string;
  current_activity_id: string | null;
  attempts: number;
  results: Record<string, unknown>;
}

async function progressOf(url: string, userId: string): Promise<ProgressRow | undefined> {
  const [row] = await query<ProgressRow>(
    url,
    `SELECT status::text, current_activity_id, attempts, results FROM lesson_progress WHERE user_id = $1 AND lesson_id = 'cafe-order'`,
    [userId],
  );
  return row;
}

/** Activities in lesson order, to compare how far along two standings are. */
const CATALOG = await loadCatalog(CONTENT_DIR);
const ORDER = activitiesOf(CATALOG.lessons.get("cafe-order")!).map(({ activity }) => activity.id);

/** Activities the answer list does not name (the course grows): their model answer, right first time. */
function modelAnswerOf(activityId: string): { text: string } | { choice: number } {
  const activity = CATALOG.activity(activityId)!.activity;
  return isPick(activity) ? { choice: activity.choices.findIndex((c) => c.correct) } : { text: modelAnswer(activity) };
}

/** How far along: activity, then attempts used (at most 3 per activity). */
function reach(progress: ProgressRow | undefined): number {
  if (!progress) return -1;
  return progress.status === "completed" ? Number.POSITIVE_INFINITY : ORDER.indexOf(progress.current_activity_id!) * 10 + progress.attempts;
}

function reachOf(standing: Standing): number {
  return standing.completed ? Number.POSITIVE_INFINITY : standing.index * 10 + standing.attempt - 1;
}

function expectStanding(progress: ProgressRow | undefined, standing: Standing): void {
  if (standing.completed) {
    expect(progress?.status).toBe("completed");
  } else if ("activityId" in standing) {
    expect(progress).toMatchObject({ status: "in_progress", current_activity_id: standing.activityId, attempts: standing.attempt - 1 });
  } else {
    expect(progress).toMatchObject({ status: "in_progress", attempts: 0, current_activity_id: ORDER[standing.index] });
    expect(progress!.results).toHaveProperty([standing.passed]);
  }
}

/**
 * Every answer each learner had feedback for is stored once, in order, and their progress is
 * what that feedback said. An answer still on its way when the server died may be stored too
 * (its writes reached the disk, its feedback never reached the learner): then the progress is
 * at or past what the learner last saw.
 */
async function expectAllStored(url: string, learners: readonly Learner[]): Promise<void> {
  await vi.waitFor(
    async () => {
      for (const learner of learners) {
        const stored = await evaluationsOf(url, learner.userId);
        expect(stored.slice(0, learner.answered.length)).toEqual(learner.answered);
        expect(stored.length - learner.answered.length).toBeLessThanOrEqual(1);
        const progress = await progressOf(url, learner.userId);
        if (stored.length === learner.answered.length) expectStanding(progress, learner.standing);
        else expect(reach(progress)).toBeGreaterThanOrEqual(reachOf(learner.standing));
      }
    },
    { timeout: 15_000, interval: 250 },
  );
}

/** The lesson resumes where the learner last was (or past it, see expectAllStored), on the restarted server. */
async function expectResumed(server: ServerProcess, url: string, learner: Learner): Promise<void> {
  const { standing } = learner;
  if (standing.completed) return;
  const sdk = new Client(server.baseUrl);
  sdk.auth.token = learner.token;
  const room = await sdk.joinOrCreate("cafe", {});
  const inbox = new Inbox(room);
  room.send("tutor:start", {});
  const prompt = await inbox.next<TutorPrompt>("tutor:prompt");
  if ((await evaluationsOf(url, learner.userId)).length === learner.answered.length) {
    expect({ index: prompt.index, attempt: prompt.attempt }).toEqual({ index: standing.index, attempt: standing.attempt });
  } else {
    expect(prompt.index * 10 + prompt.attempt - 1).toBeGreaterThanOrEqual(reachOf(standing));
  }
  await room.leave();
}

async function journalSegments(dataDir: string): Promise<string[]> {
  const root = path.join(dataDir, "journal");
  const folders = await readdir(root).catch(() => []);
  const files = await Promise.all(folders.map((folder) => readdir(path.join(root, folder))));
  return files.flat();
}

describe("kill -9 during a database outage", () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(async () => {
    await cluster?.destroy();
  });

  it("keeps every answer the learners had feedback for, and their progress, for the restarted server", async () => {
    const dataDir = await dataFolder();
    const env = { DATABASE_URL: cluster.url, KOTO_DATA_DIR: dataDir };
    const server = await start(env);
    const learners = await Promise.all(["Mina", "Joon", "Sora"].map((name) => Learner.join(server, name)));
    // Two turns each with the database up, then eight with it down.
    for (const learner of learners) for (let i = 0; i < 2; i += 1) expect(await learner.turn()).toBe(true);
    await cluster.stop();
    await Promise.all(learners.map(async (learner) => {
      for (let i = 0; i < 8; i += 1) await learner.turn();
    }));
    expect(learners.map((l) => l.answered.length).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(20);
    await kill9(server);

    await cluster.start();
    const again = await start(env);
    await expectAllStored(cluster.url, learners);
    for (const learner of learners) await expectResumed(again, cluster.url, learner);
    // The journal is trimmed once the database has its rows.
    await vi.waitFor(async () => expect(await journalSegments(dataDir)).toEqual([]), { timeout: 10_000, interval: 250 });
  }, 120_000);
});

describe("kill -9 with the database up, in the middle of turns", () => {
  it("keeps every answer the learners had feedback for, even those the server had not yet written", async () => {
    const database = await createTempDatabase("koto_durable");
    try {
      const dataDir = await dataFolder();
      const env = { DATABASE_URL: database.url, KOTO_DATA_DIR: dataDir };
      const server = await start(env);
      const learners = await Promise.all(["Hana", "Dal", "Byul", "Nuri"].map((name) => Learner.join(server, name)));
      let feedbacks = 0;
      // The kill comes the instant the 15th feedback arrives, while other turns are on their way.
      const killAt = () => {
        feedbacks += 1;
        if (feedbacks === 15) server.child.kill("SIGKILL");
      };
      await Promise.all(learners.map(async (learner) => {
        while (await learner.turn(killAt));
      }));
      await kill9(server);
      expect(feedbacks).toBeGreaterThanOrEqual(15);

      const again = await start(env);
      await expectAllStored(database.url, learners);
      for (const learner of learners) await expectResumed(again, database.url, learner);
    } finally {
      await database.drop();
    }
  }, 120_000);
});
