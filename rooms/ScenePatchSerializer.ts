import { ClientState, Protocol, SchemaSerializer, type Client } from "@colyseus/core";
import { type Schema, type StateView } from "@colyseus/schema";

/** The part of a change tree this serializer reads to classify a tick's changes. */
interface ChangeTreeLike {
  isFiltered: boolean;
  encDescriptor: { hasAnyView: boolean };
}
interface ChangeQueueNode {
  changeTree?: ChangeTreeLike;
  next?: ChangeQueueNode;
}
/** What a private StateView exposes to decide whether this tick has anything for it. */
interface ViewLike {
  changes: Map<number, unknown>;
  isChangeTreeVisible(tree: ChangeTreeLike): boolean;
}
interface RootLike {
  changes: ChangeQueueNode;
  streamTrees: Set<unknown>;
}

/**
 * The stock serializer re-walks every change of a tick once per client that has a StateView
 * and copies the shared bytes into a fresh frame for each of them, even when the tick holds
 * nothing private (most ticks: avatars walking). In a scene every learner has a view (their
 * lesson), so that was one view pass and one allocation per learner per patch.
 *
 * This one encodes the shared changes once, as the stock one does, and then encodes a view only
 * for the learners something private is visible to: a learner whose view has pending additions,
 * or to whom one of the tick's private trees (their lesson, their roleplay) is visible. Everyone
 * else receives the one shared frame. The bytes each client receives are the stock serializer's
 * (tests/rooms/scenePatchSerializer.test.ts compares them frame by frame). A tick the fast path
 * cannot classify (a schema mixing public and private fields changed, streams, timed frames)
 * goes to the stock implementation unchanged.
 */
export class ScenePatchSerializer<T extends Schema> extends SchemaSerializer<T> {
  override applyPatches(clients: Client[], state?: unknown, timing?: Parameters<SchemaSerializer<T>["applyPatches"]>[2]): boolean {
    const root = this.encoder.root as unknown as RootLike;
    const privateTrees = timing === undefined && this.hasFilters && this.encoder.hasChanges && root.streamTrees.size === 0 ? privateTreesOf(root) : undefined;
    if (privateTrees === undefined) return super.applyPatches(clients, state, timing);
    this.needFullEncode = true;
    const it = { offset: 1 };
    this.encoder.sharedBuffer[0] = Protocol.ROOM_STATE_PATCH;
    // The shared bytes live in the encoder's buffer, which the next tick overwrites while a
    // socket may still hold them: one copy a tick, shared by every client that needs no view.
    const shared = this.encoder.encode(it).slice();
    const sharedOffset = it.offset;
    for (const client of clients) {
      if (client.state !== ClientState.JOINED) continue;
      const view = client.view as unknown as ViewLike | undefined;
      client.raw(view !== undefined && needsView(view, privateTrees) ? this.encoder.encodeView(client.view as StateView, sharedOffset, it) : shared);
    }
    this.encoder.discardChanges();
    return true;
  }
}

/**
 * The private trees among this tick's changes, or undefined when a changed tree mixes public
 * fields with private ones (its view pass is not a matter of visibility alone).
 */
function privateTreesOf(root: RootLike): ChangeTreeLike[] | undefined {
  const trees: ChangeTreeLike[] = [];
  for (let node = root.changes.next; node !== undefined; node = node.next) {
    const tree = node.changeTree;
    if (tree === undefined) continue;
    if (tree.isFiltered) trees.push(tree);
    else if (tree.encDescriptor.hasAnyView) return undefined;
  }
  return trees;
}

function needsView(view: ViewLike, privateTrees: readonly ChangeTreeLike[]): boolean {
  return view.changes.size > 0 || privateTrees.some((tree) => view.isChangeTreeVisible(tree));
}
