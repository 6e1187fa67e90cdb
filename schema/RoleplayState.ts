import { schema, t, type SchemaType } from "@colyseus/schema";

/**
 * A roleplay two learners play (domain/roleplay), visible to those two only (a StateView holds
 * it): who speaks now and the dialogue so far. Private details (cues, feedback, hints) go to
 * each player as messages; the rest of the room sees only AvatarState.roleplay.
 */
export const RoleplayLineState = schema(
  {
    /** customer | staff */
    role: t.string().default(""),
    name: t.string().default(""),
    text: t.string().default(""),
    /** learner: their answer; revealed: the model answer after the last attempt; npc: the NPC said it. */
    by: t.string().default(""),
  },
  "RoleplayLineState",
);
export type RoleplayLineState = SchemaType<typeof RoleplayLineState>;

export const RoleplayState = schema(
  {
    id: t.string().default(""),
    lessonId: t.string().default(""),
    lessonTitle: t.string().default(""),
    /** 1, then 2 with the roles swapped. */
    round: t.uint8().default(1),
    /** playing | evaluating | done */
    status: t.string().default("playing"),
    /** Session id of the player whose line it is, or "npc" when the NPC says it. */
    speaker: t.string().default(""),
    speakerRole: t.string().default(""),
    /** The line being played (0-based) and the lines per round. */
    index: t.uint8().default(0),
    total: t.uint8().default(0),
    /** Session ids of who plays each role this round ("npc" for a player the NPC replaced), and their names. */
    customer: t.string().default(""),
    customerName: t.string().default(""),
    staff: t.string().default(""),
    staffName: t.string().default(""),
    /** When the NPC says the speaker's line itself: wall time, ms since the epoch. */
    deadlineAt: t.float64().default(0),
    /** This round's dialogue so far. */
    lines: t.array(RoleplayLineState),
  },
  "RoleplayState",
);
export type RoleplayState = SchemaType<typeof RoleplayState>;
