import { randomUUID } from "node:crypto";
import { matchMaker, Room, SchemaSerializer, ServerError, type AuthContext, type Client } from "@colyseus/core";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { RoomException, RoomMethodName } from "@colyseus/core";
import type { z } from "zod";
import type { Learner } from "../domain/learners/learner.ts";
import type { ModerationAction, ModerationNotices, ModerationResult } from "../domain/ops/moderation.ts";
import { spawnWalker, type Walker } from "../domain/scenes/movement.ts";
import type { Scene } from "../domain/scenes/scene.ts";
import { AvatarState, NpcState, SceneState } from "../schema/SceneState.ts";
import type { TokenService } from "../services/identity/TokenService.ts";
import type { Logger } from "../services/logger.ts";
import type { Metrics } from "../services/metrics/Metrics.ts";
import type { ChatFilter } from "../services/moderation/ChatFilter.ts";
import type { WriteQueue } from "../services/writes/WriteQueue.ts";
import { CLIENT_MESSAGES, joinOptions, type moveMessage } from "./messages.ts";
import { CloseCode, ErrorCode, NoticeCode, type ClientMessageType, type ServerMessages } from "./protocol.ts";
import { authenticate, authenticateReconnection, checkReconnectionsFirst } from "./authenticate.ts";
import { MessageGate } from "./MessageGate.ts";
import { ScenePatchSerializer } from "./ScenePatchSerializer.ts";
import { RoomOps, type OpsRoom, type RoomSnapshot } from "./RoomOps.ts";
import { SeatRegistry, seatTaken, type SeatHolder } from "./SeatRegistry.ts";
import { moveAvatar, showEmote } from "./avatarActions.ts";
import { endReasonFor, mayReconnect } from "./closeReasons.ts";
import { broadcast, countBytesSent, send, sendInternalError } from "./send.ts";
import { TutorAdapter, type TutorDeps } from "./TutorAdapter.ts";
import { RoleplayAdapter, type LiveRoleplay } from "./RoleplayAdapter.ts";

export interface SceneRoomDeps extends Omit<TutorDeps, "writes"> {
  scene: Scene;
  tokens: TokenService;
  writes: WriteQueue;
  logger: Logger;
  /** Seat reservations per learner and IP. */
  joins: RateLimiterAbstract;
  metrics: Metrics;
  capacity: number;
  /** The instruction languages the deployment offers (its region); a join asking for another keeps the learner's own. */
  languages: readonly Learner["lang"][];
  reconnectSeconds: number;
  patchRateMs: number;
  /** How long learners see the draining notice before they are moved. */
  drainNoticeMs: number;
  chatFilter: ChatFilter;
  /** What learners are told about moderation (content/moderation.yaml). */
  notices: ModerationNotices;
}

/** How often roleplays check their turn time limits and invitations theirs (on the injected clock). */
const ROLEPLAY_TICK_MS = 250;
/** How long a replaced connection's writes may take to be stored for its successor on another process. */
const REPLACE_FLUSH_MS = 2_500;
const REPLACED_MESSAGE = "You joined this scene from another window or device; this connection is closed.";

interface Presence {
  learner: Learner;
  lang: Learner["lang"];
  sessionRowId: string;
  /** The learner's claim on their seat in this scene (SeatRegistry). */
  claim: number;
  walker: Walker;
  emoteTimer?: { clear(): void } | undefined;
}

type SceneClient = Client<{ auth: Learner }>;

/**
 * One scene (cafe, airport, ...) with its learners. The room is glue: it validates what
 * clients send, asks the domain what that means, updates the synchronized state and queues
 * what must be stored; the tutor's part is TutorAdapter. Rooms are made per scene by
 * `sceneRoom()` below. Time in the room is the Colyseus clock (`this.clock`).
 */
