import {
  applyTagChange,
  DEFAULT_LENSES,
  type IdeaEdit,
  type IdeaLensTags,
  type IdeaSubmit,
  isCountryCode,
  type LensConfig,
  normalizeCountries,
  sameTags,
  setWorkshopLenses,
} from '@convene/shared';
import type { IdeaRow, Store } from '../store/store.ts';
import { projectIdea } from '../sync/projection.ts';
import { type CommandContext, CommandError, defineCommand } from './commandBus.ts';
import { requireEditable } from './ideaCommands.ts';

/**
 * Lenses (issue 13): tags on ideas and the workshop's lens configuration. Tags go through the
 * same path as every change to the record — validated, role-checked, stored, then projected —
 * and projecting an idea that is not visible writes nothing, so tagging a hidden idea (its
 * author may) reveals neither the idea nor its tags before the facilitator reveals them.
 */

/** A boolean check (not a type guard: narrowing a value that failed it would leave `never`). */
const CODE_OK = (c: string): boolean => isCountryCode(c);

/** The lenses a workshop uses (its own, or the defaults). */
export function lensesOf(store: Store, workshopId: string): LensConfig {
  return store.workshop(workshopId)?.lenses ?? DEFAULT_LENSES;
}

function checkCountries(lenses: LensConfig, codes: readonly string[]): void {
  if (codes.length === 0) return;
  if (!lenses.countries) {
    throw new CommandError(
      'lens_off',
      'The Country examples lens is switched off in this workshop',
    );
  }
  const unknown = codes.find((c: string) => !CODE_OK(c));
  if (unknown !== undefined) {
    throw new CommandError('unknown_country', `${unknown} is not an ISO 3166-1 country code`);
  }
}

function checkPbc(lenses: LensConfig, value: boolean): void {
  if (value && !lenses.pbc) {
    throw new CommandError(
      'lens_off',
      'The Peacebuilding Commission lens is switched off in this workshop',
    );
  }
}

/**
 * The tags a new idea starts with (what its author chose while writing it). The workshop's
 * lenses are read only to check a tag the idea carries: most carry none (issue 16, item 3).
 */
export function tagsFromSubmit(lenses: () => LensConfig, p: IdeaSubmit): IdeaLensTags {
  const countries = p.countries ?? [];
  const pbc = p.pbc ?? false;
  if (countries.length > 0 || pbc) {
    const config = lenses();
    checkCountries(config, countries);
    checkPbc(config, pbc);
  }
  return { countries: normalizeCountries(countries), pbc, tags: {} };
}

/** An edited idea's tags: a field the edit leaves out stays as it was. */
export function tagsFromEdit(lenses: LensConfig, idea: IdeaRow, p: IdeaEdit): IdeaLensTags {
  if (p.countries !== undefined) checkCountries(lenses, p.countries);
  if (p.pbc !== undefined) checkPbc(lenses, p.pbc);
  return {
    countries: p.countries === undefined ? idea.countries : normalizeCountries(p.countries),
    pbc: p.pbc ?? idea.pbc,
    tags: idea.tags,
  };
}

/** Checks one `idea:tag` change against the workshop's lenses. */
function checkChange(
  lenses: LensConfig,
  p: { lens: string; add?: string[] | undefined; remove?: string[] | undefined },
): void {
  const values = [...(p.add ?? []), ...(p.remove ?? [])];
  if (p.lens === 'countries') {
    if (!lenses.countries) {
      throw new CommandError('lens_off', 'The Country examples lens is switched off');
    }
    const unknown = values.find((c: string) => !CODE_OK(c));
    if (unknown !== undefined) {
      throw new CommandError(
        'unknown_country',
        `${unknown.slice(0, 40)} is not an ISO 3166-1 country code`,
      );
    }
    return;
  }
  if (p.lens === 'pbc') {
    if (!lenses.pbc) {
      throw new CommandError('lens_off', 'The Peacebuilding Commission lens is switched off');
    }
    if (values.length > 0) {
      throw new CommandError(
        'invalid_payload',
        'The pbc lens takes value (true/false), not add/remove',
      );
    }
    return;
  }
  const lens = lenses.custom.find((l) => l.id === p.lens);
  if (!lens) throw new CommandError('unknown_lens', `This workshop has no lens ${p.lens}`);
  const stray = values.find((v) => !lens.values.includes(v));
  if (stray !== undefined) {
    throw new CommandError(
      'unknown_lens_value',
      `"${stray.slice(0, 40)}" is not a value of the lens "${lens.name}"`,
    );
  }
}

/** Facilitators and rapporteurs tag any idea; a participant only their own, while editable. */
function requireTaggable(ctx: CommandContext, idea: IdeaRow): void {
  if (ctx.session.role === 'facilitator' || ctx.session.role === 'rapporteur') return;
  requireEditable(ctx, idea);
}

export const ideaTag = defineCommand('idea:tag', {
  run(ctx, p) {
    const lenses = lensesOf(ctx.store, ctx.session.workshopId);
    checkChange(lenses, p);
    const ids = [...new Set(p.ideaIds)];
    // Every idea is checked before any is changed: a batch applies whole or not at all.
    const ideas = ids.map((id) => {
      const idea = ctx.store.idea(ctx.session.workshopId, id);
      if (!idea) throw new CommandError('unknown_idea', `No idea ${id} in this workshop`);
      requireTaggable(ctx, idea);
      if (idea.status !== 'visible' && idea.status !== 'hidden') {
        throw new CommandError('unknown_idea', `Idea ${id} is ${idea.status} and cannot be tagged`);
      }
      return idea;
    });
    const changed: IdeaRow[] = [];
    for (const idea of ideas) {
      const next = applyTagChange(idea, p, lenses);
      if (sameTags(idea, next)) continue;
      const row: IdeaRow = { ...idea, ...next };
      ctx.store.setIdeaTags(row.id, row);
      changed.push(row);
    }
    return {
      reply: { ideaIds: ids },
      apply: (room) => {
        // projectIdea writes visible ideas only: a hidden one's tags wait for its reveal.
        for (const row of changed) projectIdea(ctx.store, room.doc, row);
      },
    };
  },
});

export const workshopLenses = defineCommand('workshop:lenses', {
  run({ session, store }, p) {
    // Tags of a lens switched off or removed stay on record; screens and the brief show the
    // lenses the workshop has now, so switching one back on brings its tags back.
    store.setLenses(session.workshopId, p.lenses);
    return {
      reply: {},
      apply: (room) => setWorkshopLenses(room.doc, p.lenses),
    };
  },
});
