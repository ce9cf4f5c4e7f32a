import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type BriefIdea,
  type BriefQuestion,
  type BriefSnapshot,
  rankClusters,
  rankIdeas,
  type SeriesSnapshot,
  type WorkshopArchive,
} from '@convene/shared';

/**
 * The "Applying Sustaining Peace" fixture: six realistic workshops (participants' names, ideas,
 * clusters, vote counts, rapporteurs' notes). Turned here into brief snapshots with stable ids,
 * exactly as the server would build them after the workshops ran.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURE_FILE = path.join(here, '../fixtures/sustaining-peace-series.json');

export interface FixtureIdea {
  key: string;
  author: number;
  text: string;
  actor: string | null;
  nextStep: string | null;
  countries: string[];
  cluster: string | null;
  votes: number;
  nearDuplicateOf?: string;
  containsName?: boolean;
  exportCase?: string;
}

export interface FixtureQuestion {
  prompt: string;
  plannedMinutes: number;
  ideas: FixtureIdea[];
  clusters: { label: string; ideaKeys: string[] }[];
  notes: string;
  notesContainsName?: boolean;
}

export interface FixtureWorkshop {
  title: string;
  host: string;
  date: string;
  durationMinutes: number;
  chathamHouse: boolean;
  voteBudget: number;
  maxVotesPerIdea: number;
  participants: { name: string }[];
  questions: FixtureQuestion[];
}

export interface Fixture {
  series: { title: string; description: string; hosts: string[] };
  workshops: FixtureWorkshop[];
}

export function loadFixture(): Fixture {
  return JSON.parse(fs.readFileSync(FIXTURE_FILE, 'utf8')) as Fixture;
}

/** How many people voted on a question: every dot budget spent, never more than the room. */
export function votersOf(w: FixtureWorkshop, q: FixtureQuestion): number {
  const dots = q.ideas.reduce((n, i) => n + i.votes, 0);
  return Math.min(w.participants.length, Math.ceil(dots / w.voteBudget));
}

/** One workshop of the fixture as the snapshot the server would build (index 0–5). */
export function fixtureSnapshot(index: number, fixture = loadFixture()): BriefSnapshot {
  const w = fixture.workshops[index];
  if (!w) throw new Error(`no workshop ${index} in the fixture`);
  let seq = 0;
  const questions: BriefQuestion[] = w.questions.map((q, qi) => {
    const qid = `w${index + 1}q${qi + 1}`;
    const clusterOf = new Map<string, string>();
    const clusters = q.clusters.map((c, ci) => {
      const id = `${qid}c${ci + 1}`;
      for (const k of c.ideaKeys) clusterOf.set(k, id);
      return { id, label: c.label, position: ci };
    });
    const ideas: BriefIdea[] = q.ideas.map((i) => ({
      id: i.key,
      seq: ++seq,
      text: i.text,
      actor: i.actor,
      nextStep: i.nextStep,
      clusterId: clusterOf.get(i.key) ?? null,
      status: 'visible',
      mergedInto: null,
      mergedCount: 0,
    }));
    return {
      id: qid,
      position: qi,
      prompt: q.prompt,
      plannedMinutes: q.plannedMinutes,
      actualMinutes: 0,
      mode: 'open',
      notes: q.notes,
      clusters,
      ideas,
      rounds: [
        {
          number: 1,
          budget: w.voteBudget,
          maxPerIdea: w.maxVotesPerIdea,
          restrictedTo: null,
          voters: votersOf(w, q),
          results: q.ideas.map((i) => ({ ideaId: i.key, votes: i.votes, voters: i.votes })),
        },
      ],
    };
  });
  return {
    workshop: {
      title: w.title,
      series: fixture.series.title,
      host: w.host,
      date: w.date,
      durationMinutes: w.durationMinutes,
      chathamHouse: w.chathamHouse,
      voteBudget: w.voteBudget,
      maxVotesPerIdea: w.maxVotesPerIdea,
    },
    participantCount: w.participants.length,
    questions,
  };
}

/** The whole series, with no drafts (every brief as generated). */
export function fixtureSeries(fixture = loadFixture()): SeriesSnapshot {
  return {
    series: { name: fixture.series.title, description: fixture.series.description },
    workshops: fixture.workshops.map((_, i) => ({
      snapshot: fixtureSnapshot(i, fixture),
      draft: {},
    })),
  };
}

/** Every participant name of one workshop. */
export function fixtureNames(index: number, fixture = loadFixture()): string[] {
  return fixture.workshops[index]?.participants.map((p) => p.name) ?? [];
}

/**
 * One workshop of the fixture as a JSON archive (`format=json`), ready for
 * `POST /api/workshops/import`: every question closed, one round of dot voting each, the
 * rapporteurs' notes, no draft yet. How the e2e tests and demos get a realistic board quickly.
 */
