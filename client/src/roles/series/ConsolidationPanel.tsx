import type {
  CarrySource,
  ConsolidationReply,
  CreateConsolidation,
  CreatedWorkshopWithSeries,
} from '@convene/shared';
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import { CopyField } from '../../ui/CopyField.tsx';
import type { SeriesPanelProps } from './seriesPanel.ts';
import './consolidation.css';

/**
 * The consolidation session (issue 15, item 2): the organiser carries forward the best-supported
 * ideas of each held workshop — the top N of every question, or ideas picked from the ranked
 * lists — into a new workshop of the series, and gets its links (shown once: role links are
 * stored hashed). The sessions made so far are listed with their join codes.
 */

type Created = CreatedWorkshopWithSeries & { carried: number };

/** The top `n` ideas of every question of every source. */
function topIds(sources: readonly CarrySource[], n: number): Set<string> {
  return new Set(
    sources.flatMap((s) => s.questions.flatMap((q) => q.ideas.slice(0, n).map((i) => i.id))),
  );
}

export function ConsolidationPanel({ token, path, reload }: SeriesPanelProps) {
  const [state, setState] = useState<ConsolidationReply | null>(null);
  const [mode, setMode] = useState<'top' | 'pick'>('top');
  const [perQuestion, setPerQuestion] = useState(3);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [title, setTitle] = useState('');
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const id = useId();

  const load = useCallback(async () => {
    try {
      setState(await apiFetch<ConsolidationReply>(`${path}/consolidation`, { token }));
    } catch {
      setError(t.seriesFailed);
    }
  }, [path, token]);

  useEffect(() => {
    void load();
  }, [load]);

  if (!state) {
    return (
      <section className="card stack" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t.consolTitle}</h2>
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : (
          <p aria-busy="true">{t.loading}</p>
        )}
      </section>
    );
  }

  const n = Math.min(10, Math.max(1, perQuestion || 1));
  const willCarry =
    mode === 'top'
      ? state.sources.reduce(
          (sum, s) => sum + s.questions.reduce((k, q) => k + Math.min(n, q.ideas.length), 0),
          0,
        )
      : picked.size;

  const choose = (next: 'top' | 'pick') => {
    // Picking starts from what the top N would carry: the organiser adds and removes from there.
    if (next === 'pick' && picked.size === 0) setPicked(topIds(state.sources, n));
    setMode(next);
  };
  const toggle = (ideaId: string) => {
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(ideaId)) next.delete(ideaId);
      else next.add(ideaId);
      return next;
    });
  };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: CreateConsolidation = {
      ...(mode === 'top' ? { perQuestion: n } : { picks: [...picked] }),
      ...(title.trim() ? { title: title.trim() } : {}),
      ...(date ? { date } : {}),
    };
    try {
      const reply = await apiFetch<Created>(`${path}/consolidation`, {
        method: 'POST',
        token,
        body,
      });
      setCreated(reply);
      await Promise.all([load(), reload()]);
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 0 ? err.message : t.consolFailed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack consolidation" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t.consolTitle}</h2>
      <p className="hint">{t.consolHint}</p>
      <p className="muted small">
        {state.basis === 'plan' ? t.consolBasisPlan : t.consolBasisWorkshops}
      </p>
      {created ? (
        <div className="stack consolidation__created" role="status">
          <p>
            <strong>{t.consolCreated(created.carried)}</strong>
          </p>
          <CopyField label={t.linkFacilitator} value={created.links.facilitator} newWindow />
          <CopyField label={t.linkParticipant} value={created.links.participant} newWindow />
          <CopyField label={t.linkProjector} value={created.links.projector} newWindow />
          <CopyField label={t.linkRapporteur} value={created.links.rapporteur} newWindow />
        </div>
      ) : null}
      {state.sessions.length > 0 ? (
        <div className="stack">
          <h3 className="consolidation__subhead">{t.consolSessions}</h3>
          <ul className="consolidation__sessions">
            {state.sessions.map((s) => (
              <li key={s.id}>
                <strong>{s.title}</strong>{' '}
                <span className="muted small">{t.consolSessionLine(s.joinCode, s.ideas)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {state.sources.length === 0 ? (
        <p className="muted">{t.consolNothing}</p>
      ) : (
        <form className="stack" onSubmit={create}>
          <fieldset className="fieldset-plain stack">
            <legend className="label">{t.consolHow}</legend>
            <label className="checkbox">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === 'top'}
                onChange={() => choose('top')}
              />{' '}
              {t.consolModeTop}
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name={`${id}-mode`}
                checked={mode === 'pick'}
                onChange={() => choose('pick')}
              />{' '}
              {t.consolModePick}
            </label>
          </fieldset>
          {mode === 'top' ? (
            <div className="field consolidation__n">
              <label htmlFor={`${id}-n`}>{t.consolPerQuestion}</label>
              <input
                id={`${id}-n`}
                type="number"
                min={1}
                max={10}
                value={perQuestion}
                onChange={(e) => setPerQuestion(Number(e.target.value))}
              />
            </div>
          ) : (
            <div className="stack">
              {state.sources.map((s) => (
                <details key={s.workshopId} className="consolidation__source">
                  <summary>
                    {t.consolWorkshop(s.origin.number, s.origin.topic)}{' '}
                    <span className="muted small">
                      (
                      {t.consolPicked(
                        s.questions.reduce(
                          (k, q) => k + q.ideas.filter((i) => picked.has(i.id)).length,
                          0,
                        ),
                      )}
                      )
                    </span>
                  </summary>
                  {s.questions.map((q) => (
                    <fieldset key={q.id} className="fieldset-plain consolidation__question">
                      <legend className="label">{q.prompt}</legend>
                      <ul className="consolidation__ideas">
                        {q.ideas.map((i) => (
                          <li key={i.id}>
                            <label className="consolidation__idea">
                              <input
                                type="checkbox"
                                checked={picked.has(i.id)}
                                onChange={() => toggle(i.id)}
                              />
                              <span>
                                {i.text}{' '}
                                <span className="muted small">{t.consolRank(i.rank, i.votes)}</span>
                              </span>
                            </label>
                          </li>
                        ))}
                      </ul>
                    </fieldset>
                  ))}
                </details>
              ))}
            </div>
          )}
          <div className="grid-2">
            <div className="field">
              <label htmlFor={`${id}-title-input`}>{t.consolSessionTitle}</label>
              <input
                id={`${id}-title-input`}
                type="text"
                maxLength={200}
                value={title}
                onChange={(e) => setTitle(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${id}-date`}>{t.consolDate}</label>
              <input
                id={`${id}-date`}
                type="date"
                value={date}
                onChange={(e) => setDate(e.target.value)}
              />
            </div>
          </div>
          {error ? (
            <p className="error-text" role="alert">
              {error}
            </p>
          ) : null}
          <div className="row">
            <button type="submit" className="btn" disabled={busy || willCarry === 0}>
              {busy ? t.creating : t.consolCreate}
            </button>
            <span className="muted" aria-live="polite">
              {t.consolWillCarry(willCarry)}
            </span>
          </div>
        </form>
      )}
    </section>
  );
}
