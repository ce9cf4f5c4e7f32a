import {
  type BriefGenerateReply,
  briefText,
  type CreatedSeries,
  type NameCheckReply,
  type NamesFoundBody,
  normaliseIdeaText,
  questionSectionKey,
  type RedactReply,
  readBriefDraft,
  readIdeas,
  type SeriesReply,
} from '@convene/shared';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { FINANCING, type RanWorkshop, runWorkshop } from '../helpers/runWorkshop.ts';
import {
  closeClients,
  startTestServer,
  type TestServer,
  waitFor,
  yjsRoundTrip,
} from '../helpers/testServer.ts';
import { docxParagraphs, unzip } from '../helpers/unzip.ts';

/**
 * The financing workshop without the two names its texts quote ("As Søren said", "As Hodan
 * pointed out"): under the Chatham House Rule an export waits until they are resolved (issue
 * 14), so the formats are tested on this one and the names on the workshop as it was.
 */
const UNNAMED = {
  ...FINANCING,
  questions: FINANCING.questions.map((q) => ({
    ...q,
    notes: q.notes?.replace('As Hodan pointed out', 'As one participant pointed out'),
    ideas: q.ideas.map((i) => ({ ...i, text: i.text.replace('As Søren said', 'As one said') })),
  })),
};

let server: TestServer;
let ws: RanWorkshop;
/** The financing workshop with the names its texts quote (outside the series). */
let named: RanWorkshop;
beforeAll(async () => {
  server = await startTestServer({ unloadDelayMs: 60_000 });
  ws = await runWorkshop(server, UNNAMED);
  named = await runWorkshop(server, { ...FINANCING, series: undefined });
});
afterEach(() => {
  // The shared workshop's clients live for the whole file; only per-test ones are closed.
});
afterAll(async () => {
  closeClients();
  await server?.close();
});

const get = (path: string, token: string) =>
  fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
