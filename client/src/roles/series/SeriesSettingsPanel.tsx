import {
  type ActorGroupConfig,
  DEFAULT_LENSES,
  type SeriesReply,
  type UpdateSeries,
} from '@convene/shared';
import { type FormEvent, useState } from 'react';
import { LANGUAGES, t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import {
  configOf,
  draftOf,
  type LensesDraft,
  LensSettings,
} from '../../ui/lenses/LensSettings.tsx';
import type { SeriesPanelProps } from './seriesPanel.ts';

/**
 * The series' settings (issue 15, item 1; issue 13's lenses on the series page): its
 * co-organisers (hosts rotate among them), its language, the lenses its new workshops get and
 * the actor groups every brief and the paper gather recommendations under. Collapsed once the
 * series has co-organisers: the plan is what organisers come to the page for.
 */

const MAX_GROUPS = 5;

interface GroupDraft {
  label: string;
  match: string;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function groupsOf(drafts: GroupDraft[]): ActorGroupConfig[] | null | 'incomplete' {
  const groups: ActorGroupConfig[] = [];
  for (const d of drafts) {
    const label = d.label.trim();
    const match = lines(d.match);
    if (!label && match.length === 0) continue;
    if (!label || match.length === 0) return 'incomplete';
    groups.push({ label, match });
  }
  return groups.length ? groups : null;
}

export function SeriesSettingsPanel({ token, path, series, onSeries }: SeriesPanelProps) {
  const [organisers, setOrganisers] = useState((series.organisers ?? []).join('\n'));
  const [language, setLanguage] = useState(series.language ?? 'en');
  const [lenses, setLenses] = useState<LensesDraft>(() => draftOf(series.lenses ?? DEFAULT_LENSES));
  const [groups, setGroups] = useState<GroupDraft[]>(() =>
    (series.actorGroups ?? []).map((g) => ({ label: g.label, match: g.match.join('\n') })),
  );
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const lensConfig = configOf(lenses);
    const actorGroups = groupsOf(groups);
    if (!lensConfig) return setMessage({ ok: false, text: t.lensIncomplete });
    if (actorGroups === 'incomplete')
      return setMessage({ ok: false, text: t.seriesGroupIncomplete });
    const body: UpdateSeries = {
      organisers: lines(organisers),
      language,
      lenses: lensConfig,
      actorGroups,
    };
    setBusy(true);
    setMessage(null);
    try {
      onSeries(await apiFetch<SeriesReply>(path, { method: 'PATCH', token, body }));
      setMessage({ ok: true, text: t.seriesSaved });
    } catch (err) {
      setMessage({
        ok: false,
        text: err instanceof ApiError && err.status !== 0 ? err.message : t.seriesFailed,
      });
    } finally {
      setBusy(false);
    }
  };

  const setGroup = (i: number, next: Partial<GroupDraft>) =>
    setGroups(groups.map((g, k) => (k === i ? { ...g, ...next } : g)));

  return (
    <details className="card series-settings" open={(series.organisers ?? []).length === 0}>
      <summary>
        <h2 id="series-settings-title">{t.seriesSettings}</h2>
      </summary>
      <form className="stack" onSubmit={save} aria-labelledby="series-settings-title">
        <p className="hint">{t.seriesSettingsHint}</p>
        <div className="grid-2">
          <div className="field">
            <label htmlFor="series-organisers">{t.seriesOrganisers}</label>
            <textarea
              id="series-organisers"
              rows={4}
              value={organisers}
              onChange={(e) => setOrganisers(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="series-language">{t.seriesLanguage}</label>
            <select
              className="brief-details__select"
              id="series-language"
              value={language}
              onChange={(e) => setLanguage(e.target.value as typeof language)}
            >
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code} lang={l.code}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="stack">
          <h3 className="label">{t.seriesLenses}</h3>
          <LensSettings value={lenses} onChange={setLenses} hideLegend />
        </div>
        <fieldset className="stack series-settings__group">
          <legend>{t.seriesActorGroups}</legend>
          <p className="hint">{t.seriesActorGroupsHint}</p>
          {groups.map((g, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a group is its place in the list
            <div key={i} className="actor-group">
              <div className="field">
                <label htmlFor={`group-label-${i}`}>{t.seriesGroupLabel(i + 1)}</label>
                <input
                  id={`group-label-${i}`}
                  type="text"
                  maxLength={80}
                  value={g.label}
                  onChange={(e) => setGroup(i, { label: e.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`group-match-${i}`}>{t.seriesGroupMatch(i + 1)}</label>
                <textarea
                  id={`group-match-${i}`}
                  rows={3}
                  value={g.match}
                  onChange={(e) => setGroup(i, { match: e.target.value })}
                />
              </div>
              <button
                type="button"
                className="btn btn--secondary btn--small"
                onClick={() => setGroups(groups.filter((_, k) => k !== i))}
              >
                {t.seriesRemoveGroup(i + 1)}
              </button>
            </div>
          ))}
          {groups.length < MAX_GROUPS ? (
            <div>
              <button
                type="button"
                className="btn btn--secondary btn--small"
                onClick={() => setGroups([...groups, { label: '', match: '' }])}
              >
                {t.seriesAddGroup}
              </button>
            </div>
          ) : null}
        </fieldset>
        <div className="row">
          <button type="submit" className="btn" disabled={busy}>
            {t.seriesSaveSettings}
          </button>
          {message ? (
            <p className={message.ok ? 'small' : 'error-text small'} role="status">
              {message.text}
            </p>
          ) : null}
        </div>
      </form>
    </details>
  );
}
