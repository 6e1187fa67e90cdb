import { Client, type Room } from "@colyseus/sdk";
import type { LearnerLang } from "../domain/learners/learner.ts";
import type { ErrorMessage } from "../rooms/protocol.ts";
import type { AnswerBook } from "./answerBook.ts";
import type { LatencyProbe } from "./probe.ts";
import { on, sendMessage, sendTo } from "./protocolClient.ts";
import { Walker, type Area } from "./walker.ts";

/**
 * A scripted learner: signs in as a guest, joins a scene, walks around at 10 moves a second,
 * chats now and then, and (optionally) takes the lesson, answering after some thought with
 * a mix of right and wrong answers, by text and by choice.
 */

export const SCENE_AREAS: Record<string, Area> = {
  cafe: { minX: -12, maxX: 12, minY: -8, maxY: 8 },
  airport: { minX: -30, maxX: 30, minY: -15, maxY: 15 },
};

const CHATTER = ["안녕하세요!", "hello!", "커피 맛있어요", "누구 공부해요?", "화이팅!", "I'm learning Korean", "감사합니다"];

export interface BotStats {
  joined: number;
  failed: number;
  dropped: number;
  errors: number;
  /** `error` messages by code, to tell a server fault from a bot's deliberate mistake. */
  errorCodes: Partial<Record<ErrorMessage["code"], number>>;
  bytesReceived: number;
  /** WebSocket messages received. */
  messagesReceived: number;
  messagesSent: number;
  feedbackMs: number[];
}

export function newStats(): BotStats {
  return { joined: 0, failed: 0, dropped: 0, errors: 0, errorCodes: {}, bytesReceived: 0, messagesReceived: 0, messagesSent: 0, feedbackMs: [] };
}

export interface LearnerOptions {
  /** HTTP base URL of the server or gateway. */
  endpoint: string;
  scene: string;
  name: string;
  lang: LearnerLang;
  answers: AnswerBook;
  stats: BotStats;
  /** Take the lesson (otherwise only walk and chat). */
  lessons: boolean;
  /** Seconds between chat lines, on average; 0 for none. */
  chatEverySeconds: number;
  probe?: LatencyProbe | undefined;
  /** Measure other bots' moves in this room (one observer per room is enough). */
  observe?: boolean;
  random?: () => number;
}

export interface RunningLearner {
  room: Room;
  stop(): Promise<void>;
}

async function signIn(endpoint: string, name: string, lang: string): Promise<string> {
  const response = await fetch(`${endpoint}/api/v1/auth/guest`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, lang }),
  });
  if (response.status !== 201) throw new Error(`sign-in refused: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** Counts every byte the server sends this client. */
export function countBytes(room: Room, stats: BotStats): void {
  const ws = (room.connection.transport as unknown as { ws?: WebSocket }).ws;
  ws?.addEventListener("message", (event: MessageEvent) => {
    const data = event.data as ArrayBuffer | string;
    stats.bytesReceived += typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
    stats.messagesReceived += 1;
  });
}

/**
 * Leaves state patches undecoded. Decoding is most of a bot's CPU and changes nothing on the
 * server, so the benchmark has one observer per room decode (and time) patches, and the rest
 * skip it to keep the load generator from saturating first.
 */
export function skipStateDecoding(room: Room): void {
  const serializer = (room as unknown as { serializer?: { patch: (...args: unknown[]) => void } }).serializer;
  if (serializer) serializer.patch = () => {};
}

export function observeMoves(room: Room, probe: LatencyProbe): void {
  room.onStateChange((state: { avatars: Map<string, { facing: number }> }) => {
    const now = performance.now();
    state.avatars.forEach((avatar, sessionId) => {
      if (sessionId !== room.sessionId && probe.tracks(sessionId)) probe.saw(sessionId, avatar.facing, now);
    });
  });
}

function runLesson(room: Room, options: LearnerOptions, random: () => number): void {
  let sentAt = 0;
  on(room, "tutor:prompt", (prompt) => {
    // A learner reads, thinks, types: a few seconds.
    setTimeout(() => {
      const answer = options.answers.pick(prompt, random);
      sentAt = performance.now();
      sendMessage(room, answer);
      options.stats.messagesSent += 1;
    }, 2_000 + random() * 6_000);
  });
  on(room, "tutor:feedback", () => options.stats.feedbackMs.push(performance.now() - sentAt));
  on(room, "tutor:done", () => setTimeout(() => sendTo(room, "tutor:start", {}), 3_000));
  on(room, "tutor:hint", () => {});
  on(room, "tutor:busy", () => {});
  sendTo(room, "tutor:start", {});
}

export async function startLearner(options: LearnerOptions): Promise<RunningLearner> {
  const random = options.random ?? Math.random;
  const sdk = new Client(options.endpoint);
  sdk.auth.token = await signIn(options.endpoint, options.name, options.lang);
  const room = await sdk.joinOrCreate(options.scene, { lang: options.lang });
  options.stats.joined += 1;
  countBytes(room, options.stats);
  on(room, "error", (error) => {
    options.stats.errors += 1;
    options.stats.errorCodes[error.code] = (options.stats.errorCodes[error.code] ?? 0) + 1;
  });
  on(room, "chat", () => {});
  on(room, "server:draining", () => {});
  let leaving = false;
  room.onLeave(() => {
    if (!leaving) options.stats.dropped += 1;
  });
  if (options.probe && options.observe) observeMoves(room, options.probe);
  const area = SCENE_AREAS[options.scene] ?? SCENE_AREAS.cafe!;
  const walker = new Walker(area, { x: (area.minX + area.maxX) / 2, y: area.minY + 2 }, 2.5, random);
  const walking = setInterval(() => {
    const step = walker.step();
    options.probe?.sent(room.sessionId, step.seq, performance.now());
    sendTo(room, "move", { x: step.x, y: step.y, facing: step.facing, anim: step.anim });
    options.stats.messagesSent += 1;
  }, 100);
  const chatting =
    options.chatEverySeconds > 0
      ? setInterval(() => {
          if (random() < 1 / options.chatEverySeconds) {
            sendTo(room, "chat", { text: CHATTER[Math.floor(random() * CHATTER.length)]! });
            options.stats.messagesSent += 1;
          }
        }, 1_000)
      : undefined;
  if (options.lessons) runLesson(room, options, random);
  return {
    room,
    async stop() {
      leaving = true;
      clearInterval(walking);
      if (chatting) clearInterval(chatting);
      await room.leave().catch(() => {});
    },
  };
}
