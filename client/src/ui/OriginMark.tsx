import type { IdeaOrigin } from '@convene/shared';
import { t } from '../i18n/i18n.ts';
import './originMark.css';

/**
 * Where an idea of a consolidation session came from (issue 15): "From workshop 2 · <topic>",
 * one marker per workshop (a merge unites them). Small and quiet, on one line (the whole text in
 * its title): the idea's text comes first.
 * On the projector's wall (`wall`) it is shorter ("W2 · <topic>") and kept to one line (cut by
 * an ellipsis), so that the wall still fits its ideas; the spotlight and every other screen show
 * it whole.
 */
export function OriginMark({
  origins,
  wall = false,
}: {
  origins: readonly IdeaOrigin[] | undefined;
  wall?: boolean;
}) {
  if (!origins || origins.length === 0) return null;
  return (
    <ul className={`origin-marks${wall ? ' origin-marks--wall' : ''}`} aria-label={t.originsLabel}>
      {origins.map((o) => (
        <li
          key={`${o.workshopId ?? ''}:${o.number ?? ''}:${o.topic}`}
          className="origin-mark"
          title={t.originFrom(o.number, o.topic)}
        >
          {/* The wall's short form is read under the list's label ("Carried forward from"). */}
          {wall ? t.originShort(o.number, o.topic) : t.originFrom(o.number, o.topic)}
        </li>
      ))}
    </ul>
  );
}

/** What changes an idea's origin markers (for layouts that re-measure when content changes). */
export function originSignature(origins: readonly IdeaOrigin[] | undefined): string {
  return (origins ?? []).map((o) => `${o.number}:${o.topic.length}`).join('.');
}
