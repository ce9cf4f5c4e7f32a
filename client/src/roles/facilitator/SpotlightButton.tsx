import { type Spotlight, setSpotlight } from '@convene/shared';
import { t } from '../../i18n/i18n.ts';
import { currentConnection, useWorkshop } from '../../stores/workshopStore.ts';

/** Puts one idea or cluster in the spotlight on the projector, or takes it out. */
export function SpotlightButton({
  target,
  label,
  compact = false,
}: {
  target: Spotlight;
  label: string;
  /** Only the star, where a cluster's header has no room for the word (its name stays in the label). */
  compact?: boolean;
}) {
  const spotlight = useWorkshop((s) => s.board?.spotlight ?? null);
  const on = spotlight?.kind === target.kind && spotlight.id === target.id;
  return (
    <button
      type="button"
      className={`btn btn--secondary btn--small${compact ? ' btn--icon' : ''}`}
      title={compact ? t.spotlight : undefined}
      aria-pressed={on}
      aria-label={`${t.spotlight}: ${label.slice(0, 60)}`}
      onClick={() => {
        const doc = currentConnection()?.doc;
        if (doc) setSpotlight(doc, on ? null : target);
      }}
    >
      {compact ? '★' : `★ ${t.spotlight}`}
    </button>
  );
}
