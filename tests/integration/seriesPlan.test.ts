import {
  briefText,
  type CreatedSeries,
  type CreatedWorkshopWithSeries,
  readBriefDraft,
  type SeriesNewLink,
  type SeriesPlanReply,
  type SeriesReply,
} from '@convene/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seriesFromFixture } from '../helpers/seriesFixture.ts';
import { connectDoc, startTestServer, type TestServer } from '../helpers/testServer.ts';

/**
 * Issue 15, items 1 and 4: the series plan (numbered topics with date, host and status, every
 * change kept), a workshop made from a topic in one action, the series' settings, and the
 * organisers' page — readable only with the series token or the ADMIN_TOKEN.
 */

const ADMIN = 'admin-token-for-the-series-plan-tests-0123456789';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ adminToken: ADMIN });
});
afterAll(async () => {
  await server.close();
});

async function call<T = unknown>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

type Err = { error: { code: string; message: string } };

let n = 0;
async function newSeries(): Promise<CreatedSeries> {
  const made = await call<CreatedSeries>('POST', '/api/series', ADMIN, { name: `Plan ${++n}` });
  expect(made.status).toBe(201);
  return made.body;
}

describe('the series plan', () => {
  test('topics are added, renamed, re-dated, moved and dropped; the history keeps each change', async () => {
    const s = await newSeries();
    const at = (p: string) => `/api/series/${s.id}${p}`;
    const set = await call<SeriesReply>('PATCH', at(''), s.token, {
      organisers: ['Institute A', 'Institute B', 'Institute C'],
      language: 'fr',
    });
    expect(set.status).toBe(200);
    expect(set.body.organisers).toEqual(['Institute A', 'Institute B', 'Institute C']);
    expect(set.body.language).toBe('fr');

    for (const title of ['Mandates', 'Financing', 'Prevention', 'Partnerships']) {
      const added = await call<SeriesPlanReply>('POST', at('/topics'), s.token, {
        title,
        questions: [`What should change in ${title.toLowerCase()}?`],
        plannedDate: '2027-01-15',
      });
      expect(added.status).toBe(201);
    }
    let plan = (await call<SeriesPlanReply>('GET', at('/plan'), s.token)).body;
    expect(plan.topics.map((t) => [t.number, t.title, t.host, t.hostRotates, t.status])).toEqual([
      [1, 'Mandates', 'Institute A', true, 'planned'],
      [2, 'Financing', 'Institute B', true, 'planned'],
      [3, 'Prevention', 'Institute C', true, 'planned'],
      [4, 'Partnerships', 'Institute A', true, 'planned'],
    ]);
    const [mandates, financing, prevention, partnerships] = plan.topics.map((t) => t.id);
    const topic = (id: string | undefined) => at(`/topics/${id}`);

    // Rename and re-date one; set a host by hand on another; drop one; move the last up.
    expect(
      (
        await call('PATCH', topic(financing), s.token, {
          title: 'Financing for peace',
          plannedDate: '2027-02-20',
        })
      ).status,
    ).toBe(200);
    expect((await call('PATCH', topic(mandates), s.token, { host: 'Institute C' })).status).toBe(
      200,
    );
    expect((await call('PATCH', topic(prevention), s.token, { status: 'dropped' })).status).toBe(
      200,
    );
    plan = (await call<SeriesPlanReply>('PATCH', topic(partnerships), s.token, { position: 1 }))
      .body;
    expect(plan.topics.map((t) => [t.number, t.title, t.host, t.status])).toEqual([
      [1, 'Partnerships', 'Institute A', 'planned'],
      [2, 'Mandates', 'Institute C', 'planned'],
      [3, 'Financing for peace', 'Institute C', 'planned'],
      // A dropped topic keeps its row, without a number.
      [null, 'Prevention', null, 'dropped'],
    ]);
    // Setting the host back to null returns the topic to the rotation.
    plan = (await call<SeriesPlanReply>('PATCH', topic(mandates), s.token, { host: null })).body;
    expect(plan.topics[1]).toMatchObject({
      title: 'Mandates',
      host: 'Institute B',
      hostRotates: true,
    });

    expect(plan.history.map((h) => [h.change, h.topic, h.before, h.after])).toEqual([
      ['added', 'Mandates', null, 'Mandates'],
      ['added', 'Financing', null, 'Financing'],
      ['added', 'Prevention', null, 'Prevention'],
      ['added', 'Partnerships', null, 'Partnerships'],
      // Each change names the topic as it was called then.
      ['renamed', 'Financing', 'Financing', 'Financing for peace'],
      ['dated', 'Financing for peace', '2027-01-15', '2027-02-20'],
      ['hosted', 'Mandates', null, 'Institute C'],
      ['status', 'Prevention', 'planned', 'dropped'],
      ['moved', 'Partnerships', '4', '1'],
      ['hosted', 'Mandates', 'Institute C', null],
    ]);
    for (const h of plan.history) expect(Date.parse(h.at)).not.toBeNaN();
  });

  test('a workshop is made from a topic in one action, with the series settings carried over', async () => {
    const s = await newSeries();
    const at = (p: string) => `/api/series/${s.id}${p}`;
    const lenses = { countries: true, pbc: false, custom: [] };
    await call('PATCH', at(''), s.token, {
      organisers: ['Institute A', 'Institute B'],
      language: 'es',
      lenses,
    });
    await call('POST', at('/topics'), s.token, { title: 'Dropped one', questions: ['Q?'] });
    await call('POST', at('/topics'), s.token, {
      title: 'Mandates and transitions',
      questions: ['What should change in mandates?', 'Who should act first?'],
      plannedDate: '2027-03-01',
    });
    let plan = (await call<SeriesPlanReply>('GET', at('/plan'), s.token)).body;
    const [dropped, mandates] = plan.topics;
    await call('PATCH', at(`/topics/${dropped?.id}`), s.token, { status: 'dropped' });

    const made = await call<CreatedWorkshopWithSeries>(
      'POST',
      at(`/topics/${mandates?.id}/workshop`),
      s.token,
      {},
    );
    expect(made.status).toBe(201);
    expect(made.body.series).toEqual({ id: s.id, name: s.name });
    expect(made.body.questions.map((q) => q.prompt)).toEqual([
      'What should change in mandates?',
      'Who should act first?',
    ]);
    expect(made.body.links.participant).toContain(made.body.joinCode);
    // The workshop carries the topic's title, number, host, date and the series' settings.
    const details = await call<{ language: string; organisers: string[]; seriesNumber: number }>(
      'GET',
      `/api/workshops/${made.body.id}/details`,
      made.body.facilitatorToken,
    );
    expect(details.body).toMatchObject({
      language: 'es',
      organisers: ['Institute A', 'Institute B'],
      seriesNumber: 1,
    });
    // The series' lenses too (its actor groups are read from the series with every brief).
    const archive = await fetch(`${server.url}/api/workshops/${made.body.id}/export?format=json`, {
      headers: { authorization: `Bearer ${made.body.facilitatorToken}` },
    });
    const exported = (await archive.json()) as { workshop: { lenses?: unknown; series: string } };
    expect(exported.workshop.lenses).toEqual(lenses);
    expect(exported.workshop.series).toBe(s.name);
    const page = (await call<SeriesReply>('GET', at(''), s.token)).body;
    expect(page.workshops).toHaveLength(1);
    expect(page.workshops[0]).toMatchObject({
      id: made.body.id,
      title: 'Mandates and transitions',
      host: 'Institute A',
      date: '2027-03-01',
      number: 1,
      topicId: mandates?.id,
      consolidation: false,
      joinCode: made.body.joinCode,
      brief: 'none',
    });
    plan = (await call<SeriesPlanReply>('GET', at('/plan'), s.token)).body;
    expect(plan.topics[1]).toMatchObject({ status: 'scheduled', workshopId: made.body.id });
    expect(plan.history.slice(-2).map((h) => [h.change, h.before, h.after])).toEqual([
      ['workshop', null, made.body.id],
      ['status', 'planned', 'scheduled'],
    ]);

    // Once only; never from a dropped topic; a topic with a workshop cannot be dropped.
    const again = await call<Err>('POST', at(`/topics/${mandates?.id}/workshop`), s.token, {});
    expect([again.status, again.body.error.code]).toEqual([409, 'topic_state']);
    const fromDropped = await call<Err>('POST', at(`/topics/${dropped?.id}/workshop`), s.token, {});
    expect([fromDropped.status, fromDropped.body.error.code]).toEqual([409, 'topic_state']);
    const drop = await call<Err>('PATCH', at(`/topics/${mandates?.id}`), s.token, {
      status: 'dropped',
    });
    expect([drop.status, drop.body.error.code]).toEqual([409, 'topic_state']);
    // Held is the organiser's call.
    const held = await call<SeriesPlanReply>('PATCH', at(`/topics/${mandates?.id}`), s.token, {
      status: 'held',
    });
    expect(held.body.topics[1]?.status).toBe('held');
  });

  test('the series language defaults to its workshops’ most used; a rename keeps names unique', async () => {
    const s = await newSeries();
    const at = (p: string) => `/api/series/${s.id}${p}`;
    expect((await call<SeriesReply>('GET', at(''), s.token)).body.language).toBe('en');
    for (const language of ['fr', 'fr', 'en']) {
      const made = await call('POST', '/api/workshops', ADMIN, {
        title: `A workshop in ${language}`,
        questions: [{ prompt: 'Q?' }],
        series: s.name,
        seriesToken: s.token,
        language,
      });
      expect(made.status).toBe(201);
    }
    expect((await call<SeriesReply>('GET', at(''), s.token)).body.language).toBe('fr');
    const set = await call<SeriesReply>('PATCH', at(''), s.token, { language: 'es' });
    expect(set.body.language).toBe('es');
    const other = await newSeries();
    const clash = await call<Err>('PATCH', at(''), s.token, { name: other.name.toUpperCase() });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'series_exists']);
    const renamed = await call<SeriesReply>('PATCH', at(''), s.token, {
      name: 'Applying Sustaining Peace, second round',
      description: null,
    });
    expect(renamed.body).toMatchObject({
      name: 'Applying Sustaining Peace, second round',
      description: null,
    });
    // Its workshops are filed under the new name.
    const w = renamed.body.workshops[0];
    const list = await call<{ workshops: { id: string; series: string | null }[] }>(
      'GET',
      '/api/workshops',
      ADMIN,
    );
    expect(list.body.workshops.find((x) => x.id === w?.id)?.series).toBe(
      'Applying Sustaining Peace, second round',
    );
  });

  test('role links of a series workshop are minted from the series page, never shown again', async () => {
    const s = await newSeries();
    const at = (p: string) => `/api/series/${s.id}${p}`;
    await call('POST', at('/topics'), s.token, { title: 'Financing', questions: ['Q?'] });
    const plan = (await call<SeriesPlanReply>('GET', at('/plan'), s.token)).body;
    const made = await call<CreatedWorkshopWithSeries>(
      'POST',
      at(`/topics/${plan.topics[0]?.id}/workshop`),
      s.token,
      {},
    );
    for (const role of ['facilitator', 'rapporteur', 'projector'] as const) {
      const link = await call<SeriesNewLink>(
        'POST',
        at(`/workshops/${made.body.id}/links`),
        s.token,
        { role },
      );
      expect(link.status).toBe(201);
      expect(link.body.link).toBe(`${server.url}/${role}/${made.body.id}#token=${link.body.token}`);
      const session = await call<{ role: string; workshopId: string }>(
        'GET',
        '/api/session',
        link.body.token,
      );
      expect(session.body).toMatchObject({ role, workshopId: made.body.id });
    }
    // A workshop outside the series, an unknown role.
    const other = await call<CreatedWorkshopWithSeries>('POST', '/api/workshops', ADMIN, {
      title: 'Elsewhere',
      questions: [{ prompt: 'Q?' }],
    });
    const outside = await call<Err>('POST', at(`/workshops/${other.body.id}/links`), s.token, {
      role: 'rapporteur',
    });
    expect(outside.status).toBe(404);
    const badRole = await call<Err>('POST', at(`/workshops/${made.body.id}/links`), s.token, {
      role: 'participant',
    });
    expect([badRole.status, badRole.body.error.code]).toEqual([400, 'invalid_payload']);
  });

  test('only the series token or the ADMIN_TOKEN reads and edits the plan', async () => {
    const s = await newSeries();
    const other = await newSeries();
    const at = (p: string) => `/api/series/${s.id}${p}`;
    await call('POST', at('/topics'), s.token, { title: 'Mandates', questions: ['Q?'] });
    const topicId = (await call<SeriesPlanReply>('GET', at('/plan'), s.token)).body.topics[0]?.id;
    const w = await call<CreatedWorkshopWithSeries>(
      'POST',
      at(`/topics/${topicId}/workshop`),
      s.token,
      {},
    );
    const routes: [string, string, unknown][] = [
      ['GET', at('/plan'), undefined],
      ['GET', at(''), undefined],
      ['PATCH', at(''), { language: 'fr' }],
      ['POST', at('/topics'), { title: 'Intruder' }],
      ['PATCH', at(`/topics/${topicId}`), { title: 'Intruder' }],
      ['POST', at(`/topics/${topicId}/workshop`), {}],
      ['POST', at(`/workshops/${w.body.id}/links`), { role: 'facilitator' }],
    ];
    for (const [method, path, body] of routes) {
      // No token, a workshop's facilitator token, another series' token.
      expect((await call(method, path, null, body)).status, `${method} ${path}`).toBe(401);
      expect((await call(method, path, w.body.facilitatorToken, body)).status).toBe(401);
      expect((await call(method, path, other.token, body)).status).toBe(403);
    }
    // Positive controls: the series token and the administrator's.
    expect((await call('GET', at('/plan'), s.token)).status).toBe(200);
    const admin = await call<SeriesPlanReply>('GET', at('/plan'), ADMIN);
    expect(admin.status).toBe(200);
    expect(admin.body.topics.map((t) => t.title)).toEqual(['Mandates']);
    const plan = await call<SeriesPlanReply>('GET', at('/plan'), s.token);
    expect(plan.body.history.map((h) => h.change)).toEqual(['added', 'workshop', 'status']);
  });

  test('every body is validated; unknown topics are refused', async () => {
    const s = await newSeries();
    const at = (p: string) => `/api/series/${s.id}${p}`;
    const bad: [string, string, unknown][] = [
      ['PATCH', at(''), {}],
      ['PATCH', at(''), { language: 'de' }],
      ['PATCH', at(''), { organisers: 'Institute A' }],
      ['PATCH', at(''), { actorGroups: [] }],
      ['PATCH', at(''), { colour: 'red' }],
      ['POST', at('/topics'), { title: '' }],
      ['POST', at('/topics'), { title: 'x'.repeat(1000) }],
      ['POST', at('/topics'), { title: 'T', status: 'cancelled' }],
      ['POST', at('/topics'), { title: 'T', plannedDate: '15/01/2027' }],
      ['POST', at('/topics'), { title: 'T', position: 0 }],
      ['POST', at('/topics'), { title: 'T', questions: Array(100).fill('Q?') }],
      ['POST', at('/topics'), ['an', 'array']],
    ];
    for (const [method, path, body] of bad) {
      const res = await call<Err>(method, path, s.token, body);
      expect([res.status, res.body.error.code], JSON.stringify(body)).toEqual([
        400,
        'invalid_payload',
      ]);
    }
    await call('POST', at('/topics'), s.token, { title: 'No questions yet' });
    const plan = (await call<SeriesPlanReply>('GET', at('/plan'), s.token)).body;
    const id = plan.topics[0]?.id;
    expect((await call<Err>('PATCH', at(`/topics/${id}`), s.token, {})).status).toBe(400);
    // A topic without planned questions needs them in the body to become a workshop.
    const none = await call<Err>('POST', at(`/topics/${id}/workshop`), s.token, {});
    expect([none.status, none.body.error.code]).toEqual([400, 'invalid_payload']);
    const withQ = await call('POST', at(`/topics/${id}/workshop`), s.token, {
      questions: [{ prompt: 'What first?' }],
    });
    expect(withQ.status).toBe(201);
    const unknown = await call<Err>('PATCH', at('/topics/abcdefghijklmnopqrstuv'), s.token, {
      title: 'T',
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'unknown_topic']);
    const malformed = await call<Err>('PATCH', at('/topics/not%20an%20id'), s.token, {
      title: 'T',
    });
    expect(malformed.status).toBe(404);
    // Nothing refused changed the plan.
    const after = (await call<SeriesPlanReply>('GET', at('/plan'), s.token)).body;
    expect(after.topics.map((t) => t.title)).toEqual(['No questions yet']);
  });
});

