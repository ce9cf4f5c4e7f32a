import * as Y from 'yjs';
import { LIMITS } from '../domain/limits.ts';
import { hasNoncharacters } from '../domain/unicodeText.ts';
import { isOneLine } from '../protocol/schemas.ts';
import { WALL_MODES } from './boardDoc.ts';

/**
 * Who may write which part of a workshop's Y.Doc (the layout itself is described in
 * boardDoc.ts and briefDoc.ts), and the server's tools to keep its own parts exact.
 *
 * The server writes the record's projection (workshop, questions, ideas, timer, rounds) and the
 * brief's generation record (briefBase). Trusted writers — facilitators and rapporteurs — edit
 * clustering (clusters, placement), the projector's spotlight and wall mode (display) and the *contents* of
 * the notes, points-of-debate (debate) and brief texts the server created. A writer update that reaches anywhere else, or
 * leaves a writer part in a shape no screen can read, is refused whole: it is never filtered
 * (a filtered update would leave the writer's replica and the server's apart for good).
 */

/** A shared type as Yjs reports it in `transaction.changed`. */
export type ChangedType = Y.Transaction['changed'] extends Map<infer K, unknown> ? K : never;

/** Parts of the doc only the server writes. */
export const SERVER_PARTS = ['workshop', 'questions', 'ideas', 'timer', 'rounds', 'briefBase'];

/** Parts trusted writers edit. */
export const WRITER_PARTS = ['notes', 'brief', 'clusters', 'placement', 'display', 'debate'];

/**
 * Writer parts that map a key to a Y.Text the server created, capped like notes: writers type
 * into the texts, never add or remove them. `debate` holds the points of debate (issue 13).
 */
const TEXT_PARTS = ['notes', 'brief', 'debate'];
const textCap = (root: string | null): number =>
  root === 'brief' ? LIMITS.briefSection : LIMITS.notesText;
const textTooLarge = (root: string | null, cap: number): string =>
  `${root === 'brief' ? 'A brief section' : root === 'debate' ? 'A points-of-debate note' : 'Notes'} may hold at most ${cap} characters`;

/**
 * Gives every known part of the doc its type (all are maps). Until a part is asked for by
 * type, Yjs keeps it as a generic shared type, and asking later swaps it for a new object: a
 * doc that checks writers' changes types its parts first, so the types in a transaction's
 * `changed` are the ones `getMap` returns.
 */
export function typeAllParts(doc: Y.Doc): void {
  for (const name of [...SERVER_PARTS, ...WRITER_PARTS]) doc.getMap(name);
}

/** Most clusters a workshop's doc may hold (a 2-hour workshop makes a few dozen). */
export const MAX_CLUSTERS = 2000;
/** Most placements (idea → cluster) a workshop's doc may hold. */
export const MAX_PLACEMENTS = 25_000;
const MAX_ID = 64;

/**
 * Why a writer's change was refused: it is malformed (or depends on content the server does
 * not have), too large, or not the writer's to make.
 */
export interface WriterChangeProblem {
  kind: 'invalid' | 'too_large' | 'not_allowed';
  message: string;
}

/** The top-level name of a shared type of `doc` (its root), or null for a detached type. */
function rootNameOf(doc: Y.Doc, type: ChangedType): string | null {
  let t: ChangedType = type;
  while (t._item) {
    const parent = t._item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    t = parent;
  }
  for (const [name, root] of doc.share) if (root === t) return name;
  return null;
}

const isId = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= MAX_ID;

function clusterProblem(v: unknown): string | null {
  if (!(v instanceof Y.Map)) return 'a cluster must be a map';
  const label = v.get('label');
  const position = v.get('position');
  if (!isId(v.get('id')) || !isId(v.get('questionId')))
    return 'a cluster needs an id and a question';
  if (typeof label !== 'string' || label.length > LIMITS.clusterLabel) {
    return `a cluster label is text of at most ${LIMITS.clusterLabel} characters`;
  }
  if (typeof position !== 'number' || !Number.isFinite(position))
    return 'a cluster position is a number';
  // Points of debate (issue 13): the mark is a boolean, its note one line of text or null.
  const contested = v.get('contested');
  if (contested !== undefined && typeof contested !== 'boolean') {
    return 'a cluster\'s "contested" mark is true or false';
  }
  const note = v.get('contestNote');
  if (
    note !== undefined &&
    note !== null &&
    (typeof note !== 'string' ||
      note.length > LIMITS.contestNote ||
      !isOneLine(note) ||
      hasNoncharacters(note))
  ) {
    return `a cluster's contest note is one line of at most ${LIMITS.contestNote} characters`;
  }
  for (const key of v.keys()) {
    if (!['id', 'questionId', 'label', 'position', 'contested', 'contestNote'].includes(key))
      return `unknown cluster field "${key}"`;
  }
  return null;
}

