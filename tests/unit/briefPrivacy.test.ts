import {
  CreateWorkshopSchema,
  createCluster,
  type ExportFormat,
  fold,
  notesText,
  ORIGINS,
} from '@convene/shared';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { computeResults } from '../../server/src/commands/questionFlow.ts';
import { regenerateBrief } from '../../server/src/export/briefDraft.ts';
import { redactNames, runNameCheck } from '../../server/src/export/nameCheck.ts';
import { exportWorkshop } from '../../server/src/export/workshopExport.ts';
import { createLogger } from '../../server/src/log.ts';
import { openDatabase } from '../../server/src/store/db.ts';
import { openSqliteStore, type Store } from '../../server/src/store/store.ts';
import { RoomRegistry } from '../../server/src/sync/room.ts';
import { encodeSyncUpdate } from '../../server/src/sync/yjsEndpoint.ts';
import { createWorkshop, joinWorkshop } from '../../server/src/workshops/workshops.ts';
import { loadFixture } from '../helpers/fixtureBoard.ts';
import { unzip } from '../helpers/unzip.ts';

/**
 * Property: under the Chatham House Rule no export says who wrote or voted for what, and no
 * participant's name appears in any export unless somebody typed it into a text — in which case
 * the name check flags it, and one redaction removes it from every format. Workshops are
 * generated (seeded): names from the fixture's 94 participants, ideas from its 270, random
 * authors, random ballots, names typed into ideas and notes at random.
 */

const fixture = loadFixture();
const NAMES = [...new Set(fixture.workshops.flatMap((w) => w.participants.map((p) => p.name)))];
const IDEAS = fixture.workshops.flatMap((w) => w.questions.flatMap((q) => q.ideas));
const FORMATS: ExportFormat[] = ['md', 'html', 'csv', 'json', 'docx'];
const now = new Date('2017-06-01T09:00:00Z');
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'del', 'des', 'dos', 'das', 'bin', 'ben']);

/** The words of a name a reader would recognise on their own. */
const partsOf = (name: string) => [
  name,
  ...name
    .split(/[\s-]+/)
    .filter((p) => p.length >= 3 && !PARTICLES.has(fold(p)))
    .filter((p, i, all) => all.indexOf(p) === i),
];

const containsWord = (haystack: string, needle: string) =>
  new RegExp(
    `(?<![\\p{L}\\p{N}])${fold(needle).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
    'u',
  ).test(haystack);

async function exportsOf(
  store: Store,
  rooms: RoomRegistry,
  id: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const format of FORMATS) {
    const file = await exportWorkshop(store, rooms, id, format, now);
    if (format === 'docx') {
      // Every part except the package's own timestamps.
      out[format] = [...unzip(file.body as Buffer).entries()]
        .filter(([name]) => name !== 'docProps/core.xml')
        .map(([name, data]) => `${name}\n${data.toString('utf8')}`)
        .join('\n');
    } else out[format] = String(file.body);
  }
  return out;
}

interface Plan {
  names: string[];
  ideas: { idea: number; author: number; mention: number | null; cluster: number }[];
  ballots: number[][];
  noteMention: number | null;
}

const plan: fc.Arbitrary<Plan> = fc.integer({ min: 3, max: 7 }).chain((n) =>
  fc.record({
    names: fc.shuffledSubarray(NAMES, { minLength: n, maxLength: n }),
    ideas: fc.array(
      fc.record({
        idea: fc.nat({ max: IDEAS.length - 1 }),
        author: fc.nat({ max: n - 1 }),
        mention: fc.option(fc.nat({ max: n - 1 }), { freq: 3 }),
        cluster: fc.nat({ max: 2 }),
      }),
      { minLength: 3, maxLength: 9 },
    ),
    ballots: fc.array(fc.uniqueArray(fc.nat({ max: 8 }), { maxLength: 3 }), {
      minLength: n,
      maxLength: n,
    }),
    noteMention: fc.option(fc.nat({ max: n - 1 }), { freq: 2 }),
  }),
);

async function build(p: Plan) {
  const store = openSqliteStore(openDatabase(':memory:'));
  const rooms = new RoomRegistry(store, createLogger(false), encodeSyncUpdate, {
    unloadDelayMs: 60_000,
    compactEvery: 500,
  });
  const created = createWorkshop(
    store,
    CreateWorkshopSchema.parse({
      title: 'Financing Efforts to Sustain Peace',
      questions: [{ prompt: 'Where could new money for sustaining peace come from?' }],
      host: 'International Peace Institute',
      date: '2017-02-16',
    }),
  );
  const id = created.id;
  const questionId = created.questions[0]?.id as string;
  store.setPhase(id, questionId, 'results');
  const people = p.names.map((name) => ({ name, ...joinWorkshop(store, id, name) }));
  const typed = new Set<string>();
  const ideaIds: string[] = [];
  store.transaction(() => {
    p.ideas.forEach((g, k) => {
      const source = IDEAS[g.idea];
      if (!source) return;
      let text = source.text;
      if (g.mention !== null) {
        const first = p.names[g.mention]?.split(' ')[0] ?? '';
        text = `As ${first} said, ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
      }
      const row = {
        id: `idea${k}x${id.slice(0, 6)}`,
        workshopId: id,
        questionId,
        participantId: people[g.author]?.participantId ?? null,
        seq: store.nextIdeaSeq(id),
        text,
        actor: source.actor,
        nextStep: source.nextStep,
        status: 'visible' as const,
        createdAt: now.getTime() + k,
        commandId: null,
        mergedInto: null,
        moderationReason: null,
        originalText: null,
        updatedAt: null,
      };
      store.insertIdea(row);
      ideaIds.push(row.id);
    });
  });
  rooms.with(id, (room) => {
    const doc = room.doc;
    for (let c = 0; c < 3; c++) {
      const members = p.ideas.flatMap((g, k) => (g.cluster === c ? [ideaIds[k] as string] : []));
      if (members.length === 0) continue;
      createCluster(
        doc,
        { id: `cl${c}`, questionId, label: `Theme ${c + 1}`, position: c },
        members,
        ORIGINS.command,
      );
    }
    if (p.noteMention !== null) {
      const first = p.names[p.noteMention]?.split(' ')[0] ?? '';
      notesText(doc, questionId)?.insert(0, `${first} made the case for pooled funds.`);
    }
    // A closed round of dot voting, with ballots from the store as the vote commands leave them.
    const roundId = `round${id.slice(0, 6)}`;
    store.insertRound({
      id: roundId,
      workshopId: id,
      questionId,
      number: 1,
      status: 'open',
      budget: 3,
      maxPerIdea: 1,
      candidates: null,
      openedAt: now.getTime(),
    });
    p.ballots.forEach((ballot, who) => {
      for (const k of ballot) {
        const ideaId = ideaIds[k];
        const pid = people[who]?.participantId;
        if (ideaId && pid) store.setVote(roundId, pid, ideaId, 1);
      }
    });
    const round = store.rounds(questionId)[0];
    if (round)
      store.finishRound(roundId, 'closed', computeResults(store, doc, round), now.getTime());
  });
  await regenerateBrief(store, rooms, id, {}, now);
  for (const g of p.ideas) if (g.mention !== null) typed.add(p.names[g.mention] ?? '');
  if (p.noteMention !== null) typed.add(p.names[p.noteMention] ?? '');
  return { store, rooms, id, people, typed, created };
}