export class SceneRoom extends Room<{ state: SceneState; client: SceneClient }> implements SeatHolder {
  declare protected readonly deps: SceneRoomDeps;
  protected readonly presences = new Map<string, Presence>();
  protected tutor!: TutorAdapter;
  protected roleplays!: RoleplayAdapter;
  protected gate!: MessageGate;
  protected seats!: SeatRegistry;
  /** Chat and moderation (RoomOps). */
  protected ops!: RoomOps;
  /** Ends the wait for a dropped learner's reconnection, per session. */
  readonly #waiting = new Map<string, (reason: unknown) => void>();
  /** Connections still taking their seat; `replaced` once a newer one of the learner took it meanwhile. */
  readonly #joining = new Map<string, { replaced: boolean }>();
  #joins = 0;

  override onCreate(): void {
    const { scene } = this.deps;
    this.maxClients = this.deps.capacity;
    this.patchRate = this.deps.patchRateMs;
    this.maxMessagesPerSecond = 60;
    this.seats = new SeatRegistry(this.presence, scene.name, this.deps.logger);
    // A reconnection token names a seat; taking it back needs the token of the seat's learner.
    checkReconnectionsFirst(this, (sessionId, token) => authenticateReconnection(this.deps.tokens, token, this.presences.get(sessionId)?.learner.userId));
    this.gate = new MessageGate(
      this.deps.logger,
      this.deps.metrics,
      (client, code, message) => this.sendError(client as SceneClient, code, message),
      () => this.clock.currentTime,
    );
    this.deps.metrics.roomOpened(scene.name);
    this.state = new SceneState({
      scene: scene.name,
      npc: new NpcState({ id: scene.npc.id, name: scene.npc.name.ko, x: scene.npc.x, y: scene.npc.y, facing: scene.npc.facing }),
    });
    this.handle("move", (client, message) => this.move(client, message));
    this.ops = this.createOps();
    this.handle("chat", (client, message) => this.ops.chat(client, message.text));
    this.handle("emote", (client, message) => this.emote(client, message.name));
    this.tutor = new TutorAdapter({ state: this.state, clientOf: (sessionId) => this.clients.getById(sessionId) }, this.deps);
    this.registerTutorMessages();
    this.registerRoleplay();
  }

  /** Two learners playing a lesson's dialogue, the NPC moderating (RoleplayAdapter, docs/together.md). */
  private registerRoleplay(): void {
    const roleplays = new RoleplayAdapter(
      {
        state: this.state,
        clientOf: (sessionId) => this.clients.getById(sessionId),
        memberOf: (sessionId) => {
          const presence = this.presences.get(sessionId);
          return presence && { userId: presence.learner.userId, name: presence.learner.name, lang: presence.lang, sessionRowId: presence.sessionRowId };
        },
      },
      this.deps,
    );
    this.roleplays = roleplays;
    this.handle("roleplay:invite", (client, m) => roleplays.invite(client.sessionId, m.sessionId, m.lessonId));
    this.handle("roleplay:accept", (client, m) => roleplays.accept(client.sessionId, m.inviteId));
    this.handle("roleplay:decline", (client, m) => roleplays.decline(client.sessionId, m.inviteId));
    this.handle("roleplay:find", (client, m) => roleplays.find(client.sessionId, m?.lessonId));
    this.handle("roleplay:answer", (client, m) => roleplays.answer(client.sessionId, m.text));
    this.handle("roleplay:hint", (client) => roleplays.hint(client.sessionId));
    this.handle("roleplay:leave", (client) => roleplays.leave(client.sessionId));
    this.clock.setInterval(() => roleplays.tick(), ROLEPLAY_TICK_MS);
  }

  /** The roleplays under way here, for the operator console (a Colyseus remote room call, like opsSnapshot). */
  liveRoleplays(): LiveRoleplay[] {
    return this.roleplays.live();
  }

