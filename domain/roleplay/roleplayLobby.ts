import { RoleplayErrorCode } from "./roleplayMessages.ts";

/**
 * How two learners come to play together, as plain data: one invites another (from the avatar
 * menu) and the other accepts, or both ask while standing near the NPC and are paired. A
 * learner has at most one open invitation out, and none while playing.
 */

/** How long an invitation stays open. */
export const INVITE_TTL_MS = 30_000;

export interface Invite {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly lessonId: string;
  /** Monotonic ms. */
  readonly expiresAt: number;
}

export interface Lobby {
  readonly invites: readonly Invite[];
  /** A learner near the NPC waiting for a partner. */
  readonly waiting?: { readonly sessionId: string; readonly lessonId: string } | undefined;
}

export const EMPTY_LOBBY: Lobby = { invites: [] };

export type LobbyResult<T> = { ok: true; lobby: Lobby; value: T } | { ok: false; code: RoleplayErrorCode };

/** Whether a learner is already playing (the adapter knows). */
export type IsPlaying = (sessionId: string) => boolean;

function involved(lobby: Lobby, sessionId: string): boolean {
  return lobby.invites.some((invite) => invite.from === sessionId) || lobby.waiting?.sessionId === sessionId;
}

export function invite(lobby: Lobby, request: Omit<Invite, "expiresAt">, now: number, playing: IsPlaying): LobbyResult<Invite> {
  if (request.from === request.to) return { ok: false, code: RoleplayErrorCode.PARTNER_UNAVAILABLE };
  if (playing(request.from) || involved(lobby, request.from)) return { ok: false, code: RoleplayErrorCode.ALREADY };
  if (playing(request.to)) return { ok: false, code: RoleplayErrorCode.PARTNER_UNAVAILABLE };
  const made: Invite = { ...request, expiresAt: now + INVITE_TTL_MS };
  return { ok: true, lobby: { ...lobby, invites: [...lobby.invites, made] }, value: made };
}

/** The invited learner says yes: both leave the lobby (their other invitations lapse). */
export function accept(lobby: Lobby, inviteId: string, by: string, now: number, playing: IsPlaying): LobbyResult<Invite> {
  const found = lobby.invites.find((invite) => invite.id === inviteId && invite.to === by && invite.expiresAt > now);
  if (!found) return { ok: false, code: RoleplayErrorCode.INVITE_GONE };
  if (playing(found.from) || playing(by)) return { ok: false, code: RoleplayErrorCode.PARTNER_UNAVAILABLE };
  return { ok: true, lobby: forget(forget(lobby, found.from), by), value: found };
}

/** The invited learner says no; the invitation, if still open, is returned so its sender can be told. */
export function decline(lobby: Lobby, inviteId: string, by: string): { lobby: Lobby; declined: Invite | undefined } {
  const declined = lobby.invites.find((invite) => invite.id === inviteId && invite.to === by);
  return { lobby: { ...lobby, invites: lobby.invites.filter((invite) => invite !== declined) }, declined };
}

/** Invitations open past their time are dropped and returned. */
export function expire(lobby: Lobby, now: number): { lobby: Lobby; expired: Invite[] } {
  const expired = lobby.invites.filter((invite) => invite.expiresAt <= now);
  if (expired.length === 0) return { lobby, expired };
  return { lobby: { ...lobby, invites: lobby.invites.filter((invite) => invite.expiresAt > now) }, expired };
}

/** A learner who left the room, or started playing: nothing of theirs stays open. */
export function forget(lobby: Lobby, sessionId: string): Lobby {
  return {
    invites: lobby.invites.filter((invite) => invite.from !== sessionId && invite.to !== sessionId),
    waiting: lobby.waiting?.sessionId === sessionId ? undefined : lobby.waiting,
  };
}

/**
 * A learner near the NPC asks for a partner: paired with the one already waiting for the
 * same lesson (who plays the customer first), or waiting themselves.
 */
export function find(lobby: Lobby, sessionId: string, lessonId: string, playing: IsPlaying): LobbyResult<readonly [string, string] | undefined> {
  if (playing(sessionId) || lobby.invites.some((invite) => invite.from === sessionId)) return { ok: false, code: RoleplayErrorCode.ALREADY };
  const { waiting } = lobby;
  if (waiting && waiting.sessionId !== sessionId && waiting.lessonId === lessonId && !playing(waiting.sessionId)) {
    const pair = [waiting.sessionId, sessionId] as const;
    return { ok: true, lobby: forget(forget(lobby, pair[0]), pair[1]), value: pair };
  }
  return { ok: true, lobby: { ...lobby, waiting: { sessionId, lessonId } }, value: undefined };
}