/** The display holds the spotlight and the wall mode, each in the one shape screens read. */
function displayProblem(key: string | null, v: unknown): string | null {
  if (key === 'wallMode') {
    // Deleting it is fine (the default mode); anything else must be a known mode.
    return v === undefined || (WALL_MODES as readonly unknown[]).includes(v)
      ? null
      : `the wall mode is one of ${WALL_MODES.join(', ')}`;
  }
  if (key !== 'spotlight') return 'the display holds the spotlight and the wall mode only';
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || Array.isArray(v)) return 'a spotlight is an idea or a cluster';
  const s = v as Record<string, unknown>;
  const keys = Object.keys(s);
  if (keys.length !== 2 || (s.kind !== 'idea' && s.kind !== 'cluster') || !isId(s.id)) {
    return 'a spotlight is an idea or a cluster';
  }
  return null;
}

/**
 * Whether a writer's transaction, already applied to `doc` (the server's staging replica), kept
 * to the writer's parts and left them readable. `changed` is the transaction's changed types
 * with the keys changed in each (Yjs `transaction.changed`). Returns the first problem, or null.
 */
export function writerChangeProblem(
  doc: Y.Doc,
  changed: ReadonlyMap<ChangedType, ReadonlySet<string | null>>,
  lengthsBefore: ReadonlyMap<Y.Text, number> = new Map(),
): WriterChangeProblem | null {
  const notAllowed = (message: string): WriterChangeProblem => ({ kind: 'not_allowed', message });
  for (const [type, keys] of changed) {
    const root = rootNameOf(doc, type);
    const changedType: unknown = type; // compared with the typed root maps below
    switch (root) {
      case 'notes':
      case 'debate':
      case 'brief': {
        // Only the server creates these texts; writers type into them.
        if (!(type instanceof Y.Text) || type._item === null) {
          return notAllowed(`only the server adds or removes ${root} sections`);
        }
        const cap = textCap(root);
        // Generation may write a long annex; a writer may shorten it, never grow it past the cap.
        if (type.length > cap && type.length > (lengthsBefore.get(type) ?? 0)) {
          return { kind: 'too_large', message: textTooLarge(root, cap) };
        }
        break;
      }
      case 'clusters': {
        const clusters = doc.getMap('clusters');
        if (clusters.size > MAX_CLUSTERS) {
          return {
            kind: 'too_large',
            message: `A workshop may have at most ${MAX_CLUSTERS} clusters`,
          };
        }
        // A change inside one cluster's map, or to the clusters map itself.
        const entries =
          changedType === clusters
            ? [...keys].map((k) => (k === null ? undefined : clusters.get(k)))
            : [changedType];
        for (const entry of entries) {
          if (entry === undefined) continue; // deleted
          const problem = clusterProblem(entry);
          if (problem) return notAllowed(problem);
        }
        break;
      }
      case 'placement': {
        const placement = doc.getMap('placement');
        if (changedType !== placement)
          return notAllowed('a placement is an idea id and a cluster id');
        if (placement.size > MAX_PLACEMENTS) {
          return { kind: 'too_large', message: `At most ${MAX_PLACEMENTS} ideas can be placed` };
        }
        for (const k of keys) {
          if (k === null || !isId(k)) return notAllowed('a placement is keyed by an idea id');
          const v = placement.get(k);
          if (v !== undefined && v !== null && !isId(v)) {
            return notAllowed('a placement names a cluster id');
          }
        }
        break;
      }
      case 'display': {
        const display = doc.getMap('display');
        if (changedType !== display) return notAllowed('the display holds plain values');
        for (const k of keys) {
          const problem = displayProblem(k, display.get(k ?? ''));
          if (problem) return notAllowed(problem);
        }
        break;
      }
      default:
        return notAllowed(
          root && SERVER_PARTS.includes(root)
            ? `"${root}" is written by the server only`
            : 'the change writes outside the workshop board',
        );
    }
  }
  return null;
}

/** Where a struct sits: its part (root), whether directly in the part's map, and its parent. */
interface Placement {
  root: string;
  atRoot: boolean;
  /** The parent shared type when the doc already has it (null: created by the same update). */
  parentType: Y.AbstractType<unknown> | null;
}

