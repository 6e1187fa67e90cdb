// The naive alternative: a plain WebSocket server (what the original plan would have built
// with Socket.IO) that keeps rooms of 24 and, at the same tick rate, broadcasts every
// avatar of the room as JSON to everyone in it. `node bench/baselines/jsonServer.ts`.
import { WebSocketServer, type WebSocket } from "ws";

interface Avatar {
  id: string;
  x: number;
  y: number;
  facing: number;
}

interface JsonRoom {
  members: Map<WebSocket, Avatar>;
  dirty: boolean;
}

const CAPACITY = 24;
const rooms: JsonRoom[] = [];
let nextId = 0;

function roomWithSpace(): JsonRoom {
  let room = rooms.find((r) => r.members.size < CAPACITY);
  if (!room) rooms.push((room = { members: new Map(), dirty: false }));
  return room;
}

const port = Number(process.env.PORT ?? 2571);
const wss = new WebSocketServer({ port, host: "127.0.0.1", maxPayload: 16 * 1024 });
wss.on("connection", (socket) => {
  const room = roomWithSpace();
  const avatar: Avatar = { id: String(nextId++), x: 0, y: 0, facing: 0 };
  room.members.set(socket, avatar);
  room.dirty = true;
  socket.send(JSON.stringify({ type: "welcome", id: avatar.id }));
  socket.on("message", (data) => {
    // Text frames arrive as one Buffer (the default binaryType); anything else is not a bot's move.
    if (!Buffer.isBuffer(data)) return;
    const message = JSON.parse(data.toString()) as { type: string; x: number; y: number; facing: number };
    if (message.type !== "move") return;
    avatar.x = message.x;
    avatar.y = message.y;
    avatar.facing = message.facing;
    room.dirty = true;
  });
  socket.on("close", () => {
    room.members.delete(socket);
    room.dirty = true;
  });
});

setInterval(() => {
  for (const room of rooms) {
    if (!room.dirty) continue;
    room.dirty = false;
    const snapshot = JSON.stringify({ type: "state", avatars: [...room.members.values()] });
    for (const socket of room.members.keys()) socket.send(snapshot);
  }
}, Number(process.env.PATCH_RATE_MS ?? 33));

console.log(`KOTO listening (json) on ${port}`);
