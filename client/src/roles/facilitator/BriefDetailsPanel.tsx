import { DETAIL_LIMITS, type WorkshopDetails } from '@convene/shared';
import { type FormEvent, useId, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import {
  BriefDetailsFields,
  type DetailsDraft,
  detailsDraftOf,
  detailsPayload,
} from '../../ui/BriefDetailsFields.tsx';

/**
 * "Brief details" on the facilitator's screen (issue 14): what the meeting brief says about the
 * workshop — its language, co-organisers, number in the series, participants by type, context,
 * the questions' short titles — and the names expected in the room, which only the name check
 * reads. Folded away while the room runs; loaded when opened, saved with `PATCH
 * /api/workshops/:id` (the `workshop:update` command).
 */
export function BriefDetailsPanel({ workshopId, token }: { workshopId: string; token: string }) {
  const ids = useId();
  const [draft, setDraft] = useState<DetailsDraft | null>(null);
  const [titles, setTitles] = useState<WorkshopDetails['questions']>([]);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/workshops/${encodeURIComponent(workshopId)}`;

  const show = (d: WorkshopDetails) => {
    setDraft(detailsDraftOf(d));
    setTitles(d.questions);
  };

  const load = async () => {
    if (draft || busy) return;
    setBusy(true);
    try {
      show(await apiFetch<WorkshopDetails>(`${path}/details`, { token }));
    } catch {
      setStatus({ ok: false, text: t.detailsLoadFailed });
    } finally {
      setBusy(false);
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    setBusy(true);
    setStatus(null);
    try {
      const body = {
        ...detailsPayload(draft),
        shortTitles: Object.fromEntries(titles.map((q) => [q.id, q.shortTitle?.trim() || null])),
      };
      show(await apiFetch<WorkshopDetails>(path, { method: 'PATCH', token, body }));
      setStatus({ ok: true, text: t.detailsSaved });
    } catch (err) {
      const why = err instanceof ApiError ? err.message : String(err);
      setStatus({ ok: false, text: t.detailsFailed(why) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details
      className="card brief-details-panel"
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) void load();
      }}
    >
      <summary>
        <h2 className="brief-details-panel__title">{t.briefDetailsTitle}</h2>
      </summary>
      <p className="hint">{t.briefDetailsHint}</p>
      {draft ? (
        <form className="stack" onSubmit={save}>
          <BriefDetailsFields value={draft} onChange={setDraft} />
          {titles.map((q, i) => (
            <div className="field" key={q.id}>
              <label htmlFor={`${ids}-title-${q.id}`}>{t.fieldShortTitle(i + 1)}</label>
              <input
                id={`${ids}-title-${q.id}`}
                type="text"
                maxLength={DETAIL_LIMITS.shortTitle}
                placeholder={q.prompt}
                value={q.shortTitle ?? ''}
                onChange={(e) => {
                  const value = e.target.value;
                  setTitles((list) =>
                    list.map((x) => (x.id === q.id ? { ...x, shortTitle: value } : x)),
                  );
                }}
              />
            </div>
          ))}
          <div>
            <button type="submit" className="btn" disabled={busy}>
              {t.saveDetails}
            </button>
          </div>
        </form>
      ) : null}
      {status ? (
        <p className={status.ok ? 'small' : 'error-text'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </p>
      ) : null}
    </details>
  );
}
