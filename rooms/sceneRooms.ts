import type { Scene } from "../domain/scenes/scene.ts";
import { ROOM_NAMES, type RoomName } from "./protocol.ts";

/**
 * The scene each room serves. A scene in content/scenes.yaml without a room name in
 * protocol.ts (or the other way round) would be silently unreachable, so it stops the server.
 */
export function roomScenes(scenes: ReadonlyMap<string, Scene>): Map<RoomName, Scene> {
  const names: readonly string[] = ROOM_NAMES;
  const noScene = ROOM_NAMES.filter((name) => !scenes.has(name));
  const noRoom = [...scenes.keys()].filter((name) => !names.includes(name));
  if (noScene.length > 0 || noRoom.length > 0) {
    const problems = [
      ...noScene.map((name) => `room "${name}" has no scene in content/scenes.yaml`),
      ...noRoom.map((name) => `scene "${name}" has no room name in rooms/protocol.ts ROOM_NAMES`),
    ];
    throw new RoomScenesError(problems);
  }
  return new Map(ROOM_NAMES.map((name) => [name, scenes.get(name)!]));
}

export class RoomScenesError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`rooms and scenes disagree: ${problems.join("; ")}`);
    this.name = "RoomScenesError";
    this.problems = problems;
  }
}
