import { type CreatedSeries, type CreatedWorkshop, composeBrief } from '@convene/shared';
import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { buildBriefSnapshot } from '../../server/src/export/briefSnapshot.ts';
import { startTestServer, type TestServer } from '../helpers/testServer.ts';

/**
 * Issue 14, item 6: a series brings its own actor groups (at most five) for the
 * recommendations of its workshops' briefs, set when the series is created (or by the server's
 * administrator later), kept across a restart, and validated.
 */

let server: TestServer | undefined;
afterAll(async () => {
  await server?.close();
});

const GROUPS = [
  { label: 'the Security Council', match: ['security council', 'council', 'penholders'] },
  { label: 'donors and the Fund', match: ['donors', 'peacebuilding fund', 'oecd'] },
];

describe('a series’ actor groups', () => {
  test('set with the series, read with each of its workshops, used by the brief, kept across a restart', async () => {
    server = await startTestServer();
    const s = server;
    const post = (url: string, body: unknown) =>
      fetch(`${s.url}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    // Validation: more than five groups, an empty label, an unknown field.
    for (const bad of [
      Array.from({ length: 6 }, (_, k) => ({ label: `G${k}`, match: ['x'] })),
      [{ label: '', match: ['x'] }],
      [{ label: 'G', match: [] }],
      [{ label: 'G', match: ['x'], colour: 'red' }],
    ]) {
      const res = await post('/api/series', { name: 'Refused', actorGroups: bad });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'invalid_payload',
      );
    }
    const made = await post('/api/series', {
      name: 'Applying Sustaining Peace',
      actorGroups: GROUPS,
    });
    expect(made.status).toBe(201);
    const series = (await made.json()) as CreatedSeries;
    const created = await post('/api/workshops', {
      title: 'Mandates and transitions',
      questions: [{ prompt: 'What should change in mandates?' }],
      series: 'Applying Sustaining Peace',
      seriesToken: series.token,
    });
    expect(created.status).toBe(201);
    const w = (await created.json()) as CreatedWorkshop;
    // A workshop outside the series keeps the brief's defaults (positive control).
    const alone = (await (
      await post('/api/workshops', { title: 'Alone', questions: [{ prompt: 'Why?' }] })
    ).json()) as CreatedWorkshop;
    await s.restart();
    {
      const store = s.store;
      expect(store.workshop(w.id)?.actorGroups).toEqual(GROUPS);
      expect(store.workshop(alone.id)?.actorGroups).toBeNull();
      const snapshot = buildBriefSnapshot(store, w.id, new Y.Doc());
      expect(snapshot.workshop.actorGroups).toEqual(GROUPS);
      expect(buildBriefSnapshot(store, alone.id, new Y.Doc()).workshop.actorGroups).toBeUndefined();
      // The brief groups a proposal for "penholders" under the series' own heading.
      const q = snapshot.questions[0];
      if (!q) throw new Error('question expected');
      q.ideas.push({
        id: 'i1',
        seq: 1,
        text: 'Hear national civil society before drafting each renewal.',
        actor: 'Penholders',
        nextStep: 'Invite two briefers to the next expert-level meeting',
        clusterId: null,
        status: 'visible',
        mergedInto: null,
        mergedCount: 0,
      });
      const doc = composeBrief(snapshot, {}, { now: new Date('2017-02-01') });
      const text = JSON.stringify(doc.sections.find((s) => s.key === 'recommendations'));
      expect(text).toContain('the Security Council');
      expect(text).toContain('Invite two briefers');
    }
  });
});
