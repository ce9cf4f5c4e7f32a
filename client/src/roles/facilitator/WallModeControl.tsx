import { setWallMode, type WallMode } from '@convene/shared';
import { t } from '../../i18n/i18n.ts';
import { currentConnection, useWorkshop } from '../../stores/workshopStore.ts';

/** The facilitator's choice of what the projector wall does with more ideas than fit. */
export function WallModeControl() {
  const mode = useWorkshop((s) => s.board?.wallMode ?? 'page');
  return (
    <label className="stack small">
      <span>{t.wallMode}</span>
      <select
        className="wall-mode"
        value={mode}
        onChange={(e) => {
          const doc = currentConnection()?.doc;
          const next: WallMode = e.target.value === 'newest' ? 'newest' : 'page';
          if (doc) setWallMode(doc, next);
        }}
      >
        <option value="page">{t.wallModePage}</option>
        <option value="newest">{t.wallModeNewest}</option>
      </select>
    </label>
  );
}