const idKey = (id: Y.ID): string => `${id.client}:${id.clock}`;

/**
 * Checks a writer's update before anything applies it, from its decoded structs and delete set
 * alone: which parts it writes and deletes in, and how much it grows each notes or brief text.
 * Refusing here costs nothing to undo; an update refused after it reached the server's staging
 * replica costs a rebuild of that replica (the whole doc, tens of milliseconds on a big board),
 * so what a hostile writer can be refused for is refused here. `writerChangeProblem` checks
 * the shape of what passes, after it is applied. Throws on a malformed update.
 */
export function writerUpdateProblem(doc: Y.Doc, update: Uint8Array): WriterChangeProblem | null {
  const { structs, ds } = Y.decodeUpdate(update);
  const store = doc.store;
  const fromUpdate = new Map<number, Y.Item[]>();
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue;
    const list = fromUpdate.get(s.id.client) ?? [];
    list.push(s);
    fromUpdate.set(s.id.client, list);
  }
  const inDoc = (id: Y.ID): Y.Item | Y.GC | null => {
    const list = store.clients.get(id.client);
    if (!list || id.clock >= Y.getState(store, id.client)) return null;
    return list[Y.findIndexSS(list, id.clock)] as Y.Item | Y.GC;
  };
  // An update lists each client's structs in clock order: found by bisection, so a hostile
  // update of many small structs costs n log n, not n².
  const inUpdate = (id: Y.ID): Y.Item | null => {
    const list = fromUpdate.get(id.client);
    if (!list) return null;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const item = list[mid] as Y.Item;
      if (id.clock < item.id.clock) hi = mid - 1;
      else if (id.clock >= item.id.clock + item.length) lo = mid + 1;
      else return item;
    }
    return null;
  };
  const placeOfType = (type: Y.AbstractType<unknown>): Placement | null => {
    const root = rootNameOf(doc, type as ChangedType);
    return root === null ? null : { root, atRoot: false, parentType: type };
  };
  const placeInDoc = (item: Y.Item): Placement | null => {
    const parent = item.parent;
    if (!(parent instanceof Y.AbstractType)) return null;
    const root = rootNameOf(doc, parent as ChangedType);
    return root === null ? null : { root, atRoot: parent._item === null, parentType: parent };
  };
  const memo = new Map<Y.Item, Placement | null>();
  const placeInUpdate = (item: Y.Item, depth = 0): Placement | null | 'gc' => {
    const known = memo.get(item);
    if (known !== undefined) return known;
    if (depth > 64) return null;
    let place: Placement | null | 'gc' = null;
    const parent = item.parent as unknown;
    if (typeof parent === 'string') {
      place = { root: parent, atRoot: true, parentType: null };
    } else if (parent && typeof parent === 'object' && 'client' in parent) {
      const id = parent as Y.ID;
      const own = inUpdate(id);
      const existing = own ? null : inDoc(id);
      if (own) {
        const up = placeInUpdate(own, depth + 1);
        place =
          up === 'gc' || up === null ? up : { root: up.root, atRoot: false, parentType: null };
      } else if (existing instanceof Y.Item && existing.content instanceof Y.ContentType) {
        place = placeOfType(existing.content.type as Y.AbstractType<unknown>);
      } else if (existing instanceof Y.GC) {
        place = 'gc';
      }
    } else {
      const neighbour = item.origin ?? item.rightOrigin;
      const own = neighbour ? inUpdate(neighbour) : null;
      const existing = neighbour && !own ? inDoc(neighbour) : null;
      if (own) place = placeInUpdate(own, depth + 1);
      else if (existing instanceof Y.Item) place = placeInDoc(existing);
      else if (existing instanceof Y.GC) place = 'gc';
    }
    if (place !== 'gc') memo.set(item, place);
    return place;
  };

  const grown = new Map<string, { text: Y.AbstractType<unknown>; by: number }>();
  const grow = (type: Y.AbstractType<unknown> | null, by: number) => {
    if (!type?._item) return;
    const key = idKey(type._item.id);
    const g = grown.get(key) ?? { text: type, by: 0 };
    g.by += by;
    grown.set(key, g);
  };
  const notAllowed = (message: string): WriterChangeProblem => ({ kind: 'not_allowed', message });
  /** A writer's part; for notes and brief, inside one of the texts the server made. */
  const allowedAt = (place: Placement): WriterChangeProblem | null => {
    if (!WRITER_PARTS.includes(place.root)) {
      return notAllowed(
        SERVER_PARTS.includes(place.root)
          ? `"${place.root}" is written by the server only`
          : 'the change writes outside the workshop board',
      );
    }
    if (TEXT_PARTS.includes(place.root)) {
      const text = place.parentType;
      if (
        place.atRoot ||
        !(text instanceof Y.Text) ||
        !(text._item?.parent instanceof Y.AbstractType) ||
        text._item.parent._item !== null
      ) {
        return notAllowed(`only the server adds or removes ${place.root} sections`);
      }
    }
    return null;
  };

  for (const item of structs) {
    if (!(item instanceof Y.Item)) continue; // GC and Skip carry no content
    const place = placeInUpdate(item);
    if (place === 'gc') continue; // next to collected content: Yjs collects this one too
    if (place === null) {
      return { kind: 'invalid', message: 'the update depends on content the server does not have' };
    }
    const problem = allowedAt(place);
    if (problem) return problem;
    if (TEXT_PARTS.includes(place.root)) {
      const content = item.content;
      if (!(content instanceof Y.ContentString) && !(content instanceof Y.ContentDeleted)) {
        return notAllowed('notes, points of debate and brief sections hold plain text');
      }
      if (content instanceof Y.ContentString) grow(place.parentType, content.getLength());
    }
  }

  for (const [client, ranges] of ds.clients) {
    const list = store.clients.get(client);
    if (!list) continue;
    const state = Y.getState(store, client);
    for (const { clock, len } of ranges) {
      if (clock >= state) continue; // only structs of this same update
      for (let i = Y.findIndexSS(list, clock); i < list.length; i++) {
        const struct = list[i];
        if (!struct || struct.id.clock >= clock + len) break;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const place = placeInDoc(struct);
        if (place === null) continue;
        const problem = allowedAt(place);
        if (problem) return problem;
        if (struct.countable && TEXT_PARTS.includes(place.root)) {
          const from = Math.max(clock, struct.id.clock);
          const to = Math.min(clock + len, struct.id.clock + struct.length);
          grow(place.parentType, -(to - from));
        }
      }
    }
  }

  for (const { text, by } of grown.values()) {
    if (by <= 0 || !(text instanceof Y.Text)) continue;
    const root = rootNameOf(doc, text as unknown as ChangedType);
    const cap = textCap(root);
    if (text.length + by > cap) return { kind: 'too_large', message: textTooLarge(root, cap) };
  }
  return null;
}

