import { countryName, type IdeaLensTags, type LensConfig, orderedValues } from '@convene/shared';
import { currentLanguage, t } from '../../i18n/i18n.ts';
import './lenses.css';

/**
 * An idea's lens tags as small markers: country names in the reader's language, "PBC" (its
 * full name for screen readers), custom lens values. Only lenses the workshop has on are shown.
 */
export function LensMarkers({
  idea,
  lenses,
  wall = false,
}: {
  idea: IdeaLensTags;
  lenses: LensConfig;
  /** The projector's look: larger type, no list semantics needed beyond the card. */
  wall?: boolean;
}) {
  const lang = currentLanguage();
  const countries = lenses.countries ? idea.countries : [];
  const custom = lenses.custom.flatMap((lens) =>
    orderedValues(lens, idea.tags[lens.id] ?? []).map((v) => ({ lens, value: v })),
  );
  const pbc = lenses.pbc && idea.pbc;
  if (countries.length === 0 && !pbc && custom.length === 0) return null;
  return (
    <ul className={`lens-markers${wall ? ' lens-markers--wall' : ''}`} aria-label={t.tags}>
      {countries.map((c) => (
        <li key={c} className="lens-marker lens-marker--country">
          {countryName(c, lang)}
        </li>
      ))}
      {pbc ? (
        <li className="lens-marker lens-marker--pbc">
          <abbr title={t.lensPbc}>{t.pbcShort}</abbr>
          <span className="visually-hidden"> — {t.lensPbc}</span>
        </li>
      ) : null}
      {custom.map(({ lens, value }) => (
        <li key={`${lens.id}:${value}`} className="lens-marker lens-marker--custom">
          <span className="visually-hidden">{lens.name}: </span>
          {value}
        </li>
      ))}
    </ul>
  );
}

/** What changes an idea's markers (for layouts that re-measure when content changes). */
export function lensSignature(idea: IdeaLensTags): string {
  return `${idea.countries.join('.')}|${idea.pbc ? 1 : 0}|${JSON.stringify(idea.tags)}`;
}