  private registerTutorMessages(): void {
    const tutor = this.tutor;
    this.handle("tutor:start", (client, m) => tutor.start(client.sessionId, m?.lessonId));
    this.handle("tutor:answer", (client, m) => tutor.submit(client.sessionId, { text: m.text }));
    this.handle("tutor:choose", (client, m) => tutor.submit(client.sessionId, { choice: m.index }));
    this.handle("tutor:audio", (client, m) => tutor.submit(client.sessionId, { audioId: m.audioId }));
    this.handle("tutor:hint", (client) => tutor.hint(client.sessionId));
    this.handle("tutor:repeat", (client) => tutor.repeat(client.sessionId));
    this.handle("tutor:skip", (client) => tutor.skip(client.sessionId));
    this.handle("tutor:review", (client) => tutor.review(client.sessionId));
  }

  override async onJoin(client: SceneClient, rawOptions: unknown): Promise<void> {
    const learner = client.auth;
    if (!learner) throw new ServerError(401, "sign in first: no token");
    if (this.ops.isBarred(learner.userId)) throw new ServerError(403, this.ops.barredMessage(learner.lang));
    const claim = await this.takeSeat(client.sessionId, learner.userId);
    const options = joinOptions.safeParse(rawOptions ?? {});
    const asked = options.success ? options.data.lang : undefined;
    const lang = asked && this.deps.languages.includes(asked) ? asked : learner.lang;
    const lessonId = options.success ? options.data.lessonId : undefined;
    const walker = spawnWalker(this.deps.scene, this.#joins++, this.clock.currentTime);
    const presence: Presence = {
      learner,
      lang,
      sessionRowId: randomUUID(),
      claim,
      walker,
    };
    this.presences.set(client.sessionId, presence);
    this.gate.admit(client.sessionId);
    countBytesSent(client, this.deps.metrics);
    this.deps.metrics.learners(this.deps.scene.name, 1);
    this.state.avatars.set(
      client.sessionId,
      new AvatarState({ userId: learner.userId, name: learner.name, x: walker.x, y: walker.y, facing: walker.facing }),
    );
    this.deps.writes.enqueue({
      kind: "session.start",
      id: presence.sessionRowId,
      userId: learner.userId,
      scene: this.deps.scene.name,
      roomId: this.roomId,
      processId: matchMaker.processId ?? null,
      lessonId: null,
      lang,
      startedAt: this.#timestamp(),
    });
    this.tutor.join({ sessionId: client.sessionId, userId: learner.userId, lang, sessionRowId: presence.sessionRowId, lessonId });
  }

  override onDrop(client: SceneClient, code?: number): void {
    // A connection replaced by a newer one of the same learner has no seat left to hold.
    if (!this.presences.has(client.sessionId)) return;
    const avatar = this.state.avatars.get(client.sessionId);
    if (avatar) avatar.connected = false;
    // No seat is held for a client the server threw out, nor during shutdown.
    if (!mayReconnect(code) || this.deps.reconnectSeconds === 0) return;
    this.roleplays.dropped(client.sessionId);
    // A rejected reconnection (timeout, disposal, a newer connection) is followed by onLeave, which cleans up.
    const { sessionId } = client;
    const waiting = this.allowReconnection(client, this.deps.reconnectSeconds);
    // Deferred types its reject as a bare Function: it is the promise's own (absent when Colyseus refused at once).
    const endWait = waiting.reject as ((reason: unknown) => void) | undefined;
    if (endWait) this.#waiting.set(sessionId, endWait);
    waiting
      .catch(() => {})
      .finally(() => {
        if (this.#waiting.get(sessionId) === endWait) this.#waiting.delete(sessionId);
      });
  }

  /**
   * The matchmaker's reconnect step (`client.reconnect()`) asks whose seat a reconnection
   * token names. Colyseus would also close a live connection holding it, before anyone has
   * shown who they are; here the token only names the seat, and the WebSocket that follows
   * must bring the learner's token (checkReconnectionsFirst).
   */
  override checkReconnectionToken(reconnectionToken: string): string {
    const live = this.clients.find((client) => client.reconnectionToken === reconnectionToken);
    return live ? live.sessionId : super.checkReconnectionToken(reconnectionToken);
  }

  /** The learner's one seat in the scene, taken from any earlier connection of theirs (SeatRegistry). */
  private async takeSeat(sessionId: string, userId: string): Promise<number> {
    const joining = { replaced: false };
    this.#joining.set(sessionId, joining);
    let claim: number;
    try {
      claim = await this.seats.take(userId, { roomId: this.roomId, sessionId });
    } finally {
      this.#joining.delete(sessionId);
    }
    if (!joining.replaced) return claim;
    await this.seats.release(userId, claim);
    throw seatTaken();
  }

  /**
   * A newer connection of the same learner takes this seat: the old connection is told why
   * and closed with 4004, or its wait for a reconnection ends, and the seat is released; one
   * still joining gives up. For a newer connection on another process, the writes are
   * stored first, so it reads the lesson as this one left it. Called through Colyseus's room
   * calls, from any process (SeatRegistry).
   */
  async releaseSeat(sessionId: string, storeWrites: boolean): Promise<boolean> {
    const joining = this.#joining.get(sessionId);
    if (joining) joining.replaced = true;
    const presence = this.presences.get(sessionId);
    if (!presence) return joining !== undefined;
    const client = this.clients.getById(sessionId);
    if (client) {
      // The close reason stays English (it is for logs); the notice is in the learner's language.
      const message = this.deps.catalog.pack(presence.lang).ui["session.replaced"];
      send(client, "session:replaced", { code: NoticeCode.SESSION_REPLACED, message });
      client.leave(CloseCode.SESSION_REPLACED, REPLACED_MESSAGE);
    }
    this.#release(sessionId, "replaced");
    this.#waiting.get(sessionId)?.(new ServerError(CloseCode.SESSION_REPLACED, "replaced"));
    if (storeWrites) await this.deps.writes.flush(REPLACE_FLUSH_MS);
    return true;
  }

  /** An operator's action, from the ops API on any process (a Colyseus remote room call). */
  moderate(action: ModerationAction): Promise<ModerationResult> {
    return this.ops.moderate(action);
  }

  /** The room as the operator console's Live view shows it; also a remote room call. */
  opsSnapshot(): RoomSnapshot {
    return this.ops.snapshot();
  }

  private createOps(): RoomOps {
    const room = {
      roomId: this.roomId,
      scene: this.deps.scene.name,
      state: this.state,
      isLocked: () => this.locked,
      now: () => this.clock.currentTime,
      setTimeout: (run: () => void, ms: number) => this.clock.setTimeout(run, ms),
      clientOf: (sessionId: string) => this.clients.getById(sessionId),
      learnerOf: (sessionId: string) => {
        const presence = this.presences.get(sessionId);
        return presence && { ...presence.learner, lang: presence.lang, sessionRowId: presence.sessionRowId };
      },
      release: (sessionId: string, endReason: string) => this.#release(sessionId, endReason),
      setLocked: (locked: boolean) => (locked ? this.lock() : this.unlock()),
      broadcast: <K extends keyof ServerMessages>(type: K, payload: ServerMessages[K]) => broadcast(this, type, payload),
    } satisfies OpsRoom;
    return new RoomOps(room, this.deps);
  }

  override onReconnect(client: SceneClient): void {
    countBytesSent(client, this.deps.metrics);
    const avatar = this.state.avatars.get(client.sessionId);
    if (avatar) avatar.connected = true;
    this.roleplays.reconnected(client.sessionId);
  }

  override onLeave(client: SceneClient, code?: number): void {
    this.#release(client.sessionId, endReasonFor(code));
  }

  /** The learner's avatar, lesson and seat go; their learning session ends. */
  #release(sessionId: string, endReason: string): void {
    const presence = this.presences.get(sessionId);
    this.presences.delete(sessionId);
    this.state.avatars.delete(sessionId);
    this.tutor.leave(sessionId);
    this.roleplays.departed(sessionId);
    this.gate.release(sessionId);
    if (!presence) return;
    this.deps.metrics.learners(this.deps.scene.name, -1);
    this.ops.leave(sessionId);
    presence.emoteTimer?.clear();
    this.deps.writes.enqueue({ kind: "session.end", id: presence.sessionRowId, status: "ended", endReason, endedAt: this.#timestamp() });
    const { userId } = presence.learner;
    this.seats.release(userId, presence.claim).catch((error: unknown) => this.deps.logger.warn({ err: error, userId }, "cannot release a seat"));
  }

  /**
   * SIGTERM: the process stops taking rooms (Colyseus locks this one). Learners are told,
   * their progress and events are written, then they are disconnected with 4001 so their
   * clients rejoin, on another process, where the lesson resumes from the database.
   */
  override onBeforeShutdown(): void {
    this.drain().catch((error: unknown) => this.deps.logger.error({ err: error, roomId: this.roomId }, "draining the room failed"));
  }

  private async drain(): Promise<void> {
    for (const client of this.clients) {
      const lang = this.presences.get(client.sessionId)?.lang ?? "en";
      send(client, "server:draining", { code: NoticeCode.SERVER_DRAINING, message: this.deps.catalog.pack(lang).ui["server.draining"] });
    }
    await new Promise((resolve) => setTimeout(resolve, this.deps.drainNoticeMs));
    await this.deps.writes.flush(5_000);
    await this.disconnect(CloseCode.SERVER_SHUTDOWN).catch(() => {});
  }

  override onDispose(): void {
    this.deps.metrics.roomClosed(this.deps.scene.name);
  }

  override broadcastPatch(): boolean {
    const before = this.deps.metrics.bytesSent;
    const sent = super.broadcastPatch();
    this.deps.metrics.patched(this.deps.metrics.bytesSent - before);
    return sent;
  }

  /** Colyseus hands every new state a stock serializer; scenes patch through their own. */
  override setSerializer(serializer: Parameters<Room<{ state: SceneState }>["setSerializer"]>[0]): void {
    super.setSerializer(serializer instanceof SchemaSerializer ? new ScenePatchSerializer<SceneState>() : serializer);
  }

  override onUncaughtException(error: RoomException, methodName: RoomMethodName): void {
    this.deps.logger.error({ err: error, method: methodName, roomId: this.roomId }, "room handler failed");
    const client = (error as { client?: SceneClient }).client;
    if (client) sendInternalError(client);
  }

  protected sendError(client: Client, code: ErrorCode, message: string): void {
    send(client, "error", { code, message });
  }

  /** Now, for what is stored, on the room's clock. */
  #timestamp(): string {
    return new Date(this.clock.currentTime).toISOString();
  }

  /** Handles a client message by its name in protocol.ts, once it has passed the gate and its schema. */
  protected handle<K extends ClientMessageType>(
    type: K,
    handler: (client: SceneClient, message: z.output<(typeof CLIENT_MESSAGES)[K]>) => void,
  ): void {
    // CLIENT_MESSAGES ties each name to its schema, so the handler gets what the schema parsed;
    // TypeScript cannot follow that pairing through the generic, hence the one widening here.
    const schema: z.ZodType = CLIENT_MESSAGES[type];
    this.onMessage(type, this.gate.guard(type, schema, handler as (client: SceneClient, message: unknown) => void));
  }

  private move(client: SceneClient, message: z.output<typeof moveMessage>): void {
    const presence = this.presences.get(client.sessionId);
    const avatar = this.state.avatars.get(client.sessionId);
    if (presence && avatar) moveAvatar(this.deps.scene, presence, avatar, message, this.clock.currentTime);
  }

  private emote(client: SceneClient, name: string): void {
    const presence = this.presences.get(client.sessionId);
    const avatar = this.state.avatars.get(client.sessionId);
    if (presence && avatar) showEmote(presence, avatar, name, this.clock);
  }
}

/** A room class bound to one scene and the process's services. */
export function sceneRoom(deps: SceneRoomDeps): typeof SceneRoom {
  return class BoundSceneRoom extends SceneRoom {
    protected override readonly deps = deps;

    static override onAuth(token: string, _options: unknown, context: AuthContext): Promise<Learner> {
      return authenticate(deps.tokens, deps.joins, token, context);
    }
  };
}