describe('the organisers’ page of the fixture series', () => {
  test('six imported workshops with their plan, numbers, join codes and brief states', async () => {
    const fx = await seriesFromFixture(server.url, {
      adminToken: ADMIN,
      name: 'Applying Sustaining Peace (plan)',
      plan: true,
    });
    expect(fx.workshops.map((w) => w.number)).toEqual([1, 2, 3, 4, 5, 6]);
    const page = (await call<SeriesReply>('GET', `/api/series/${fx.id}`, fx.token)).body;
    expect(page.organisers).toHaveLength(3);
    expect(page.language).toBe('en');
    expect(
      page.workshops.map((w) => [w.number, w.joinCode, w.brief, w.done === w.questions]),
    ).toEqual(fx.workshops.map((w) => [w.number, w.joinCode, 'none', true]));
    const plan = (await call<SeriesPlanReply>('GET', `/api/series/${fx.id}/plan`, fx.token)).body;
    expect(plan.topics.map((t) => [t.number, t.status, t.workshopId])).toEqual(
      fx.workshops.map((w) => [w.number, 'held', w.id]),
    );

    // A brief: drafted → the name check finds nothing open → exported (until it changes).
    const first = fx.workshops[0];
    if (!first) throw new Error('no workshop');
    const drafted = await call(
      'POST',
      `/api/workshops/${first.id}/brief`,
      first.rapporteurToken,
      {},
    );
    expect(drafted.status).toBe(200);
    const state = async () =>
      (await call<SeriesReply>('GET', `/api/series/${fx.id}`, fx.token)).body.workshops[0]?.brief;
    // An archive carries no participant's name: the check has nothing open.
    expect(await state()).toBe('checked');
    const exported = await fetch(`${server.url}/api/workshops/${first.id}/export?format=md`, {
      headers: { authorization: `Bearer ${first.rapporteurToken}` },
    });
    expect(exported.status).toBe(200);
    expect(await state()).toBe('exported');
    // A rapporteur edits the draft afterwards: the export no longer stands for it.
    const rapporteur = await connectDoc(server.url, first.id, first.rapporteurToken);
    const [key] = Object.keys(readBriefDraft(rapporteur.doc));
    const text = briefText(rapporteur.doc, key ?? '');
    if (!text) throw new Error('no draft section');
    rapporteur.doc.transact(() => text.insert(0, 'Edited after the export. '));
    await expect.poll(state).toBe('checked');
    rapporteur.close();
    // The board's data exports are not the brief (positive control on the second workshop).
    const second = fx.workshops[1];
    if (!second) throw new Error('no workshop');
    await call('POST', `/api/workshops/${second.id}/brief`, second.rapporteurToken, {});
    await fetch(`${server.url}/api/workshops/${second.id}/export?format=json`, {
      headers: { authorization: `Bearer ${second.rapporteurToken}` },
    });
    // Its name check decides between draft and checked (the fixture plants names in some).
    const check = await call<{ total: number }>(
      'GET',
      `/api/workshops/${second.id}/name-check`,
      second.rapporteurToken,
    );
    const page2 = (await call<SeriesReply>('GET', `/api/series/${fx.id}`, fx.token)).body;
    expect(page2.workshops[1]?.brief).toBe(check.body.total === 0 ? 'checked' : 'draft');
    expect(page2.workshops[1]?.lastExportAt).toBeNull();
  });
});
