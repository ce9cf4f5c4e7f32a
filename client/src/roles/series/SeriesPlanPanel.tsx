import type {
  AddTopic,
  CreatedWorkshopWithSeries,
  PlanChange,
  SeriesPlanReply,
  SeriesTopic,
  SeriesWorkshop,
  TopicStatus,
  UpdateTopic,
} from '@convene/shared';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { formatDate, t, useLanguage } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import { CopyField } from '../../ui/CopyField.tsx';
import type { SeriesPanelProps } from './seriesPanel.ts';

/**
 * The series plan (issue 15, item 1): numbered topics with their planned date, host (the
 * rotation's unless set by hand) and status; topics are added, edited, moved by buttons and
 * dropped as the series goes on, and each change is listed in the plan's history. A planned
 * topic becomes its workshop with one click; the page proposes marking a topic held once every
 * question of its workshop is closed (the organiser decides).
 */

const STATUSES: readonly TopicStatus[] = ['planned', 'scheduled', 'held', 'dropped'];

export function statusLabel(s: TopicStatus): string {
  switch (s) {
    case 'planned':
      return t.planStatusPlanned;
    case 'scheduled':
      return t.planStatusScheduled;
    case 'held':
      return t.planStatusHeld;
    case 'dropped':
      return t.planStatusDropped;
  }
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** What a change's before/after say, in the reader's language (statuses, dates). */
function shown(change: PlanChange['change'], v: string | null): string | null {
  if (v === null) return null;
  if (change === 'status') return statusLabel(v as TopicStatus);
  if (change === 'dated') return formatDate(v);
  return v;
}

function describe(h: PlanChange): string {
  return t.planChange(h.change, h.topic, shown(h.change, h.before), shown(h.change, h.after));
}

export function SeriesPlanPanel({ token, path, series, reload }: SeriesPanelProps) {
  useLanguage();
  const [plan, setPlan] = useState<SeriesPlanReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditingState] = useState<string | null>(null);
  const table = useRef<HTMLTableElement>(null);
  // Keyboard users land in the form that opens, and back on its Edit button when it closes.
  const returnTo = useRef<string | null>(null);
  const setEditing = (id: string | null) => {
    if (id === null) returnTo.current = editing;
    setEditingState(id);
  };
  useEffect(() => {
    const root = table.current;
    if (!root) return;
    if (editing) {
      root.querySelector<HTMLInputElement>(`#topic-title-${CSS.escape(editing)}`)?.focus();
    } else if (returnTo.current) {
      root
        .querySelector<HTMLButtonElement>(`[data-edit="${CSS.escape(returnTo.current)}"]`)
        ?.focus();
      returnTo.current = null;
    }
  }, [editing]);
  const [created, setCreated] = useState<{
    title: string;
    reply: CreatedWorkshopWithSeries;
  } | null>(null);

  const load = useCallback(async () => {
    try {
      setPlan(await apiFetch<SeriesPlanReply>(`${path}/plan`, { token }));
    } catch {
      setError(t.seriesFailed);
    }
  }, [path, token]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(err instanceof ApiError && err.status !== 0 ? err.message : t.seriesFailed);
    } finally {
      setBusy(false);
    }
  };

  const update = (topic: SeriesTopic, body: UpdateTopic) =>
    act(async () => {
      setPlan(
        await apiFetch<SeriesPlanReply>(`${path}/topics/${encodeURIComponent(topic.id)}`, {
          method: 'PATCH',
          token,
          body,
        }),
      );
      setEditing(null);
    });

  const createWorkshop = (topic: SeriesTopic) =>
    act(async () => {
      const reply = await apiFetch<CreatedWorkshopWithSeries>(
        `${path}/topics/${encodeURIComponent(topic.id)}/workshop`,
        { method: 'POST', token, body: {} },
      );
      setCreated({ title: topic.title, reply });
      await Promise.all([load(), reload()]);
    });

  if (!plan) {
    return (
      <section className="card stack" aria-labelledby="plan-title">
        <h2 id="plan-title">{t.planTitle}</h2>
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

  const workshopOf = new Map(series.workshops.map((w) => [w.id, w]));
  const live = plan.topics.filter((p) => p.status !== 'dropped');

  return (
    <section className="card stack" aria-labelledby="plan-title">
      <h2 id="plan-title">{t.planTitle}</h2>
      <p className="hint">{t.planHint}</p>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      {created ? (
        <div className="stack plan-created" role="status">
          <p>
            <strong>{t.planCreated(created.title)}</strong>
          </p>
          <CopyField label={t.linkFacilitator} value={created.reply.links.facilitator} />
          <CopyField label={t.linkParticipant} value={created.reply.links.participant} />
          <CopyField label={t.linkRapporteur} value={created.reply.links.rapporteur} />
          <CopyField label={t.linkProjector} value={created.reply.links.projector} />
        </div>
      ) : null}
      {plan.topics.length === 0 ? (
        <p className="muted">{t.planEmpty}</p>
      ) : (
        <table className="series-table-like plan-table" ref={table}>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t.planColNumber}
              </th>
              <th scope="col">{t.planColTopic}</th>
              <th scope="col">{t.planColDate}</th>
              <th scope="col">{t.planColHost}</th>
              <th scope="col">{t.planColStatus}</th>
              <th scope="col">
                <span className="visually-hidden">{t.seriesColActions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {plan.topics.map((topic, i) =>
              editing === topic.id ? (
                <tr key={topic.id}>
                  <td colSpan={6}>
                    <TopicForm
                      topic={topic}
                      busy={busy}
                      onCancel={() => setEditing(null)}
                      onSave={(body) => update(topic, body)}
                    />
                  </td>
                </tr>
              ) : (
                <TopicRow
                  key={topic.id}
                  topic={topic}
                  workshop={topic.workshopId ? workshopOf.get(topic.workshopId) : undefined}
                  first={i === 0}
                  last={i === plan.topics.length - 1}
                  busy={busy}
                  onMove={(by) => update(topic, { position: i + 1 + by })}
                  onEdit={() => setEditing(topic.id)}
                  onHeld={() => update(topic, { status: 'held' })}
                  onCreate={() => createWorkshop(topic)}
                />
              ),
            )}
          </tbody>
        </table>
      )}
      <details className="plan-add" open={live.length === 0}>
        <summary>{t.planAddTitle}</summary>
        <TopicForm
          busy={busy}
          onSave={(body) =>
            act(async () => {
              setPlan(
                await apiFetch<SeriesPlanReply>(`${path}/topics`, {
                  method: 'POST',
                  token,
                  body: body as AddTopic,
                }),
              );
            })
          }
        />
      </details>
      <PlanHistory history={plan.history} />
    </section>
  );
}

function TopicRow({
  topic,
  workshop,
  first,
  last,
  busy,
  onMove,
  onEdit,
  onHeld,
  onCreate,
}: {
  topic: SeriesTopic;
  workshop: SeriesWorkshop | undefined;
  first: boolean;
  last: boolean;
  busy: boolean;
  onMove: (by: -1 | 1) => void;
  onEdit: () => void;
  onHeld: () => void;
  onCreate: () => void;
}) {
  const dropped = topic.status === 'dropped';
  const allClosed =
    workshop !== undefined && workshop.questions > 0 && workshop.done === workshop.questions;
  return (
    <tr className={dropped ? 'plan-row plan-row--dropped' : 'plan-row'}>
      <td className="num" data-label={t.planColNumber}>
        {topic.number ?? '—'}
      </td>
      <td data-label={t.planColTopic}>
        <strong className="plan-row__title">{topic.title}</strong>
        <div className="muted small">{t.planQuestions(topic.questions.length)}</div>
      </td>
      <td data-label={t.planColDate}>
        {topic.plannedDate ? (
          formatDate(topic.plannedDate)
        ) : (
          <span className="muted">{t.planNoDate}</span>
        )}
      </td>
      <td data-label={t.planColHost}>
        {topic.host ?? <span className="muted">{t.planNoHost}</span>}
        {topic.host && topic.hostRotates ? (
          <div className="muted small">{t.planByRotation}</div>
        ) : null}
      </td>
      <td data-label={t.planColStatus}>
        <span className={`plan-status plan-status--${topic.status}`}>
          {statusLabel(topic.status)}
        </span>
        {topic.status === 'scheduled' && allClosed ? (
          <div className="muted small">{t.planAllClosed}</div>
        ) : null}
      </td>
      <td className="plan-row__actions">
        <div className="row">
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={busy || first}
            onClick={() => onMove(-1)}
            aria-label={t.planMoveUp(topic.title)}
            title={t.planMoveUp(topic.title)}
          >
            ↑
          </button>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={busy || last}
            onClick={() => onMove(1)}
            aria-label={t.planMoveDown(topic.title)}
            title={t.planMoveDown(topic.title)}
          >
            ↓
          </button>
          <button
            type="button"
            className="btn btn--secondary btn--small"
            disabled={busy}
            onClick={onEdit}
            data-edit={topic.id}
            aria-label={t.planEditLabel(topic.title)}
          >
            {t.planEdit}
          </button>
          {!topic.workshopId && !dropped ? (
            <button
              type="button"
              className="btn btn--small"
              disabled={busy || topic.questions.length === 0}
              onClick={onCreate}
              aria-label={t.planCreateLabel(topic.title)}
              title={topic.questions.length === 0 ? t.planNeedsQuestions : undefined}
            >
              {t.planCreateWorkshop}
            </button>
          ) : null}
          {topic.status === 'scheduled' && allClosed ? (
            <button
              type="button"
              className="btn btn--small"
              disabled={busy}
              onClick={onHeld}
              aria-label={t.planMarkHeldLabel(topic.title)}
            >
              {t.planMarkHeld}
            </button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

/** Adds a topic, or edits one (then only what changed is sent). */
function TopicForm({
  topic,
  busy,
  onSave,
  onCancel,
}: {
  topic?: SeriesTopic;
  busy: boolean;
  onSave: (body: UpdateTopic) => void;
  onCancel?: () => void;
}) {
  const [title, setTitle] = useState(topic?.title ?? '');
  const [questions, setQuestions] = useState((topic?.questions ?? []).join('\n'));
  const [date, setDate] = useState(topic?.plannedDate ?? '');
  const [host, setHost] = useState(topic && !topic.hostRotates ? (topic.host ?? '') : '');
  const [status, setStatus] = useState<TopicStatus>(topic?.status ?? 'planned');
  const id = topic?.id ?? 'new';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: UpdateTopic = {};
    const qs = lines(questions);
    if (!topic || title.trim() !== topic.title) body.title = title.trim();
    if (!topic || JSON.stringify(qs) !== JSON.stringify(topic.questions)) body.questions = qs;
    if (!topic || (date || null) !== topic.plannedDate) body.plannedDate = date || null;
    const hostNow = topic && !topic.hostRotates ? topic.host : null;
    if (!topic || (host.trim() || null) !== hostNow) body.host = host.trim() || null;
    if (topic && status !== topic.status) body.status = status;
    if (Object.keys(body).length === 0) return onCancel?.();
    onSave(body);
    if (!topic) {
      setTitle('');
      setQuestions('');
      setDate('');
      setHost('');
    }
  };

  // A topic with a workshop is scheduled or held: it cannot be planned again or dropped.
  const statuses = topic?.workshopId
    ? STATUSES.filter((s) => s === 'scheduled' || s === 'held')
    : STATUSES;

  return (
    <form className="stack topic-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`topic-title-${id}`}>{t.planFieldTitle}</label>
        <input
          id={`topic-title-${id}`}
          type="text"
          required
          maxLength={200}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`topic-questions-${id}`}>{t.planFieldQuestions}</label>
        <textarea
          id={`topic-questions-${id}`}
          rows={3}
          value={questions}
          onChange={(e) => setQuestions(e.target.value)}
        />
      </div>
      <div className="topic-form__row">
        <div className="field">
          <label htmlFor={`topic-date-${id}`}>{t.planFieldDate}</label>
          <input
            id={`topic-date-${id}`}
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`topic-host-${id}`}>{t.planFieldHost}</label>
          <input
            id={`topic-host-${id}`}
            type="text"
            maxLength={200}
            value={host}
            placeholder={topic?.hostRotates ? (topic.host ?? '') : ''}
            onChange={(e) => setHost(e.target.value)}
          />
        </div>
        {topic ? (
          <div className="field">
            <label htmlFor={`topic-status-${id}`}>{t.planFieldStatus}</label>
            <select
              id={`topic-status-${id}`}
              value={status}
              onChange={(e) => setStatus(e.target.value as TopicStatus)}
            >
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      <div className="row">
        <button type="submit" className="btn btn--small" disabled={busy || !title.trim()}>
          {topic ? t.planSave : t.planAdd}
        </button>
        {onCancel ? (
          <button type="button" className="btn btn--secondary btn--small" onClick={onCancel}>
            {t.planCancel}
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** The plan's history, newest first, each change with when it was made. */
function PlanHistory({ history }: { history: PlanChange[] }) {
  if (history.length === 0) return null;
  const when = (iso: string) =>
    new Intl.DateTimeFormat(document.documentElement.lang || 'en', {
      dateStyle: 'medium',
      timeStyle: 'short',
    }).format(new Date(iso));
  return (
    <details className="plan-history">
      <summary>{t.planHistory(history.length)}</summary>
      <ol className="plan-history__list" reversed>
        {[...history].reverse().map((h) => (
          <li key={h.seq}>
            <time dateTime={h.at} className="muted small">
              {when(h.at)}
            </time>{' '}
            {describe(h)}
          </li>
        ))}
      </ol>
    </details>
  );
}
