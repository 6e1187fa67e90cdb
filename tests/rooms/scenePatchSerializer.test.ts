import { describe, expect, it } from "vitest";
import { ClientState, SchemaSerializer, type Client } from "@colyseus/core";
import { Decoder, StateView } from "@colyseus/schema";
import { ScenePatchSerializer } from "../../rooms/ScenePatchSerializer.ts";
import { AvatarState, NpcState, SceneState } from "../../schema/SceneState.ts";
import { LessonState } from "../../schema/LessonState.ts";
import { RoleplayState } from "../../schema/RoleplayState.ts";

/** A connected client as the serializer sees one: its view and the frames it was sent. */
interface FakeClient {
  sessionId: string;
  state: ClientState;
  view?: StateView;
  /** Copies of the frames: the stock serializer's shared frame is its encoder's buffer, overwritten each tick. */
  frames: Uint8Array[];
  /** The frame objects themselves, to tell a frame shared between clients from one made for each. */
  sent: Uint8Array[];
  raw(bytes: Uint8Array): void;
}

/** One scene's state patched by one serializer, with its learners' views. */
class World {
  readonly state = new SceneState({ scene: "cafe", npc: new NpcState({ id: "npc", name: "민지" }) });
  readonly clients: FakeClient[] = [];

  readonly serializer: SchemaSerializer<SceneState>;

  constructor(serializer: SchemaSerializer<SceneState>) {
    this.serializer = serializer;
    serializer.reset(this.state);
  }

  join(sessionId: string): void {
    this.state.avatars.set(sessionId, new AvatarState({ userId: `u-${sessionId}`, name: sessionId }));
    const client: FakeClient = {
      sessionId,
      state: ClientState.JOINED,
      frames: [],
      sent: [],
      raw(bytes) {
        this.frames.push(bytes.slice());
        this.sent.push(bytes);
      },
    };
    this.clients.push(client);
  }

  /** What TutorAdapter does when a learner starts a lesson: the entry, visible to them only. */
  startLesson(sessionId: string, lessonId: string): void {
    const lesson = new LessonState({ lessonId, status: "prompting", line: "안녕하세요" });
    this.state.lessons.set(sessionId, lesson);
    const client = this.clients.find((c) => c.sessionId === sessionId);
    if (client === undefined) return;
    client.view ??= new StateView();
    client.view.add(lesson);
  }

  patch(): void {
    this.serializer.applyPatches(this.clients as unknown as Client[], this.state);
  }
}

/** Deterministic pseudo-random numbers, so both worlds get the same operations. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

type Operation = (world: World) => void;

/** A tick of a busy scene: most learners walk; now and then a lesson, a roleplay or a leaver. */
function tickOperations(next: () => number, tick: number, ids: string[]): Operation[] {
  const ops: Operation[] = [];
  for (const id of ids) {
    if (next() < 0.6) {
      const [x, y] = [Math.round(next() * 1_000) / 10, Math.round(next() * 1_000) / 10];
      ops.push((w) => {
        const avatar = w.state.avatars.get(id);
        if (avatar) Object.assign(avatar, { x, y, facing: tick });
      });
    }
  }
  const who = ids[Math.floor(next() * ids.length)]!;
  const roll = next();
  if (roll < 0.15) ops.push((w) => w.startLesson(who, `lesson-${tick}`));
  else if (roll < 0.45) ops.push((w) => {
    const lesson = w.state.lessons.get(who);
    if (lesson) Object.assign(lesson, { attempts: tick % 3, lastFeedback: `피드백 ${tick}`, lastScore: tick % 100 });
  });
  else if (roll < 0.5) ops.push((w) => w.state.roleplays.set(`rp-${tick}`, new RoleplayState({ id: `rp-${tick}` })));
  else if (roll < 0.55) ops.push((w) => w.state.npc.assign({ talkingTo: who, line: `${tick}번 손님` }));
  return ops;
}

function runScene(seed: number, ticks: number, everyoneInALesson = false): { stock: World; scene: World; sharedTicks: number } {
  const stock = new World(new SchemaSerializer<SceneState>());
  const scene = new World(new ScenePatchSerializer<SceneState>());
  const ids = Array.from({ length: 24 }, (_, i) => `s${i}`);
  for (const world of [stock, scene]) {
    for (const id of ids) world.join(id);
    if (everyoneInALesson) for (const id of ids) world.startLesson(id, "cafe-1");
  }
  const next = random(seed);
  let sharedTicks = 0;
  for (let tick = 0; tick < ticks; tick++) {
    const ops = tickOperations(next, tick, ids);
    for (const world of [stock, scene]) {
      for (const op of ops) op(world);
      world.patch();
    }
    const last = scene.clients.map((c) => c.sent.at(-1));
    if (new Set(last).size === 1) sharedTicks++;
  }
  return { stock, scene, sharedTicks };
}

describe("the scene's patch serializer", () => {
  it("sends every client exactly the bytes Colyseus's own serializer sends it, tick by tick", () => {
    for (const [seed, everyoneInALesson] of [[1, false], [7, true], [42, false]] as const) {
      const { stock, scene } = runScene(seed, 300, everyoneInALesson);
      scene.clients.forEach((client, i) => {
        const expected = stock.clients[i]!.frames;
        expect(client.frames.length).toBe(expected.length);
        client.frames.forEach((frame, tick) => expect(Buffer.from(frame).equals(Buffer.from(expected[tick]!)), `seed ${seed}, ${client.sessionId}, tick ${tick}`).toBe(true));
      });
    }
  });

  it("encodes a tick with nothing private once and sends the same frame to every learner with a view", () => {
    const { stock, scene, sharedTicks } = runScene(3, 200, true);
    expect(scene.clients.every((client) => client.view !== undefined)).toBe(true);
    // About half the ticks change someone's lesson (tickOperations); the rest should go out as one frame.
    expect(sharedTicks).toBeGreaterThan(60);
    const lastTick = stock.clients.map((c) => c.sent.at(-1));
    expect(new Set(lastTick).size).toBe(stock.clients.length);
  });

  it("keeps each learner's lesson theirs: decoding a client's frames shows its own lesson and no one else's", () => {
    const { scene } = runScene(11, 300);
    const withLesson = scene.clients.filter((client) => scene.state.lessons.has(client.sessionId));
    expect(withLesson.length).toBeGreaterThan(3);
    for (const client of scene.clients) {
      const decoded = new SceneState();
      const decoder = new Decoder(decoded);
      for (const frame of client.frames) decoder.decode(frame, { offset: 1 });
      expect([...decoded.lessons.keys()]).toEqual(scene.state.lessons.has(client.sessionId) ? [client.sessionId] : []);
      expect(decoded.lessons.get(client.sessionId)?.lastFeedback).toBe(scene.state.lessons.get(client.sessionId)?.lastFeedback);
      expect(decoded.avatars.size).toBe(24);
      expect(decoded.avatars.get("s5")?.x).toBeCloseTo(scene.state.avatars.get("s5")!.x, 3);
    }
  });
});