describe('privacy of exports under the Chatham House Rule', () => {
  test('no author, voter or untyped name in any format; typed names flagged, then redacted (property, seeded)', async () => {
    await fc.assert(
      fc.asyncProperty(plan, async (p) => {
        const { store, rooms, id, people, typed, created } = await build(p);
        const exports = await exportsOf(store, rooms, id);
        const all = Object.values(exports).join('\n');
        const folded = fold(all);

        // Nothing that identifies a person, a ballot or a capability.
        for (const person of people) {
          expect(all).not.toContain(person.participantId);
          expect(all).not.toContain(person.participantToken);
        }
        for (const token of Object.values(created.tokens)) expect(all).not.toContain(token);

        // A name shows up only where it was typed, and then the check has flagged it.
        const check = await runNameCheck(store, rooms, id, now);
        const flagged = check.findings.map((f) => fold(f.match));
        for (const person of people) {
          for (const part of partsOf(person.name)) {
            if (!containsWord(folded, part)) continue;
            expect(
              typed.has(person.name) || IDEAS.some((i) => containsWord(fold(i.text), part)),
              `${part} leaked`,
            ).toBe(true);
            expect(
              flagged.some((m) => containsWord(m, part) || containsWord(fold(part), m)),
              `${part} not flagged`,
            ).toBe(true);
          }
        }

        // Exports do not depend on who wrote or voted: shuffle authors, ballots and names.
        const ids = people.map((x) => x.participantId);
        const rotated = (pid: string) => ids[(ids.indexOf(pid) + 1) % ids.length] as string;
        store.transaction(() => {
          for (const idea of store.ideas(id)) {
            if (idea.participantId)
              store.updateIdea({ ...idea, participantId: rotated(idea.participantId) });
          }
          store.db.prepare('UPDATE votes SET participant_id = ? || participant_id').run('x');
          for (const pid of ids) {
            store.db
              .prepare('UPDATE votes SET participant_id = ? WHERE participant_id = ?')
              .run(rotated(pid), `x${pid}`);
          }
        });
        expect(await exportsOf(store, rooms, id)).toEqual(exports);

        // One step removes every flagged name from every format.
        await redactNames(store, rooms, id, {}, now);
        const after = fold(Object.values(await exportsOf(store, rooms, id)).join('\n'));
        for (const person of people) {
          for (const part of partsOf(person.name)) {
            const inFixture = IDEAS.some((i) => containsWord(fold(i.text), part));
            if (!inFixture)
              expect(containsWord(after, part), `${part} survived redaction`).toBe(false);
          }
        }
        rooms.closeAll();
        store.db.close();
      }),
      { seed: 20170126, numRuns: 20 },
    );
  }, 120_000);
});
