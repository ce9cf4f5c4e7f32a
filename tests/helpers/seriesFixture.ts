import type {
  CreatedSeries,
  CreatedWorkshopWithSeries,
  SeriesReply,
  WorkshopArchive,
} from '@convene/shared';
import { fixtureArchive, loadFixture } from './fixtureBoard.ts';

/**
 * The six-workshop "Applying Sustaining Peace" series of the shared fixture, built on a running
 * server through its public HTTP API only — `POST /api/series`, then each workshop's archive
 * through `POST /api/workshops/import` — exactly as an organiser would rebuild a series from
 * its exports. Shared by the issue-15 suites (plan, consolidation, paper) and the whole-issue
 * e2e. Every workshop comes in with its questions closed and one round of votes, numbered 1–6
 * in the fixture's order.
 */

export interface SeriesFixtureOptions {
  /** Sent as the Bearer token of the organiser's calls when the server runs with ADMIN_TOKEN. */
  adminToken?: string;
  /** The series' name (default: the fixture's). */
  name?: string;
  /** How many of the six workshops to import, in order (default 6). */
  count?: number;
  /** A last change to each archive before it is imported (index 0–5). */
  archive?: (archive: WorkshopArchive, index: number) => WorkshopArchive;
  /**
   * Give the series its plan: one topic per imported workshop (its title, date, host,
   * questions), linked to it and `held`. Without it the plan is empty.
   */
  plan?: boolean;
  /** Also set the series' co-organisers to the fixture's three hosts (default true). */
  organisers?: boolean;
}

export interface FixtureWorkshopRef {
  id: string;
  /** Its number in the series (1–6). */
  number: number;
  title: string;
  joinCode: string;
  facilitatorToken: string;
  rapporteurToken: string;
  projectorToken: string;
  links: CreatedWorkshopWithSeries['links'];
  /** The topic of the plan it belongs to (with `plan: true`). */
  topicId?: string;
}

export interface SeriesFixture {
  id: string;
  name: string;
  /** The series link token: Bearer of every `/api/series/:id…` call. */
  token: string;
  link: string;
  workshops: FixtureWorkshopRef[];
}

async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  token: string | undefined,
  body: unknown,
): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

export async function seriesFromFixture(
  baseUrl: string,
  opts: SeriesFixtureOptions = {},
): Promise<SeriesFixture> {
  const fixture = loadFixture();
  const name = opts.name ?? fixture.series.title;
  const admin = opts.adminToken;
  const series = await call<CreatedSeries>(baseUrl, 'POST', '/api/series', admin, {
    name,
    description: fixture.series.description,
  });
  if (opts.organisers !== false) {
    await call<SeriesReply>(baseUrl, 'PATCH', `/api/series/${series.id}`, series.token, {
      organisers: fixture.series.hosts,
    });
  }
  const count = Math.min(opts.count ?? fixture.workshops.length, fixture.workshops.length);
  const workshops: FixtureWorkshopRef[] = [];
  for (let i = 0; i < count; i++) {
    const base = fixtureArchive(i, fixture);
    let archive: WorkshopArchive = {
      ...base,
      workshop: { ...base.workshop, series: name, seriesNumber: i + 1, language: 'en' },
    };
    if (opts.archive) archive = opts.archive(archive, i);
    const made = await call<CreatedWorkshopWithSeries>(
      baseUrl,
      'POST',
      '/api/workshops/import',
      admin,
      archive,
    );
    // The import files a workshop in an existing series only for the administrator; anyone
    // else proves they run it with its facilitator link, as the series page does.
    if (!made.series) {
      await call<SeriesReply>(baseUrl, 'POST', `/api/series/${series.id}/workshops`, series.token, {
        facilitatorToken: made.facilitatorToken,
      });
    } else if (made.series.id !== series.id) {
      throw new Error(`workshop ${i + 1} joined another series (${made.series.name})`);
    }
    workshops.push({
      id: made.id,
      number: i + 1,
      title: archive.workshop.title,
      joinCode: made.joinCode,
      facilitatorToken: made.facilitatorToken,
      rapporteurToken: made.rapporteurToken,
      projectorToken: made.projectorToken ?? '',
      links: made.links,
    });
  }
  if (opts.plan) {
    for (const [i, w] of workshops.entries()) {
      const source = fixture.workshops[i];
      const reply = await call<{ topics: { id: string; workshopId: string | null }[] }>(
        baseUrl,
        'POST',
        `/api/series/${series.id}/topics`,
        series.token,
        {
          title: w.title,
          questions: source?.questions.map((q) => q.prompt) ?? [],
          plannedDate: source?.date ?? null,
          host: source?.host ?? null,
          status: 'held',
          workshopId: w.id,
        },
      );
      w.topicId = reply.topics.find((t) => t.workshopId === w.id)?.id;
    }
  }
  return { id: series.id, name: series.name, token: series.token, link: series.link, workshops };
}
