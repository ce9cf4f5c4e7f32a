import {
  type CreatedWorkshopWithSeries as CreatedWorkshop,
  type CreateWorkshopInput,
  LIMITS,
  type WorkshopSummary,
} from '@convene/shared';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { formatDate, t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import { rememberToken } from '../../net/tokens.ts';
import { CopyField } from '../../ui/CopyField.tsx';
import { TopBar } from '../../ui/TopBar.tsx';

interface DraftQuestion {
  key: number;
  prompt: string;
  minutes: string;
}

const seriesKey = (name: string) => `convene:series-token:${name.trim().toLowerCase()}`;
const rememberedSeriesToken = (name: string) => localStorage.getItem(seriesKey(name));
const rememberSeriesToken = (name: string, token: string) =>
  localStorage.setItem(seriesKey(name), token);

let nextKey = 1;
const blankQuestion = (): DraftQuestion => ({ key: nextKey++, prompt: '', minutes: '' });

/** The organiser's page: create a workshop, get its four links; see this server's workshops. */
export function HomeScreen() {
  const [created, setCreated] = useState<CreatedWorkshop | null>(null);
  return (
    <>
      <TopBar title={t.organiser} />
      <main className="page">
        {created ? <CreatedLinks created={created} /> : <CreateForm onCreated={setCreated} />}
        <WorkshopList refreshKey={created?.id ?? ''} />
      </main>
    </>
  );
}

function CreateForm({ onCreated }: { onCreated: (w: CreatedWorkshop) => void }) {
  const ids = useId();
  const [title, setTitle] = useState('');
  const [series, setSeries] = useState('');
  const [host, setHost] = useState('');
  const [date, setDate] = useState('');
  const [duration, setDuration] = useState('120');
  const [questions, setQuestions] = useState<DraftQuestion[]>([blankQuestion()]);
  const [chatham, setChatham] = useState(true);
  const [budget, setBudget] = useState('3');
  const [maxPerIdea, setMaxPerIdea] = useState('1');
  const [adminToken, setAdminToken] = useState('');
  const [needsAdmin, setNeedsAdmin] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const updateQuestion = (key: number, patch: Partial<DraftQuestion>) =>
    setQuestions((qs) => qs.map((q) => (q.key === key ? { ...q, ...patch } : q)));
  const move = (index: number, delta: number) =>
    setQuestions((qs) => {
      const next = [...qs];
      const [item] = next.splice(index, 1);
      if (item) next.splice(index + delta, 0, item);
      return next;
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: CreateWorkshopInput = {
      title,
      questions: questions
        .filter((q) => q.prompt.trim() !== '')
        .map((q) => ({
          prompt: q.prompt,
          ...(q.minutes ? { plannedMinutes: Number(q.minutes) } : {}),
        })),
      chathamHouse: chatham,
      voteBudget: Number(budget),
      maxVotesPerIdea: Number(maxPerIdea),
      ...(series.trim() ? { series } : {}),
      // A series made from this browser before: its token files the new workshop in it.
      ...(series.trim() && rememberedSeriesToken(series)
        ? { seriesToken: rememberedSeriesToken(series) ?? '' }
        : {}),
      ...(host.trim() ? { host } : {}),
      ...(date ? { date } : {}),
      ...(duration ? { durationMinutes: Number(duration) } : {}),
    };
    try {
      const created = await apiFetch<CreatedWorkshop>('/api/workshops', {
        method: 'POST',
        body,
        token: adminToken || null,
      });
      if (created.series?.token) rememberSeriesToken(created.series.name, created.series.token);
      rememberToken('facilitator', created.id, created.facilitatorToken);
      rememberToken('rapporteur', created.id, created.rapporteurToken);
      rememberToken('projector', created.id, created.projectorToken);
      onCreated(created);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setNeedsAdmin(true);
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={`${ids}-h`}>
      <h2 id={`${ids}-h`}>{t.createTitle}</h2>
      <p className="muted">{t.tagline}</p>
      <div className="field">
        <label htmlFor={`${ids}-title`}>{t.fieldTitle}</label>
        <input
          id={`${ids}-title`}
          type="text"
          required
          maxLength={LIMITS.title}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${ids}-series`}>{t.fieldSeries}</label>
          <input
            id={`${ids}-series`}
            type="text"
            maxLength={LIMITS.title}
            value={series}
            onChange={(e) => setSeries(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-host`}>{t.fieldHost}</label>
          <input
            id={`${ids}-host`}
            type="text"
            maxLength={LIMITS.host}
            value={host}
            onChange={(e) => setHost(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-date`}>{t.fieldDate}</label>
          <input
            id={`${ids}-date`}
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-duration`}>{t.fieldDuration}</label>
          <input
            id={`${ids}-duration`}
            type="number"
            min={5}
            max={1440}
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
          />
        </div>
      </div>

      <fieldset className="stack card">
        <legend className="label">{t.fieldQuestions}</legend>
        {questions.map((q, i) => (
          <div key={q.key} className="row">
            <div className="field" style={{ flex: '1 1 20rem' }}>
              <label htmlFor={`${ids}-q${q.key}`}>{t.fieldPrompt(i + 1)}</label>
              <textarea
                id={`${ids}-q${q.key}`}
                rows={2}
                maxLength={LIMITS.questionPrompt}
                required={i === 0}
                value={q.prompt}
                onChange={(e) => updateQuestion(q.key, { prompt: e.target.value })}
              />
            </div>
            <div className="field" style={{ width: '6rem' }}>
              <label htmlFor={`${ids}-m${q.key}`}>{t.fieldPlanned}</label>
              <input
                id={`${ids}-m${q.key}`}
                type="number"
                min={1}
                max={600}
                value={q.minutes}
                onChange={(e) => updateQuestion(q.key, { minutes: e.target.value })}
              />
            </div>
            <div className="row" style={{ alignSelf: 'flex-end' }}>
              <button
                type="button"
                className="btn btn--secondary btn--icon"
                aria-label={t.moveUp(i + 1)}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </button>
              <button
                type="button"
                className="btn btn--secondary btn--icon"
                aria-label={t.moveDown(i + 1)}
                disabled={i === questions.length - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className="btn btn--secondary btn--icon"
                aria-label={t.removeQuestion(i + 1)}
                disabled={questions.length === 1}
                onClick={() => setQuestions((qs) => qs.filter((x) => x.key !== q.key))}
              >
                ✕
              </button>
            </div>
          </div>
        ))}
        <p className="hint" aria-live="polite">
          {t.plannedTotal(
            questions.reduce((sum, q) => sum + (Number(q.minutes) || 0), 0),
            Number(duration) || 0,
          )}
        </p>
        <div>
          <button
            type="button"
            className="btn btn--secondary"
            disabled={questions.length >= LIMITS.questionsPerWorkshop}
            onClick={() => setQuestions((qs) => [...qs, blankQuestion()])}
          >
            + {t.addQuestion}
          </button>
        </div>
      </fieldset>

      <label className="checkbox">
        <input type="checkbox" checked={chatham} onChange={(e) => setChatham(e.target.checked)} />
        <span>{t.fieldChatham}</span>
      </label>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${ids}-budget`}>{t.fieldBudget}</label>
          <input
            id={`${ids}-budget`}
            type="number"
            min={1}
            max={LIMITS.maxVoteBudget}
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-max`}>{t.fieldMaxPerIdea}</label>
          <input
            id={`${ids}-max`}
            type="number"
            min={1}
            max={Number(budget) || 1}
            value={maxPerIdea}
            onChange={(e) => setMaxPerIdea(e.target.value)}
          />
        </div>
      </div>
      {needsAdmin ? (
        <div className="field">
          <label htmlFor={`${ids}-admin`}>{t.fieldAdminToken}</label>
          <input
            id={`${ids}-admin`}
            type="password"
            autoComplete="off"
            value={adminToken}
            onChange={(e) => setAdminToken(e.target.value)}
          />
        </div>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <div>
        <button type="submit" className="btn" disabled={busy}>
          {busy ? t.creating : t.create}
        </button>
      </div>
    </form>
  );
}

function CreatedLinks({ created }: { created: CreatedWorkshop }) {
  return (
    <section className="card stack" aria-labelledby="created-h">
      <h2 id="created-h">{t.createdTitle}</h2>
      <p className="muted">{t.createdHint}</p>
      <p>
        {t.joinCode}: <strong className="projector__code-inline">{created.joinCode}</strong>
      </p>
      <CopyField label={t.linkFacilitator} value={created.links.facilitator} />
      <CopyField label={t.linkParticipant} value={created.links.participant} />
      <CopyField label={t.linkProjector} value={created.links.projector} newWindow />
      <CopyField label={t.linkRapporteur} value={created.links.rapporteur} />
      {created.series?.link ? <CopyField label={t.linkSeries} value={created.series.link} /> : null}
      {created.seriesNotJoined ? (
        <p className="error-text" role="status">
          {t.seriesNotJoined(created.seriesNotJoined.name)}
        </p>
      ) : null}
    </section>
  );
}

function WorkshopList({ refreshKey }: { refreshKey: string }) {
  const [list, setList] = useState<WorkshopSummary[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey changes when a workshop is created, to reload the list
  useEffect(() => {
    apiFetch<{ workshops: WorkshopSummary[] }>('/api/workshops')
      .then((r) => setList(r.workshops))
      .catch(() => setList(null));
  }, [refreshKey]);
  if (!list) return null;
  return (
    <section className="card" aria-labelledby="list-h">
      <h2 id="list-h">{t.serverWorkshops}</h2>
      {list.length === 0 ? (
        <p className="muted">{t.noWorkshops}</p>
      ) : (
        <ul>
          {list.map((w) => (
            <li key={w.id}>
              <strong>{w.title}</strong>
              <span className="muted small">
                {' '}
                — {w.date ? formatDate(w.date) : ''}
                {w.host ? ` · ${w.host}` : ''} · {t.ideasCount(w.ideaCount)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
