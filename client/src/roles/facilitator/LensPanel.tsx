import type { LensConfig } from '@convene/shared';
import { useEffect, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { sendCommand } from '../../net/commands.ts';
import {
  configOf,
  draftOf,
  type LensesDraft,
  LensSettings,
} from '../../ui/lenses/LensSettings.tsx';

/** The facilitator's lens settings (`workshop:lenses`), in a collapsed part of the side bar. */
export function LensPanel({ lenses }: { lenses: LensConfig }) {
  const [draft, setDraft] = useState<LensesDraft>(() => draftOf(lenses));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const saved = JSON.stringify(lenses);
  // Another facilitator's change arrives through the doc: the form follows it.
  useEffect(() => setDraft(draftOf(JSON.parse(saved) as LensConfig)), [saved]);
  const save = async () => {
    const config = configOf(draft);
    if (!config) {
      setMessage({ ok: false, text: t.lensIncomplete });
      return;
    }
    const r = await sendCommand('workshop:lenses', { lenses: config });
    setMessage(r.ok ? { ok: true, text: t.lensesSaved } : { ok: false, text: r.error.message });
  };
  return (
    <details className="lens-panel">
      <summary>{t.lenses}</summary>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <LensSettings value={draft} onChange={setDraft} hideLegend />
        <div>
          <button type="submit" className="btn btn--small">
            {t.saveLenses}
          </button>
        </div>
        {message ? (
          <p className={message.ok ? 'small' : 'error-text small'} role="status">
            {message.text}
          </p>
        ) : null}
      </form>
    </details>
  );
}
