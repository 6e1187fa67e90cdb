// The framework floor: a bare Colyseus room that only syncs positions. Same transport, same
// patch rate and the same float32 fields as KOTO's avatars; no validation, no auth, no
// lessons, no persistence. `node bench/baselines/bareRoomServer.ts` (PORT, PATCH_RATE_MS).
import { defineRoom, defineServer, Room, type Client } from "@colyseus/core";
import { schema, t, type SchemaType } from "@colyseus/schema";
import { WebSocketTransport } from "@colyseus/ws-transport";

const Player = schema({ x: t.float32().default(0), y: t.float32().default(0), facing: t.float32().default(0) }, "Player");
type Player = SchemaType<typeof Player>;
const FloorState = schema({ players: t.map(Player) }, "FloorState");
type FloorState = SchemaType<typeof FloorState>;

class FloorRoom extends Room<{ state: FloorState }> {
  override maxClients = 24;

  override onCreate(): void {
    this.state = new FloorState();
    this.patchRate = Number(process.env.PATCH_RATE_MS ?? 33);
    this.onMessage("move", (client: Client, message: { x: number; y: number; facing: number }) => {
      const player = this.state.players.get(client.sessionId);
      if (!player) return;
      player.x = message.x;
      player.y = message.y;
      player.facing = message.facing;
    });
  }

  override onJoin(client: Client): void {
    this.state.players.set(client.sessionId, new Player());
  }

  override onLeave(client: Client): void {
    this.state.players.delete(client.sessionId);
  }
}

const port = Number(process.env.PORT ?? 2570);
const server = defineServer({
  rooms: { floor: defineRoom(FloorRoom) },
  transport: new WebSocketTransport({ maxPayload: 16 * 1024 }),
  greet: false,
});
await server.listen(port, "127.0.0.1");
console.log(`KOTO listening (floor) on ${port}`);
