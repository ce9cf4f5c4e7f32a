import {
  type CreatedWorkshopWithSeries as CreatedWorkshop,
  type CreateWorkshopInput,
  DEFAULT_LENSES,
  DETAIL_LIMITS,
  LIMITS,
  type WorkshopSummary,
} from '@convene/shared';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { currentLanguage, formatDate, t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import { STORAGE_KEYS } from '../../net/storageKeys.ts';
import { rememberToken } from '../../net/tokens.ts';
import {
  forgetMyWorkshop,
  type MyWorkshop,
  myWorkshops,
  rememberMyWorkshop,
} from '../../stores/myWorkshops.ts';
import { BriefDetailsFields, blankDetails, detailsPayload } from '../../ui/BriefDetailsFields.tsx';
import { CopyField } from '../../ui/CopyField.tsx';
import {
  configOf,
  draftOf,
  type LensesDraft,
  LensSettings,
} from '../../ui/lenses/LensSettings.tsx';
import { TopBar } from '../../ui/TopBar.tsx';

interface DraftQuestion {
  key: number;
  prompt: string;
  minutes: string;
  /** The brief's heading for the question (issue 14; empty: derived from the prompt). */
  shortTitle: string;
}

const seriesKey = STORAGE_KEYS.seriesTokenByName;
const rememberedSeriesToken = (name: string) => localStorage.getItem(seriesKey(name));
const rememberSeriesToken = (name: string, token: string) =>
  localStorage.setItem(seriesKey(name), token);

let nextKey = 1;
const blankQuestion = (): DraftQuestion => ({
  key: nextKey++,
  prompt: '',
  minutes: '',
  shortTitle: '',
});

/** The address of the organiser's page showing one workshop's links (Back and reload keep it). */
const shownIdFromUrl = () => new URLSearchParams(location.search).get('workshop');

/**
 * The organiser's page: create a workshop and get its links; the workshops created in this
 * browser, with their links. No other workshop is listed: titles alone say who meets about
 * what, so the server's list needs its ADMIN_TOKEN.
 */
export function HomeScreen() {
  const [mine, setMine] = useState<MyWorkshop[]>(myWorkshops);
  const [shownId, setShownId] = useState<string | null>(shownIdFromUrl);
  // Focus moves to the links after an action here, not when a reload or Back shows them.
  const [acted, setActed] = useState(false);
  const [seriesNotJoined, setSeriesNotJoined] =
    useState<CreatedWorkshop['seriesNotJoined']>(undefined);
  const shown = shownId ? (mine.find((w) => w.id === shownId) ?? null) : null;

  useEffect(() => {
    const onPop = () => {
      setShownId(shownIdFromUrl());
      setMine(myWorkshops());
    };
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);

  const show = (id: string | null, how: 'push' | 'replace') => {
    const url = id ? `/?workshop=${encodeURIComponent(id)}` : '/';
    if (how === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    setShownId(id);
    setActed(true);
  };
  const onCreated = (
    created: CreatedWorkshop,
    fields: Parameters<typeof rememberMyWorkshop>[1],
  ) => {
    rememberMyWorkshop(created, fields);
    setMine(myWorkshops());
    setSeriesNotJoined(created.seriesNotJoined);
    // Replaced, not pushed: Back from here leaves the page, and coming back shows these links.
    show(created.id, 'replace');
  };
  const forget = (w: MyWorkshop) => {
    if (!confirm(t.forgetWorkshopConfirm(w.title))) return;
    forgetMyWorkshop(w.id);
    setMine(myWorkshops());
    if (shownId === w.id) show(null, 'replace');
  };

  return (
    <>
      <TopBar title={t.organiser} />
      <main className="page">
        {shown ? (
          <CreatedLinks
            workshop={shown}
            seriesNotJoined={seriesNotJoined}
            focus={acted}
            onCreateAnother={() => {
              setSeriesNotJoined(undefined);
              show(null, 'push');
            }}
          />
        ) : (
          <CreateForm onCreated={onCreated} />
        )}
        <MyWorkshopList
          list={mine}
          shownId={shown?.id ?? null}
          onShow={(id) => show(id, 'push')}
          onForget={forget}
        />
        <AdminList />
      </main>
    </>
  );
}

function CreateForm({
  onCreated,
}: {
  onCreated: (w: CreatedWorkshop, fields: Parameters<typeof rememberMyWorkshop>[1]) => void;
}) {
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
  // Lenses (issue 13): sent only when changed, so that a series' own lenses apply otherwise.
  const [lenses, setLenses] = useState<LensesDraft>(() => draftOf(DEFAULT_LENSES));
  const [adminToken, setAdminToken] = useState('');
  const [needsAdmin, setNeedsAdmin] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The brief's language defaults to the language the organiser uses the app in (issue 14).
  const [details, setDetails] = useState(() => blankDetails(currentLanguage()));

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
    const lensConfig = configOf(lenses);
    if (!lensConfig) {
      setError(t.lensIncomplete);
      return;
    }
    setBusy(true);
    setError(null);
    const d = detailsPayload(details);
    const body: CreateWorkshopInput = {
      title,
      questions: questions
        .filter((q) => q.prompt.trim() !== '')
        .map((q) => ({
          prompt: q.prompt,
          ...(q.minutes ? { plannedMinutes: Number(q.minutes) } : {}),
          ...(q.shortTitle.trim() ? { shortTitle: q.shortTitle } : {}),
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
      language: d.language,
      ...(d.organisers.length > 0 ? { organisers: d.organisers } : {}),
      ...(d.seriesNumber !== null ? { seriesNumber: d.seriesNumber } : {}),
      ...(d.participantTypes ? { participantTypes: d.participantTypes } : {}),
      ...(d.context ? { context: d.context } : {}),
      ...(d.participantList.length > 0 ? { participantList: d.participantList } : {}),
      ...(JSON.stringify(lensConfig) !== JSON.stringify(DEFAULT_LENSES)
        ? { lenses: lensConfig }
        : {}),
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
      onCreated(created, {
        title: title.trim(),
        host: host.trim() || null,
        date: date || null,
      });
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
              <label htmlFor={`${ids}-s${q.key}`} className="small">
                {t.fieldShortTitle(i + 1)}
              </label>
              <input
                id={`${ids}-s${q.key}`}
                type="text"
                maxLength={DETAIL_LIMITS.shortTitle}
                value={q.shortTitle}
                onChange={(e) => updateQuestion(q.key, { shortTitle: e.target.value })}
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
      <details className="card brief-details-disclosure">
        <summary>{t.briefDetailsOptional}</summary>
        <p className="hint">{t.briefDetailsHint}</p>
        <BriefDetailsFields value={details} onChange={setDetails} />
      </details>
      <LensSettings value={lenses} onChange={setLenses} />
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

function CreatedLinks({
  workshop,
  seriesNotJoined,
  focus,
  onCreateAnother,
}: {
  workshop: MyWorkshop;
  seriesNotJoined: CreatedWorkshop['seriesNotJoined'];
  focus: boolean;
  onCreateAnother: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // Shown after a create or "Show links": the heading takes focus so the keyboard lands here.
  // biome-ignore lint/correctness/useExhaustiveDependencies: refocus when another workshop is shown
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [workshop.id]);
  return (
    <section className="card stack" aria-labelledby="created-h">
      <h2 id="created-h" ref={heading} tabIndex={-1}>
        {t.createdTitleOf(workshop.title)}
      </h2>
      <p className="muted">{t.createdHint}</p>
      <p>
        {t.joinCode}: <strong className="projector__code-inline">{workshop.joinCode}</strong>
      </p>
      {/* Every Open is a new tab: this page, with its links, stays where it is. */}
      <CopyField label={t.linkFacilitator} value={workshop.links.facilitator} newWindow />
      <CopyField label={t.linkParticipant} value={workshop.links.participant} newWindow />
      <CopyField label={t.linkProjector} value={workshop.links.projector} newWindow />
      <CopyField label={t.linkRapporteur} value={workshop.links.rapporteur} newWindow />
      {workshop.seriesLink ? (
        <CopyField label={t.linkSeries} value={workshop.seriesLink} newWindow />
      ) : null}
      {seriesNotJoined ? (
        <p className="error-text" role="status">
          {t.seriesNotJoined(seriesNotJoined.name)}
        </p>
      ) : null}
      <div>
        <button type="button" className="btn btn--secondary" onClick={onCreateAnother}>
          + {t.createAnother}
        </button>
      </div>
    </section>
  );
}

function MyWorkshopList({
  list,
  shownId,
  onShow,
  onForget,
}: {
  list: MyWorkshop[];
  shownId: string | null;
  onShow: (id: string) => void;
  onForget: (w: MyWorkshop) => void;
}) {
  return (
    <section className="card stack" aria-labelledby="mine-h">
      <h2 id="mine-h">{t.myWorkshopsTitle}</h2>
      <p className="hint">{t.myWorkshopsHint}</p>
      {list.length === 0 ? (
        <p className="muted">{t.myWorkshopsNone}</p>
      ) : (
        <ul className="my-workshops">
          {list.map((w) => (
            <li key={w.id} aria-current={w.id === shownId ? 'true' : undefined}>
              <div className="my-workshops__what">
                <strong>{w.title}</strong>
                <span className="muted small">
                  {[w.date ? formatDate(w.date) : null, w.host, `${t.joinCode}: ${w.joinCode}`]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </div>
              <div className="row">
                <a
                  className="btn btn--small"
                  href={w.links.facilitator}
                  target="_blank"
                  rel="noopener"
                  aria-label={`${t.openAsFacilitator}: ${w.title} (${t.opensNewTab})`}
                >
                  {t.openAsFacilitator}
                </a>
                <button
                  type="button"
                  className="btn btn--secondary btn--small"
                  aria-label={`${t.showLinks}: ${w.title}`}
                  onClick={() => onShow(w.id)}
                >
                  {t.showLinks}
                </button>
                <button
                  type="button"
                  className="btn btn--secondary btn--small"
                  aria-label={`${t.forgetWorkshop}: ${w.title}`}
                  onClick={() => onForget(w)}
                >
                  {t.forgetWorkshop}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The server's whole list, for its administrator: only with the ADMIN_TOKEN, never kept. */
function AdminList() {
  const ids = useId();
  const [token, setToken] = useState('');
  const [list, setList] = useState<WorkshopSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await apiFetch<{ workshops: WorkshopSummary[] }>('/api/workshops', { token });
      setList(r.workshops);
    } catch (err) {
      setList(null);
      setError(
        err instanceof ApiError && err.status === 401
          ? t.adminListWrongToken
          : err instanceof ApiError && err.status === 403
            ? t.adminListClosed
            : err instanceof ApiError && err.code === 'rate_limited'
              ? t.joinTryAgainIn(err.retryAfter ?? 1)
              : err instanceof Error
                ? err.message
                : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="card">
      <summary>{t.serverWorkshops}</summary>
      <form className="stack" onSubmit={submit}>
        <p className="hint">{t.adminListHint}</p>
        <div className="row">
          <div className="field" style={{ flex: '1 1 16rem' }}>
            <label htmlFor={`${ids}-token`}>{t.fieldAdminToken}</label>
            <input
              id={`${ids}-token`}
              type="password"
              autoComplete="off"
              required
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          </div>
          <button type="submit" className="btn btn--secondary" disabled={busy}>
            {t.adminListShow}
          </button>
        </div>
        {error ? (
          <p className="error-text" role="alert">
            {error}
          </p>
        ) : null}
      </form>
      {list ? (
        list.length === 0 ? (
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
        )
      ) : null}
    </details>
  );
}
