import { schema, t, type SchemaType } from "@colyseus/schema";
import { LessonState } from "./LessonState.ts";
import { RoleplayState } from "./RoleplayState.ts";

/**
 * The public scene state every learner in a room receives. Positions are float32: a
 * millimetre is plenty for avatars and halves the bytes per move against float64.
 */

export const AvatarState = schema(
  {
    userId: t.string(),
    name: t.string(),
    x: t.float32().default(0),
    y: t.float32().default(0),
    facing: t.float32().default(0),
    anim: t.string().default("idle"),
    emote: t.string().default(""),
    chat: t.string().default(""),
    connected: t.boolean().default(true),
    /** The roleplay this learner is playing ("" when none): everyone sees they are practising together. */
    roleplay: t.string().default(""),
  },
  "AvatarState",
);
export type AvatarState = SchemaType<typeof AvatarState>;

export const NpcState = schema(
  {
    id: t.string(),
    name: t.string(),
    x: t.float32().default(0),
    y: t.float32().default(0),
    facing: t.float32().default(0),
    anim: t.string().default("idle"),
    /** Session id of the learner the tutor spoke to last ("" when idle). */
    talkingTo: t.string().default(""),
    /** The tutor's latest line in Korean, as heard by everyone standing nearby. */
    line: t.string().default(""),
  },
  "NpcState",
);
export type NpcState = SchemaType<typeof NpcState>;

export const SceneState = schema(
  {
    scene: t.string(),
    avatars: t.map(AvatarState),
    npc: NpcState,
    /** Each learner's lesson by session id; a client receives only its own entry. */
    lessons: t.map(LessonState).view(),
    /** Roleplays by id; a client receives only the one it plays in. */
    roleplays: t.map(RoleplayState).view(),
  },
  "SceneState",
);
export type SceneState = SchemaType<typeof SceneState>;
