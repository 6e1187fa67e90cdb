import { describe, expect, it } from "vitest";
import { ROOM_NAMES } from "../../rooms/protocol.ts";
import { roomScenes, RoomScenesError } from "../../rooms/sceneRooms.ts";
import { CONTENT_DIR } from "../../services/content/contentDir.ts";
import { loadCatalog } from "../../services/content/loadCatalog.ts";

const { scenes } = await loadCatalog(CONTENT_DIR);

describe("room names and content/scenes.yaml", () => {
  it("give every room its scene", () => {
    const rooms = roomScenes(scenes);
    expect([...rooms.keys()]).toEqual([...ROOM_NAMES]);
    for (const [name, scene] of rooms) expect(scene.name).toBe(name);
  });

  it("stop the server when a scene has no room or a room no scene", () => {
    const cafe = scenes.get("cafe")!;
    const extra = new Map([...scenes, ["library", { ...cafe, name: "library" }]]);
    expect(() => roomScenes(extra)).toThrow(RoomScenesError);
    expect(() => roomScenes(extra)).toThrow('scene "library" has no room name in rooms/protocol.ts ROOM_NAMES');
    const missing = new Map([...scenes].filter(([name]) => name !== "airport"));
    expect(() => roomScenes(missing)).toThrow('room "airport" has no scene in content/scenes.yaml');
  });
});
