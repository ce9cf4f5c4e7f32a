import fs from 'node:fs';
import path from 'node:path';
import { type CreatedWorkshop, readNotes } from '@convene/shared';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { notesOf } from '../helpers/docParts.ts';
import { rawDocClient, rowsOfWorkshop } from '../helpers/hardening.ts';
import {
  closeClients,
  connectDoc,
  connectSocket,
  emitAck,
  startTestServer,
  type TestServer,
  waitFor,
} from '../helpers/testServer.ts';

/**
 * What the server keeps, and how it is erased: a facilitator (or the server's administrator)
 * deletes a workshop and every row of it, at once and on disk; participants' names can be
 * purged when the workshop is over. Other workshops are untouched.
 */

const ADMIN = 'retention-admin-token-0123456789';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ adminToken: ADMIN });
});
afterEach(() => {
  closeClients();
  expect(server.errors()).toStrictEqual([]);
});
afterAll(async () => {
  closeClients();
  await server?.close();
});

/** A workshop with a bit of everything: names, ideas, votes, notes, a running timer, commands. */
async function busyWorkshop(tag: string) {
  const w = await server.createWorkshop({ title: `Retention ${tag}` });
  const q = w.questions[0]?.id ?? '';
  const name = `Name-of-${tag}-Participant`;
  const idea = `Idea-text-${tag}-to-be-erased`;
  const p = await server.join(w.joinCode, name);
  const fac = await connectSocket(server.url, w.facilitatorToken);
  await emitAck(fac, 'phase:set', { questionId: q, phase: 'submit' });
  const s = await connectSocket(server.url, p.participantToken);
  const ack = await emitAck(s, 'idea:submit', {
    questionId: q,
    text: idea,
    commandId: `c-${tag}-001`,
  });
  expect(ack.ok).toBe(true);
  await emitAck(fac, 'phase:set', { questionId: q, phase: 'cluster' });
  await emitAck(fac, 'phase:set', { questionId: q, phase: 'vote' });
  expect((await emitAck(s, 'vote:cast', { ideaId: ack.ideaId })).ok).toBe(true);
  await emitAck(fac, 'timer:start', { durationSeconds: 600, autoAdvance: true });
  const doc = await connectDoc(server.url, w.id, w.rapporteurToken);
  const notes = notesOf(doc.doc, q);
  notes.insert(0, `Notes-${tag}-by-the-rapporteur`);
  await waitFor(
    () => server.app.rooms.with(w.id, (r) => readNotes(r.doc, q).includes(`Notes-${tag}`)),
    { what: 'the notes on the server' },
  );
  return { w, q, p, name, idea, fac, s, doc };
}

function onDisk(): Buffer {
  return Buffer.concat(
    fs.readdirSync(server.dataDir).map((f) => fs.readFileSync(path.join(server.dataDir, f))),
  );
}

const del = (w: CreatedWorkshop, token: string) =>
  fetch(`${server.url}/api/workshops/${w.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
  });

describe('deleting a workshop', () => {
  test('the facilitator deletes it: every row, every live connection, on disk too', async () => {
    const keep = await busyWorkshop('keep');
    const gone = await busyWorkshop('gone');
    const keptRows = rowsOfWorkshop(server.store.db, keep.w.id);
    const before = rowsOfWorkshop(server.store.db, gone.w.id);
    for (const table of ['workshops', 'questions', 'participants', 'tokens', 'ideas', 'rounds']) {
      expect(before[table], table).toBeGreaterThan(0);
    }
    const socketGone = new Promise<string>((resolve) => gone.s.once('disconnect', resolve));
    const docGone = new Promise<number>((resolve) =>
      gone.doc.provider.once('connection-close', (e: { code: number } | null) =>
        resolve(e?.code ?? 0),
      ),
    );

    const res = await del(gone.w, gone.w.facilitatorToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toStrictEqual({ deleted: true });

    // Every table that has rows of a workshop has none of this one left.
    for (const [table, n] of Object.entries(rowsOfWorkshop(server.store.db, gone.w.id))) {
      expect(n, table).toBe(0);
    }
    expect(
      server.store.db.prepare('SELECT COUNT(*) AS n FROM votes').get() as { n: number },
    ).toStrictEqual({ n: 1 }); // the kept workshop's vote only
    expect(rowsOfWorkshop(server.store.db, keep.w.id)).toStrictEqual(keptRows);
    // Every screen of it is told at once; its tokens open nothing any more.
    expect(await socketGone).toBe('io server disconnect');
    expect(await docGone).toBe(4404);
    expect(server.app.rooms.isLoaded(gone.w.id)).toBe(false);
    await expect(connectSocket(server.url, gone.p.participantToken)).rejects.toThrow();
    expect((await rawDocClient(server.url, gone.w.id, gone.w.facilitatorToken).closed).code).toBe(
      4401,
    );
    expect((await del(gone.w, gone.w.facilitatorToken)).status).toBe(401);
    // Erased on disk: no page of the database or its log still holds the text or the name.
    const disk = onDisk();
    for (const secret of [gone.idea, gone.name, 'Notes-gone-by']) {
      expect(disk.includes(Buffer.from(secret)), secret).toBe(false);
    }
    expect(disk.includes(Buffer.from(keep.idea))).toBe(true); // positive control
    // The other workshop goes on.
    expect((await emitAck(keep.s, 'clock:sync', {})).ok).toBe(true);
  });

  test('nobody else may delete it; the administrator may delete any', async () => {
    const w = await server.createWorkshop({ title: 'Retention admin' });
    const p = await server.join(w.joinCode);
    const other = await server.createWorkshop({ title: 'Retention other' });
    for (const token of [w.rapporteurToken, w.projectorToken, p.participantToken]) {
      expect((await del(w, token)).status).toBe(403);
    }
    expect((await del(w, other.facilitatorToken)).status).toBe(403);
    expect((await del(w, 'not-the-admin-token-at-all')).status).toBe(401);
    expect(server.store.workshop(w.id)).toBeDefined();
    expect((await del(w, ADMIN)).status).toBe(200);
    expect(server.store.workshop(w.id)).toBeUndefined();
    expect((await del(w, ADMIN)).status).toBe(404);
  });
});

describe('purging names', () => {
  test('names are erased (on disk too); participants keep working; others keep theirs', async () => {
    const a = await busyWorkshop('purge');
    const b = await busyWorkshop('names-kept');
    const res = await fetch(`${server.url}/api/workshops/${a.w.id}/purge-names`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.w.facilitatorToken}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toStrictEqual({ purged: 1 });
    const names = (id: string) =>
      (
        server.store.db.prepare('SELECT name FROM participants WHERE workshop_id = ?').all(id) as {
          name: string | null;
        }[]
      ).map((r) => r.name);
    expect(names(a.w.id)).toStrictEqual([null]);
    expect(names(b.w.id)).toStrictEqual([b.name]);
    const disk = onDisk();
    expect(disk.includes(Buffer.from(a.name))).toBe(false);
    expect(disk.includes(Buffer.from(b.name))).toBe(true);
    // Ideas, votes and the participant's access stay.
    expect(server.store.ideas(a.w.id).map((i) => i.text)).toStrictEqual([a.idea]);
    expect((await emitAck(a.s, 'vote:mine', { questionId: a.q })).ok).toBe(true);
    // Only the facilitator may purge.
    const refused = await fetch(`${server.url}/api/workshops/${b.w.id}/purge-names`, {
      method: 'POST',
      headers: { authorization: `Bearer ${b.p.participantToken}` },
    });
    expect(refused.status).toBe(403);
  });
});