export function fixtureArchive(index: number, fixture = loadFixture()): WorkshopArchive {
  const w = fixture.workshops[index];
  if (!w) throw new Error(`no workshop ${index} in the fixture`);
  const snapshot = fixtureSnapshot(index, fixture);
  // Country examples as the fixture names them; the import maps names to ISO codes.
  const countriesOf = new Map(w.questions.flatMap((q) => q.ideas.map((i) => [i.key, i.countries])));
  return {
    format: 'convene-workshop',
    version: 1,
    workshop: {
      title: w.title,
      series: fixture.series.title,
      host: w.host,
      date: w.date,
      durationMinutes: w.durationMinutes,
      chathamHouse: w.chathamHouse,
      voteBudget: w.voteBudget,
      maxVotesPerIdea: w.maxVotesPerIdea,
    },
    participantCount: w.participants.length,
    questions: snapshot.questions.map((q) => {
      const results = q.rounds[0]?.results ?? [];
      const seq = new Map(q.ideas.map((i) => [i.id, i.seq]));
      const tallies = results.map((r) => ({ ...r, seq: seq.get(r.ideaId) ?? 0 }));
      const clusterOf = new Map(q.ideas.map((i) => [i.id, i.clusterId]));
      return {
        id: q.id,
        position: q.position,
        prompt: q.prompt,
        plannedMinutes: q.plannedMinutes,
        // A room rarely keeps to the minute.
        actualMinutes: (q.plannedMinutes ?? 30) + ([3, -2, 4][q.position % 3] ?? 0),
        phase: 'closed' as const,
        mode: 'open' as const,
        notes: q.notes,
        clusters: q.clusters,
        ideas: q.ideas.map((i) => ({
          id: i.id,
          seq: i.seq,
          text: i.text,
          actor: i.actor,
          nextStep: i.nextStep,
          clusterId: i.clusterId,
          status: 'visible' as const,
          mergedInto: null,
          createdAt: `${w.date}T10:00:00.000Z`,
          ...(countriesOf.get(i.id)?.length ? { countries: countriesOf.get(i.id) } : {}),
        })),
        rounds: [
          {
            number: 1,
            status: 'closed' as const,
            budget: w.voteBudget,
            maxPerIdea: w.maxVotesPerIdea,
            candidates: null,
            voters: q.rounds[0]?.voters ?? 0,
            ranking: rankIdeas(tallies),
            clusters: rankClusters(tallies, (id) => clusterOf.get(id) ?? null),
          },
        ],
      };
    }),
  };
}

/**
 * A board of `ideas` ideas as an archive, for availability tests of imports and exports: the
 * fixture's idea texts (each made unique), spread over `questions` questions, ten themes per
 * question, one closed round of dot voting each. With `short`, ideas are one short line,
 * without actor, step, theme or round (how 30,000 ideas fit in 6 MB).
 */
export function largeArchive(
  ideas: number,
  opts: { questions?: number; short?: boolean; title?: string } = {},
): WorkshopArchive {
  const fixture = loadFixture();
  const texts = fixture.workshops.flatMap((w) => w.questions.flatMap((q) => q.ideas));
  const questions = opts.questions ?? 4;
  const per = Math.ceil(ideas / questions);
  let k = 0;
  return {
    format: 'convene-workshop',
    version: 1,
    workshop: {
      title: opts.title ?? `A board of ${ideas} ideas`,
      series: null,
      host: 'Institute A',
      date: '2017-02-23',
      durationMinutes: null,
      chathamHouse: true,
      voteBudget: 3,
      maxVotesPerIdea: 1,
    },
    participantCount: 60,
    questions: Array.from({ length: questions }, (_, q) => {
      const clusters = Array.from({ length: 10 }, (_, c) => ({
        id: `c${q}-${c}`,
        label: `Theme ${c + 1}`,
        position: c,
      }));
      const list = Array.from({ length: Math.max(0, Math.min(per, ideas - q * per)) }, () => {
        k++;
        const f = texts[k % texts.length] as FixtureIdea;
        return {
          id: `i${k}`,
          seq: k,
          text: opts.short ? `Idea ${k}: fund local mediators` : `${f.text} (${k})`,
          actor: opts.short ? null : f.actor,
          nextStep: opts.short ? null : f.nextStep,
          clusterId: opts.short ? null : `c${q}-${k % 10}`,
          status: 'visible' as const,
          mergedInto: null,
          createdAt: '2017-02-23T10:00:00.000Z',
        };
      });
      const tallies = list.map((i) => ({
        ideaId: i.id,
        votes: i.seq % 7,
        voters: i.seq % 7,
        seq: i.seq,
      }));
      const clusterOf = new Map(list.map((i) => [i.id, i.clusterId]));
      return {
        id: `q${q}`,
        position: q,
        prompt: `Question ${q + 1}: what should change first?`,
        plannedMinutes: null,
        phase: 'closed' as const,
        mode: 'open' as const,
        notes: opts.short ? '' : `Notes of question ${q + 1}.`,
        clusters: opts.short ? [] : clusters,
        ideas: list,
        rounds: opts.short
          ? []
          : [
              {
                number: 1,
                status: 'closed' as const,
                budget: 3,
                maxPerIdea: 1,
                candidates: null,
                voters: 60,
                ranking: rankIdeas(tallies),
                clusters: opts.short
                  ? []
                  : rankClusters(tallies, (id) => clusterOf.get(id) ?? null),
              },
            ],
      };
    }),
  };
}
