import type {
  NameCheckReply,
  NameDecisionReply,
  PaperEditConflictBody,
  PaperGenerateReply,
  PaperReply,
  PaperSectionReply,
  RedactReply,
} from '@convene/shared';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wordCount } from '../helpers/briefFixture.ts';
import { type SeriesFixture, seriesFromFixture } from '../helpers/seriesFixture.ts';
import { startTestServer, type TestServer } from '../helpers/testServer.ts';
import { docxParagraphs, unzip } from '../helpers/unzip.ts';

/**
 * The series' policy paper over HTTP (issue 15, item 3): generated from six imported fixture
 * workshops, stored section by section, co-edited with version checks, regenerated
 * keep-or-replace, checked for participants' names (every workshop, and the paper's own
 * text) before its export, and opened only by the series link or the ADMIN_TOKEN.
 */

const ADMIN = 'admin-token-for-the-paper-tests-0123456789';
let server: TestServer;
let series: SeriesFixture;

beforeAll(async () => {
  server = await startTestServer({ adminToken: ADMIN, unloadDelayMs: 60_000 });
  series = await seriesFromFixture(server.url, { adminToken: ADMIN, organisers: false });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const call = (method: string, path: string, token: string | null, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const paperPath = () => `/api/series/${series.id}/paper`;

describe('the policy paper of a series', () => {
  let generated: PaperGenerateReply;

  test('generate: every section created, in the genre, 3,000–7,000 words', async () => {
    const before = (await (await call('GET', paperPath(), series.token)).json()) as PaperReply;
    expect(before.sections).toEqual([]);
    const res = await call('POST', `${paperPath()}/generate`, series.token, {});
    expect(res.status).toBe(200);
    generated = (await res.json()) as PaperGenerateReply;
    const keys = generated.sections.map((s) => s.key);
    expect(keys.slice(0, 3)).toEqual(['header', 'summary', 'introduction']);
    expect(keys.filter((k) => k.startsWith('workshop:'))).toEqual(
      series.workshops.map((w) => `workshop:${w.id}`),
    );
    expect(keys.slice(-5)).toEqual([
      'themes',
      'countries',
      'commission',
      'recommendations',
      'annex',
    ]);
    expect(generated.outcomes.every((o) => o.outcome === 'created')).toBe(true);
    expect(generated.sections.every((s) => s.version === 1 && !s.edited)).toBe(true);
    const words = wordCount(generated.sections.map((s) => s.text).join('\n\n'));
    expect(words).toBeGreaterThanOrEqual(3000);
    expect(words).toBeLessThanOrEqual(7000);
    // Stored: the same paper is read back.
    const stored = (await (await call('GET', paperPath(), series.token)).json()) as PaperReply;
    expect(stored.sections).toEqual(generated.sections);
    expect(stored.language).toBe('en');
  });

  test('edit a section; a stale version is refused with the other version; keep or replace on regeneration', async () => {
    const summary = generated.sections.find((s) => s.key === 'summary');
    if (!summary) throw new Error('no summary');
    const mine = `${summary.text}\n\nA sentence the rapporteur added.`;
    const saved = await call('PUT', `${paperPath()}/sections/summary`, series.token, {
      text: mine,
      version: summary.version,
    });
    expect(saved.status).toBe(200);
    const section = ((await saved.json()) as PaperSectionReply).section;
    expect(section).toMatchObject({ text: mine, version: 2, edited: true });

    // A second rapporteur still on version 1.
    const stale = await call('PUT', `${paperPath()}/sections/summary`, series.token, {
      text: 'Theirs.',
      version: 1,
    });
    expect(stale.status).toBe(409);
    const conflict = (await stale.json()) as PaperEditConflictBody;
    expect(conflict.error.code).toBe('edit_conflict');
    expect(conflict.section).toMatchObject({ text: mine, version: 2 });

    // Regenerate: the edited section is kept, the others are unchanged.
    const kept = (await (
      await call('POST', `${paperPath()}/generate`, series.token, {})
    ).json()) as PaperGenerateReply;
    expect(kept.outcomes.find((o) => o.key === 'summary')).toMatchObject({
      outcome: 'kept',
      boardChanged: false,
    });
    expect(kept.outcomes.filter((o) => o.key !== 'summary').map((o) => o.outcome)).toEqual(
      kept.outcomes.filter((o) => o.key !== 'summary').map(() => 'unchanged'),
    );
    expect(kept.sections.find((s) => s.key === 'summary')?.text).toBe(mine);

    // Replace, confirmed for that section.
    const replaced = (await (
      await call('POST', `${paperPath()}/generate`, series.token, { replace: ['summary'] })
    ).json()) as PaperGenerateReply;
    expect(replaced.outcomes.find((o) => o.key === 'summary')?.outcome).toBe('replaced');
    expect(replaced.sections.find((s) => s.key === 'summary')).toMatchObject({
      text: summary.text,
      edited: false,
      version: 3,
    });
  });

  test('bad input is refused with a reason', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['PUT', `${paperPath()}/sections/summary`, { text: 'x' }, 400, 'invalid_payload'],
      ['PUT', `${paperPath()}/sections/summary`, { text: 'x', version: 0 }, 400, 'invalid_payload'],
      [
        'PUT',
        `${paperPath()}/sections/no%20such`,
        { text: 'x', version: 1 },
        400,
        'invalid_payload',
      ],
      ['PUT', `${paperPath()}/sections/workshop:nope`, { text: 'x', version: 1 }, 404, 'not_found'],
      [
        'PUT',
        `${paperPath()}/sections/summary`,
        { text: 'x'.repeat(40_001), version: 1 },
        400,
        'invalid_payload',
      ],
      ['POST', `${paperPath()}/generate`, { replace: 'summary' }, 400, 'invalid_payload'],
      ['POST', `${paperPath()}/name-decisions`, { ids: [] }, 400, 'invalid_payload'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await call(method, path, series.token, body);
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(server.errors()).toEqual([]);
  });

  test('export waits for a workshop with an open finding, then for the paper’s own text, then goes', async () => {
    const exportMd = () => call('GET', `/api/series/${series.id}/export?format=md`, series.token);
    // The financing workshop's notes and one idea name participants ("As Hodan pointed out").
    const financing = series.workshops[1];
    if (!financing) throw new Error('no workshop 2');
    const first = await exportMd();
    expect(first.status).toBe(409);
    const refused = (await first.json()) as { error: { code: string }; workshopId: string };
    expect(refused.error.code).toBe('names_found');
    expect(refused.workshopId).toBe(financing.id);

    // Its rapporteur replaces them in the workshop; so does the rapporteur of the prevention
    // workshop ("As Jonas said"), the next one the gate stops at.
    let blocked: string | undefined = refused.workshopId;
    const stoppedAt: string[] = [];
    let second = first;
    for (let i = 0; i < 6 && blocked; i++) {
      stoppedAt.push(blocked);
      const w = series.workshops.find((x) => x.id === blocked);
      const redacted = await call(
        'POST',
        `/api/workshops/${blocked}/redact`,
        w?.rapporteurToken ?? null,
        {},
      );
      expect(redacted.status).toBe(200);
      expect(((await redacted.json()) as RedactReply).check.total).toBe(0);
      second = await exportMd();
      expect(second.status).toBe(409);
      blocked = ((await second.clone().json()) as { workshopId?: string }).workshopId;
    }
    expect(stoppedAt).toEqual([financing.id, series.workshops[3]?.id]);

    // The paper was generated before: its chapter quotes the notes as they were.
    expect(await second.json()).toMatchObject({ error: { code: 'names_found' }, paper: true });
    const check = (await (
      await call('GET', `${paperPath()}/name-check`, series.token)
    ).json()) as NameCheckReply;
    expect(check.total).toBeGreaterThan(0);
    const hodan = check.findings.find((f) => f.match === 'Hodan');
    expect(hodan?.where).toBe('Policy paper · 2. Financing Efforts to Sustain Peace');
    // The series link holder sees the words in the paper, never which participant they match.
    expect(check.findings.every((f) => f.names.length === 0)).toBe(true);
    expect(JSON.stringify(check)).not.toContain('Søren Vikstrøm');

    // One is marked "not a participant's name" (kept with the series), the rest replaced.
    const decided = (await (
      await call('POST', `${paperPath()}/name-decisions`, series.token, { ids: [hodan?.id] })
    ).json()) as NameDecisionReply;
    expect(decided.recorded).toBe(1);
    expect(decided.check.decisions).toHaveLength(1);
    expect(decided.check.findings.some((f) => f.id === hodan?.id)).toBe(false);
    if (decided.check.total > 0) {
      const rest = (await (
        await call('POST', `${paperPath()}/redact`, series.token, {})
      ).json()) as RedactReply;
      expect(rest.check.total).toBe(0);
    }

    const third = await exportMd();
    expect(third.status).toBe(200);
    expect(third.headers.get('content-disposition')).toContain(
      'applying-sustaining-peace-policy-paper.md',
    );
    const md = await third.text();
    expect(md).toContain('## Executive summary');
    expect(md).toContain('## 2. Financing Efforts to Sustain Peace');
    // The stored paper is what is exported.
    const paper = (await (await call('GET', paperPath(), series.token)).json()) as PaperReply;
    expect(md).toContain(
      paper.sections.find((s) => s.key === 'recommendations')?.text.split('\n')[0],
    );

    const docx = await call('GET', `/api/series/${series.id}/export?format=docx`, ADMIN);
    expect(docx.status).toBe(200);
    const files = unzip(Buffer.from(await docx.arrayBuffer()));
    const text = docxParagraphs(files.get('word/document.xml')?.toString('utf8') ?? '').join('\n');
    expect(text).toContain('Executive summary');
    const html = await call('GET', `/api/series/${series.id}/export?format=html`, series.token);
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<html lang="en">');
  });

  test('a name typed into the paper blocks the export again', async () => {
    const header = (
      (await (await call('GET', paperPath(), series.token)).json()) as PaperReply
    ).sections.find((s) => s.key === 'introduction');
    if (!header) throw new Error('no introduction');
    const put = await call('PUT', `${paperPath()}/sections/introduction`, series.token, {
      text: `${header.text}\n\nAs Kwabena said, the series mattered.`,
      version: header.version,
    });
    expect(put.status).toBe(200);
    const res = await call('GET', `/api/series/${series.id}/export?format=md`, series.token);
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ paper: true, total: 1 });
    const fixed = await call('POST', `${paperPath()}/redact`, series.token, { names: ['Kwabena'] });
    expect(((await fixed.json()) as RedactReply).redacted).toBe(1);
    expect(
      (await call('GET', `/api/series/${series.id}/export?format=md`, series.token)).status,
    ).toBe(200);
  });

  test('the annex is the plan as held; a consolidation workshop ranks the recommendations', async () => {
    const small = await seriesFromFixture(server.url, {
      adminToken: ADMIN,
      name: 'Plan and consolidation',
      count: 3,
      organisers: false,
    });
    const [w1, w2, w3] = small.workshops;
    if (!w1 || !w2 || !w3) throw new Error('three workshops');
    // The plan and settings as the plan slice's routes write them (series_topics, migration 9).
    const db = server.store.db;
    db.prepare('UPDATE series SET organisers = ? WHERE id = ?').run(
      JSON.stringify(['IPI', 'CIC', 'DHF']),
      small.id,
    );
    const topic = db.prepare(`INSERT INTO series_topics
      (id, series_id, position, title, planned_date, host, status, workshop_id, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2017-01-01T00:00:00Z')`);
    topic.run('t1', small.id, 1, 'Mandates', '2017-01-20', null, 'held', w1.id);
    topic.run('t2', small.id, 2, 'A dropped topic', null, null, 'dropped', null);
    topic.run('t3', small.id, 3, 'Financing', '2017-02-16', 'Custom host', 'scheduled', w2.id);
    topic.run('t4', small.id, 4, 'Later topic', '2017-09-01', null, 'planned', null);
    db.prepare('UPDATE workshops SET consolidation = 1 WHERE id = ?').run(w3.id);

    const res = await call('POST', `/api/series/${small.id}/paper/generate`, small.token, {});
    expect(res.status).toBe(200);
    const paper = (await res.json()) as PaperGenerateReply;
    const text = (key: string) => paper.sections.find((s) => s.key === key)?.text ?? '';
    expect(text('annex')).toContain('| 1 | Mandates | 26 January 2017 | IPI | held |');
    expect(text('annex')).toContain('| – | A dropped topic | – | – | dropped |');
    expect(text('annex')).toContain(
      '| 2 | Financing | 16 February 2017 | Custom host | scheduled |',
    );
    // Not set by hand: the rotation among the co-organisers gives the third its host.
    expect(text('annex')).toContain('| 3 | Later topic | 1 September 2017 | DHF | planned |');
    expect(text('header')).toContain('IPI · CIC · DHF');
    // The consolidation session is no chapter; its ranking gives the recommendations.
    expect(paper.sections.filter((s) => s.key.startsWith('workshop:')).map((s) => s.key)).toEqual([
      `workshop:${w1.id}`,
      `workshop:${w2.id}`,
    ]);
    expect(text('recommendations')).toContain('the consolidation session ranked highest');
    expect(text('summary')).toContain('A consolidation session');

    // Workshops taken out of the series: an untouched chapter goes, an edited one is kept.
    const chapter2 = paper.sections.find((s) => s.key === `workshop:${w2.id}`);
    const edited = await call(
      'PUT',
      `/api/series/${small.id}/paper/sections/workshop:${w2.id}`,
      small.token,
      {
        text: `${chapter2?.text}\n\nA rapporteur's paragraph.`,
        version: chapter2?.version,
      },
    );
    expect(edited.status).toBe(200);
    for (const w of [w1, w2]) {
      const out = await call('DELETE', `/api/series/${small.id}/workshops/${w.id}`, small.token);
      expect(out.status).toBe(200);
    }
    const again = (await (
      await call('POST', `/api/series/${small.id}/paper/generate`, small.token, {})
    ).json()) as PaperGenerateReply;
    const keys = again.sections.map((s) => s.key);
    expect(keys).not.toContain(`workshop:${w1.id}`);
    expect(keys[keys.length - 1]).toBe(`workshop:${w2.id}`);
    expect(again.sections.find((s) => s.key === `workshop:${w2.id}`)?.text).toContain(
      "A rapporteur's paragraph.",
    );
  });

  test('only the series link or the ADMIN_TOKEN opens the paper', async () => {
    const w = series.workshops[0];
    if (!w) throw new Error('no workshop');
    const other = (await (
      await call('POST', '/api/series', ADMIN, { name: 'Another series' })
    ).json()) as { token: string };
    const routes: [string, string, unknown?][] = [
      ['GET', paperPath()],
      ['POST', `${paperPath()}/generate`, {}],
      ['PUT', `${paperPath()}/sections/summary`, { text: 'x', version: 1 }],
      ['GET', `${paperPath()}/name-check`],
      ['POST', `${paperPath()}/name-decisions`, { ids: ['x'] }],
      ['POST', `${paperPath()}/redact`, {}],
      ['GET', `/api/series/${series.id}/export?format=md`],
    ];
    for (const [method, path, body] of routes) {
      expect((await call(method, path, null, body)).status, `${path} no token`).toBe(401);
      expect((await call(method, path, w.facilitatorToken, body)).status, `${path} workshop`).toBe(
        401,
      );
      expect((await call(method, path, w.rapporteurToken, body)).status, `${path} rapporteur`).toBe(
        401,
      );
      expect((await call(method, path, other.token, body)).status, `${path} other series`).toBe(
        403,
      );
    }
    // Positive controls: the series link and the administrator read it.
    expect((await call('GET', paperPath(), series.token)).status).toBe(200);
    expect((await call('GET', paperPath(), ADMIN)).status).toBe(200);
  });
});
