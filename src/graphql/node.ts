/**
 * Relay's Node interface and the registry every feature plugs its types into, so `node(id:)`
 * and `nodes(ids:)` (node.resolver.ts) refetch any object a client caches.
 *
 * Ids: the ids clients already store stay as they are (random UUIDs: User, Circle, Post, Comment,
 * Conversation, Message, Notification, Session, Report, ModerationLogEntry), globally unique already; their type is
 * found by one indexed look-up for all of them at once. Objects that had no id get a typed
 * one, `<Type>:<parts>` (`ConnectionRequest:<fromId>:<toId>`, `Interest:<slug>`), derived
 * from what identifies them, so the same object always has the same id and its type needs
 * no look-up at all. Clients treat every id as opaque.
 */
import { Field, ID, InterfaceType } from 'type-graphql';

/** What `node` resolves each object to; set when a source loads it (see loadNodes). */
const typeOfNode = new WeakMap<object, string>();

@InterfaceType('Node', {
  description: 'An object with a global id: refetch it with `node(id:)`, or many with `nodes(ids:)`. Ids are opaque and stable; cache by them.',
  resolveType: (value: object) => typeOfNode.get(value),
})
export abstract class Node {
  @Field(() => ID, { description: 'Globally unique: no two objects of any type share one.' })
  id!: string;
}

const SEPARATOR = ':';

/** The typed id of an object identified by `parts` (ids or slugs: none contains a colon). */
export function typedId(type: string, ...parts: string[]): string {
  return [type, ...parts].join(SEPARATOR);
}

/** The type and parts of a typed id, or null when `id` is not one (then it may be a UUID). */
export function readTypedId(id: string): { type: string; parts: string[] } | null {
  const [type, ...parts] = id.split(SEPARATOR);
  return parts.length > 0 && type ? { type, parts } : null;
}

/** Marks what a source loaded as being of its type, for the Node interface's resolveType. */
export function markNodes<T extends object>(type: string, values: T[]): T[] {
  for (const value of values) typeOfNode.set(value, type);
  return values;
}

