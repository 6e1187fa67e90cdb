// Imported before the Colyseus SDK: the SDK takes the runtime's global WebSocket when there is
// one, and Node's built-in client costs several times the CPU per message of the `ws` package
// the SDK falls back to. A load generator has to stay light to measure the server, not itself.
delete (globalThis as { WebSocket?: unknown }).WebSocket;