const post = (path: string, token: string | null, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const exportOf = (format: string, token = ws.created.rapporteurToken, id = ws.created.id) =>
  get(`/api/workshops/${id}/export?format=${format}`, token);

async function allExports(id = ws.created.id, token = ws.created.rapporteurToken) {
  const out: Record<string, string> = {};
  for (const format of ['md', 'html', 'csv', 'json']) {
    const res = await exportOf(format, token, id);
    expect(res.status).toBe(200);
    out[format] = await res.text();
  }
  const docx = await exportOf('docx', token, id);
  expect(docx.status).toBe(200);
  const files = unzip(new Uint8Array(await docx.arrayBuffer()));
  out.docx = [...files.entries()]
    .filter(([name]) => name.endsWith('.xml'))
    .map(([, data]) => data.toString('utf8'))
    .join('\n');
  return out;
}

describe('every export format', () => {
  test('each format downloads with its type and a file name; nobody else can export', async () => {
    const expected: Record<string, [string, RegExp]> = {
      md: ['text/markdown', /-brief\.md"$/],
      html: ['text/html', /-brief\.html"$/],
      csv: ['text/csv', /-ideas\.csv"$/],
      json: ['application/json', /\.json"$/],
      docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', /\.docx"$/],
    };
    for (const [format, [type, name]] of Object.entries(expected)) {
      const res = await exportOf(format, ws.created.facilitatorToken);
      expect(res.status, format).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      expect(res.headers.get('content-disposition')).toMatch(name);
      expect(res.headers.get('content-disposition')).toContain(
        'financing-efforts-to-sustain-peace',
      );
      await res.arrayBuffer();
    }
    const participant = await exportOf('md', ws.participantTokens[0]);
    expect(participant.status).toBe(403);
    expect(await participant.json()).toMatchObject({ error: { code: 'forbidden' } });
    const projector = await exportOf('md', ws.created.projectorToken);
    expect(projector.status).toBe(403);
    const unknown = await exportOf('pdf');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unsupported_format' } });
    expect(server.errors()).toEqual([]);
  });

  test('the Markdown brief has the genre’s structure, support in words and a lean annex', async () => {
    const md = await (await exportOf('md')).text();
    expect(md).toMatch(
      /^# Financing Efforts to Sustain Peace\n\n\*\*Meeting brief\*\* · February 2017/,
    );
    expect(md).toContain('\n\nNYU Center on International Cooperation\n\n');
    expect(md).toContain(
      'On 16 February 2017, the NYU Center on International Cooperation convened a two-hour workshop',
    );
    expect(md).toContain('It was held under the Chatham House Rule.');
    expect(md).toContain('It brought together five participants.');
    expect(md).toContain('> Nothing here is attributed to anyone');
    expect(md).toContain('## Key takeaways');
    expect(md).toContain('### Assessed contributions');
    expect(md).toContain('One proposal drew broad support:');
    expect(md).toContain('## Recommendations');
    expect(md).toMatch(/### For Member States and donors\n\n\d+\. Table the proposal/);
    // No method, no vote tables, no software in the publishable brief (issue 14).
    expect(md).not.toContain('### Method');
    expect(md).not.toMatch(/\bdots?\b|\| Votes|Convene/);
    // User text is escaped, never markup.
    expect(md).toContain('\\<script\\>');
  });

  test('HTML is standalone, escapes every user text, and prints on A4 or Letter', async () => {
    const html = await (await exportOf('html')).text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<aside class="note">');
    expect(html).toContain('@media print');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<link|src=|https?:\/\/(?!evil\.example)/);
  });

  test('CSV: one row per idea, BOM, votes per round, formulas neutralised', async () => {
    const bytes = Buffer.from(await (await exportOf('csv')).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    const lines = csv.slice(1).trimEnd().split('\r\n');
    // The lens columns (issue 13) come last, so the others keep their place.
    expect(lines[0]).toBe(
      'Question no.,Question,Theme,Idea,Who should act,First step,Votes round 1,Status,Contested,Contest note,Theme contested,Theme contest note,Country examples,Role of the Peacebuilding Commission',
    );
    expect(lines).toHaveLength(1 + 7);
    expect(lines.find((l) => l.includes('HYPERLINK'))).toMatch(/,"'=HYPERLINK\(""http/);
    expect(lines.find((l) => l.includes('Transfer one percent'))).toMatch(/,4,on the board,,,,,,$/);
  });

  test('JSON keeps the public contract: ideas with id, text, clusterId, votes; clusters id, label', async () => {
    const archive = JSON.parse(await (await exportOf('json')).text());
    const q = archive.questions[0];
    expect(q.clusters[0]).toMatchObject({ id: expect.any(String), label: expect.any(String) });
    for (const idea of q.ideas) {
      expect(idea).toMatchObject({ id: expect.any(String), text: expect.any(String) });
      expect(idea).toHaveProperty('clusterId');
      expect(typeof idea.votes).toBe('number');
    }
    expect(archive.participantCount).toBe(5);
    expect(JSON.stringify(archive)).not.toMatch(/participantId|participant_id/);
  });

  test('DOCX is a Word document with headings, lists, the note, page numbers and every idea', async () => {
    const res = await exportOf('docx');
    const files = unzip(new Uint8Array(await res.arrayBuffer()));
    const body = files.get('word/document.xml')?.toString('utf8') ?? '';
    expect(body).toContain('w:val="Title"');
    expect(body).toContain('w:val="Heading1"');
    expect(body).toContain('<w:numPr>');
    const paragraphs = docxParagraphs(body);
    expect(paragraphs).toContain('Key takeaways');
    expect(paragraphs.some((p) => p.startsWith('Nothing here is attributed to anyone'))).toBe(true);
    // Every idea on record had a dot here, so each is in the body, lightly normalised.
    for (const text of UNNAMED.questions.flatMap((q) => q.ideas.map((i) => i.text))) {
      expect(
        paragraphs.some((p) => p.includes(normaliseIdeaText(text))),
        text,
      ).toBe(true);
    }
    const footer = [...files.entries()].find(([n]) => n.startsWith('word/footer'))?.[1].toString();
    expect(footer).toContain('PAGE');
  });
});

describe('the draft', () => {
  test('generate, edit, regenerate: edits are kept per section until the rapporteur confirms', async () => {
    const doc = ws.rapporteurDoc.doc;
    const first = (await (
      await post(`/api/workshops/${ws.created.id}/brief`, ws.created.rapporteurToken, {})
    ).json()) as BriefGenerateReply;
    expect(first.sections.map((s) => s.outcome)).toEqual(
      Array(first.sections.length).fill('created'),
    );
    const q1 = questionSectionKey(ws.questionIds[0] as string);
    await waitFor(() => briefText(doc, q1) !== null && briefText(doc, 'takeaways') !== null, {
      docs: [doc],
      what: 'draft sections in the rapporteur doc',
    });
    // A rapporteur edits the takeaways; nobody touches question 1.
    const takeaways = briefText(doc, 'takeaways');
    takeaways?.insert(takeaways.length, '\n- **Edited by the rapporteur.** A point added by hand.');
    await yjsRoundTrip(ws.rapporteurDoc.provider);
    // The board changes: a facilitator corrects an idea of question 1.
    const { emitAck } = await import('../helpers/testServer.ts');
    const ideaId = ws.ideaIds[0]?.[3] as string;
    const edit = await emitAck(ws.facilitator, 'idea:edit', {
      ideaId,
      text: 'Support tax administration so that post-conflict governments fund their own priorities.',
    });
    expect(edit.ok).toBe(true);
    const second = (await (
      await post(`/api/workshops/${ws.created.id}/brief`, ws.created.rapporteurToken, {})
    ).json()) as BriefGenerateReply;
    const outcome = (key: string) => second.sections.find((s) => s.key === key);
    expect(outcome(q1)?.outcome).toBe('updated');
    expect(
      outcome('takeaways')?.outcome === 'kept' || outcome('takeaways')?.outcome === 'unchanged',
    ).toBe(true);
    await waitFor(
      () => (briefText(doc, q1)?.toString() ?? '').includes('post-conflict governments'),
      {
        docs: [doc],
      },
    );
    expect(briefText(doc, 'takeaways')?.toString()).toContain('Edited by the rapporteur');
    // The export is the draft, edits included.
    const md = await (await exportOf('md')).text();
    expect(md).toContain('**Edited by the rapporteur.** A point added by hand.');
    // Replacing is per section, only when asked.
    if (outcome('takeaways')?.outcome === 'kept') {
      expect(outcome('takeaways')?.generated).toContain('## Key takeaways');
      // The server says whether the board changed since the section's generation (issue 12 item 11).
      expect(typeof outcome('takeaways')?.boardChanged).toBe('boolean');
      const third = (await (
        await post(`/api/workshops/${ws.created.id}/brief`, ws.created.rapporteurToken, {
          sections: ['takeaways'],
          replace: ['takeaways'],
        })
      ).json()) as BriefGenerateReply;
      expect(third.sections).toEqual([
        expect.objectContaining({ key: 'takeaways', outcome: 'replaced' }),
      ]);
      await waitFor(() => !(briefText(doc, 'takeaways')?.toString() ?? '').includes('Edited by'), {
        docs: [doc],
      });
    }
    const bad = await post(`/api/workshops/${ws.created.id}/brief`, ws.created.rapporteurToken, {
      sections: ['<script>'],
    });
    expect(bad.status).toBe(400);
    const participant = await post(
      `/api/workshops/${ws.created.id}/brief`,
      ws.participantTokens[0] ?? '',
      {},
    );
    expect(participant.status).toBe(403);
  });
});

describe('names', () => {
  test('the check lists names typed into ideas, notes and the draft; one step redacts them everywhere', async () => {
    await post(`/api/workshops/${named.created.id}/brief`, named.created.rapporteurToken, {});
    const check = (await (
      await get(`/api/workshops/${named.created.id}/name-check`, named.created.rapporteurToken)
    ).json()) as NameCheckReply;
    expect(check.namesChecked).toBe(5);
    const where = check.findings.map((f) => `${f.where}: ${f.match}`);
    expect(where).toContain('Question 1 · idea: Søren');
    expect(where).toContain('Question 1 · notes: Hodan');
    expect(where.some((w) => w.startsWith('Brief draft · Question 1') && w.endsWith('Hodan'))).toBe(
      true,
    );
    expect(check.findings.find((f) => f.match === 'Søren')?.names).toEqual(['Søren Vikstrøm']);
    // Names never reach the doc: the check answers over HTTP only.
    const { docText } = await import('../helpers/runWorkshop.ts');
    for (const name of FINANCING.participants) {
      expect(docText(named.rapporteurDoc.doc)).not.toContain(name);
    }
    // Every export waits for the names (issue 14): 409 names_found, with the findings.
    for (const format of ['md', 'html', 'csv', 'json', 'docx']) {
      const refused = await exportOf(format, named.created.rapporteurToken, named.created.id);
      expect(refused.status, format).toBe(409);
      const body = (await refused.json()) as NamesFoundBody;
      expect(body.error.code).toBe('names_found');
      expect(body.check?.findings.map((f) => f.match)).toContain('Søren');
    }

    const res = await post(
      `/api/workshops/${named.created.id}/redact`,
      named.created.rapporteurToken,
      {},
    );
    expect(res.status).toBe(200);
    const redacted = (await res.json()) as RedactReply;
    expect(redacted.redacted).toBeGreaterThanOrEqual(3);
    expect(redacted.check.findings).toEqual([]);
    const after = await allExports(named.created.id, named.created.rapporteurToken);
    for (const [format, text] of Object.entries(after)) {
      for (const part of ['Søren', 'Hodan', 'Amara', 'Lucía', 'Kwabena', 'Vikstrøm']) {
        expect(text, `${format} still names ${part}`).not.toContain(part);
      }
    }
    expect(after.md).toContain('As a participant said');
    expect(after.md).toContain('As a participant pointed out');
    // The idea changed on every screen too.
    await waitFor(
      () =>
        readIdeas(named.rapporteurDoc.doc).some((i) => i.text.startsWith('As a participant said')),
      { docs: [named.rapporteurDoc.doc] },
    );
    // The draft sections stay "as generated" (text and record redacted together).
    const draft = readBriefDraft(named.rapporteurDoc.doc);
    const q1 = draft[questionSectionKey(named.questionIds[0] as string)];
    expect(q1?.text).toBe(q1?.base);
    const participant = await get(
      `/api/workshops/${named.created.id}/name-check`,
      named.participantTokens[1] ?? '',
    );
    expect(participant.status).toBe(403);
  });
});

describe('import', () => {
  /** Ids are new on import and the export time moves on: number ids by first appearance. */
  const normalise = (archive: unknown) => {
    const ids = new Map<string, string>();
    const id = (v: string) => {
      let n = ids.get(v);
      if (!n) {
        n = `#${ids.size}`;
        ids.set(v, n);
      }
      return n;
    };
    const walk = (v: unknown, key = ''): unknown => {
      if (Array.isArray(v)) return v.map((x) => walk(x, key === 'candidates' ? 'id' : ''));
      if (v && typeof v === 'object') {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
      }
      if (typeof v !== 'string') return v;
      if (['id', 'clusterId', 'ideaId', 'mergedInto'].includes(key)) return id(v);
      if (key === 'key' && v.startsWith('question:')) return `question:${id(v.slice(9))}`;
      if (key === 'exportedAt') return 'time';
      return v;
    };
    return walk(archive);
  };

  test('export JSON, import it, export again: identical', async () => {
    const first = JSON.parse(await (await exportOf('json')).text());
    const res = await post('/api/workshops/import', null, first);
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.id).not.toBe(ws.created.id);
    expect(created.links.rapporteur).toContain(`/rapporteur/${created.id}#token=`);
    const second = JSON.parse(
      await (await exportOf('json', created.rapporteurToken, created.id)).text(),
    );
    expect(normalise(second)).toEqual(normalise(first));
    // The imported workshop's brief is the same brief.
    const md1 = await (await exportOf('md')).text();
    const md2 = await (await exportOf('md', created.rapporteurToken, created.id)).text();
    expect(md2).toBe(md1);
  });

  test('a bad archive is refused with a reason and creates nothing', async () => {
    const before = server.store.listWorkshops().length;
    const archive = JSON.parse(await (await exportOf('json')).text());
    const cases: [unknown, number, string][] = [
      [{ ...archive, extra: 1 }, 400, 'invalid_payload'],
      [{ ...archive, format: 'something-else' }, 400, 'invalid_payload'],
      [{ ...archive, questions: [] }, 400, 'invalid_payload'],
      [
        {
          ...archive,
          questions: [
            {
              ...archive.questions[0],
              ideas: [{ ...archive.questions[0].ideas[0], clusterId: 'elsewhere' }],
            },
          ],
        },
        400,
        'invalid_payload',
      ],
      ['{"format":', 400, 'invalid_json'],
      [{ ...archive, padding: 'x'.repeat(9 * 1024 * 1024) }, 413, 'payload_too_large'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post('/api/workshops/import', null, body);
      expect(res.status).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    }
    expect(server.store.listWorkshops().length).toBe(before);
  });
});

describe('series', () => {
  test('workshops join a series by name and its token; the series link opens its page and its policy paper', async () => {
    const link = ws.created.series;
    expect(link?.name).toBe('Applying Sustaining Peace');
    expect(link?.token).toBeTruthy();
    const token = link?.token as string;
    // Naming an existing series is not enough to join it: whoever named it first would
    // otherwise read every workshop filed under the name later.
    const stranger = (await server.createWorkshop({
      title: 'Filed under a name someone else owns',
      series: 'Applying Sustaining Peace',
    })) as { series?: unknown; seriesNotJoined?: { name: string } };
    expect(stranger.series).toBeUndefined();
    expect(stranger.seriesNotJoined?.name).toBe('Applying Sustaining Peace');
    const second = await server.createWorkshop({
      title: 'Partnerships and Regional Organizations',
      series: 'Applying Sustaining Peace',
      seriesToken: token,
      date: '2017-04-20',
      host: 'International Peace Institute',
    });
    expect((second as { series?: { id: string; token?: string } }).series).toEqual({
      id: link?.id,
      name: 'Applying Sustaining Peace',
    });
    const page = (await (await get(`/api/series/${link?.id}`, token)).json()) as SeriesReply;
    const titles = page.workshops.map((w) => w.title);
    // By date; the imported copy of the financing workshop (import test) is in it too.
    expect(titles[0]).toBe('Financing Efforts to Sustain Peace');
    expect(titles[titles.length - 1]).toBe('Partnerships and Regional Organizations');
    expect(page.workshops[0]).toMatchObject({ questions: 2, done: 0, ideas: 7, participants: 5 });
    const size = titles.length;

    // Attach a workshop made without the series; then take it out again.
    const third = await server.createWorkshop({ title: 'Revitalizing the PBSO' });
    const attach = await post(`/api/series/${link?.id}/workshops`, token, {
      facilitatorToken: third.links.facilitator,
    });
    expect(attach.status).toBe(200);
    expect(((await attach.json()) as SeriesReply).workshops).toHaveLength(size + 1);
    const wrongToken = await post(`/api/series/${link?.id}/workshops`, token, {
      facilitatorToken: third.rapporteurToken,
    });
    expect(wrongToken.status).toBe(403);
    const detach = await fetch(`${server.url}/api/series/${link?.id}/workshops/${third.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await detach.json()) as SeriesReply).workshops).toHaveLength(size);

    for (const format of ['md', 'html', 'docx']) {
      const res = await get(`/api/series/${link?.id}/export?format=${format}`, token);
      expect(res.status, format).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(
        'applying-sustaining-peace-policy-paper',
      );
      const body = Buffer.from(await res.arrayBuffer());
      if (format === 'md') {
        const md = body.toString('utf8');
        expect(md).toContain('# Applying Sustaining Peace');
        expect(md).toContain('## Introduction');
        expect(md).toContain('## 1. Financing Efforts to Sustain Peace');
        expect(md).toContain('## Cross-cutting themes');
        expect(md).toContain('## Recommendations');
      }
    }
    // Workshop tokens never open a series; a series name cannot be claimed twice.
    expect((await get(`/api/series/${link?.id}`, ws.created.facilitatorToken)).status).toBe(401);
    const again = await post('/api/series', null, { name: 'applying sustaining peace ' });
    expect(again.status).toBe(409);
    const fresh = (await (
      await post('/api/series', null, { name: 'Another series' })
    ).json()) as CreatedSeries;
    expect(fresh.link).toContain(`/series/${fresh.id}#token=`);
    expect(server.errors()).toEqual([]);
  });
});