/** The length of every notes and brief text, taken before a writer's update is applied. */
export function sharedTextLengths(doc: Y.Doc): Map<Y.Text, number> {
  const out = new Map<Y.Text, number>();
  for (const name of TEXT_PARTS) {
    for (const t of doc.getMap(name).values()) if (t instanceof Y.Text) out.set(t, t.length);
  }
  return out;
}

/**
 * Sets a server-owned map to exactly `fields`: each field written if it differs, every other
 * key removed. How a load puts the server's parts back to what the store says, whatever a past
 * writer or bug left in them.
 */
export function setExactly(map: Y.Map<unknown>, fields: Record<string, unknown>): void {
  for (const key of [...map.keys()]) if (!(key in fields)) map.delete(key);
  for (const [k, v] of Object.entries(fields)) {
    const current = map.get(k);
    const same =
      typeof v === 'object' && v !== null
        ? !(current instanceof Y.AbstractType) && JSON.stringify(current) === JSON.stringify(v)
        : current === v;
    if (!same) map.set(k, v);
  }
}

/** The nested map `id` of a server-owned map of maps, created (or replaced) if it is not a map. */
export function ownEntry(map: Y.Map<unknown>, id: string): Y.Map<unknown> {
  const current = map.get(id);
  if (current instanceof Y.Map) return current as Y.Map<unknown>;
  const fresh = new Y.Map<unknown>();
  map.set(id, fresh);
  return fresh;
}

/** Removes every entry of a server-owned map whose key is not in `keep`. */
export function keepOnly(map: Y.Map<unknown>, keep: ReadonlySet<string>): void {
  for (const key of [...map.keys()]) if (!keep.has(key)) map.delete(key);
}

/** The server-owned top-level maps, by name (see SERVER_PARTS). */
export function serverPart(
  doc: Y.Doc,
  name: 'workshop' | 'questions' | 'ideas' | 'timer' | 'rounds',
): Y.Map<unknown> {
  return doc.getMap(name);
}
