import type { BoardCluster, BoardIdea } from '@convene/shared';
import { useId, useMemo, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { changeDot, useBallot } from '../../stores/ballotStore.ts';
import { IdeaCard } from '../../ui/IdeaCard.tsx';
import { matchesQuery, queryWords } from './ballotFilter.ts';

/** One theme of the ballot (cluster null: the ideas no theme holds, listed last). */
export interface BallotGroup {
  cluster: BoardCluster | null;
  ideas: readonly BoardIdea[];
}

/**
 * The phone ballot. A room of 80 ideas is a 15,000 px list on a phone, so ideas sit under the
 * themes the facilitator built (each can be folded away), a filter finds an idea by a word, and
 * the dots left — or "done" — stay pinned at the top of the screen wherever the voter is.
 * Returned as two siblings (bar, list) so the bar's sticky range is the whole page, not only the
 * list: it stays in view even below the ballot.
 */
export function Ballot({ groups }: { groups: readonly BallotGroup[] }) {
  const ids = useId();
  const { ballot, remaining, budget, maxPerIdea, busy, error } = useBallot();
  const [query, setQuery] = useState('');
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());
  const words = useMemo(() => queryWords(query), [query]);
  const filtering = words.length > 0;
  const shown = useMemo(
    () =>
      groups
        .map((g) => ({
          ...g,
          key: g.cluster?.id ?? '',
          matching: g.ideas.filter((i) =>
            matchesQuery(words, [i.text, i.actor, i.nextStep, g.cluster?.label ?? null]),
          ),
        }))
        .filter((g) => g.matching.length > 0),
    [groups, words],
  );
  const matches = shown.reduce((n, g) => n + g.matching.length, 0);
  const done = budget > 0 && remaining === 0;
  const toggle = (key: string) =>
    setFolded((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <>
      <div className={done ? 'ballot-bar ballot-bar--done' : 'ballot-bar'}>
        <div className="ballot-bar__status">
          <span className="ballot-bar__count" aria-live="polite">
            {done ? (
              <>
                <span aria-hidden="true">✓ </span>
                {t.ballotDone(budget)}
              </>
            ) : (
              t.dotsLeft(remaining)
            )}
          </span>
          {done ? null : (
            <span className="dots" aria-hidden="true">
              {Array.from({ length: budget }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: dots are identical and fixed in number
                <span key={i} className={i < remaining ? 'dot' : 'dot dot--used'} />
              ))}
            </span>
          )}
        </div>
        <search className="ballot-bar__find">
          <label className="visually-hidden" htmlFor={`${ids}-find`}>
            {t.ballotFind}
          </label>
          <input
            id={`${ids}-find`}
            type="search"
            enterKeyHint="search"
            autoComplete="off"
            maxLength={100}
            placeholder={t.ballotFindHint}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          {query ? (
            <button
              type="button"
              className="btn btn--secondary ballot-bar__clear"
              onClick={() => setQuery('')}
            >
              {t.ballotClear}
            </button>
          ) : null}
        </search>
        <p className="visually-hidden" aria-live="polite">
          {filtering ? t.ballotMatches(matches) : ''}
        </p>
      </div>
      <section className="card stack ballot" aria-labelledby={`${ids}-h`}>
        <h2 id={`${ids}-h`}>{t.voting}</h2>
        <p className="muted small">
          {t.voteSecret}
          {done ? ` ${t.ballotDoneHint}` : ''}
        </p>
        {error ? (
          <p className="error-text small" role="alert">
            {error}
          </p>
        ) : null}
        {filtering && matches === 0 ? (
          <p className="muted">{t.ballotNoMatch(query.trim())}</p>
        ) : null}
        {shown.map((g) => {
          // A filter opens every theme it finds something in: a folded theme must not hide a hit.
          const open = filtering || !folded.has(g.key);
          const mineHere = g.ideas.reduce((n, i) => n + (ballot[i.id] ?? 0), 0);
          const listId = `${ids}-g-${g.key || 'none'}`;
          return (
            <div
              key={g.key || 'none'}
              className="ballot__group"
              data-theme={g.cluster ? 'theme' : 'none'}
            >
              <h3 className="ballot__theme">
                <button
                  type="button"
                  className="ballot__toggle"
                  aria-expanded={open}
                  aria-controls={listId}
                  disabled={filtering}
                  onClick={() => toggle(g.key)}
                >
                  <span className="ballot__chevron" aria-hidden="true">
                    {open ? '▾' : '▸'}
                  </span>
                  <span className="ballot__label">{g.cluster?.label ?? t.ballotOther}</span>
                  <span className="ballot__meta">
                    {filtering ? t.ballotMatches(g.matching.length) : t.ideasCount(g.ideas.length)}
                    {mineHere > 0 ? ` · ${t.ballotSectionDots(mineHere)}` : ''}
                  </span>
                </button>
              </h3>
              <ul className="idea-list" id={listId} hidden={!open}>
                {open
                  ? g.matching.map((i) => {
                      const mine = ballot[i.id] ?? 0;
                      return (
                        <IdeaCard
                          key={i.id}
                          text={i.text}
                          actor={i.actor}
                          nextStep={i.nextStep}
                          origins={i.origins}
                          className={mine > 0 ? 'idea--voted' : undefined}
                        >
                          <VoteControl
                            idea={i}
                            mine={mine}
                            canAdd={!busy && remaining > 0 && mine < maxPerIdea}
                            busy={busy}
                            single={maxPerIdea === 1}
                          />
                        </IdeaCard>
                      );
                    })
                  : null}
              </ul>
            </div>
          );
        })}
      </section>
    </>
  );
}

/**
 * The dots on one idea, in a column at the card's right edge so a card is no taller than its
 * text. With one dot per idea (the usual rule) a single button puts it on (+) or takes it off
 * (a tick); with more, a + / − pair around the count.
 */
function VoteControl({
  idea,
  mine,
  canAdd,
  busy,
  single,
}: {
  idea: BoardIdea;
  mine: number;
  canAdd: boolean;
  busy: boolean;
  single: boolean;
}) {
  const short = idea.text.slice(0, 60);
  const add = (
    <button
      type="button"
      className="btn ballot__btn"
      aria-label={`${t.addDot}: ${short}`}
      disabled={!canAdd}
      onClick={() => void changeDot(idea.id, 1)}
    >
      +
    </button>
  );
  const remove = (
    <button
      type="button"
      className={single ? 'btn ballot__btn ballot__btn--on' : 'btn btn--secondary ballot__btn'}
      aria-label={`${t.removeDot}: ${short}`}
      disabled={busy || mine === 0}
      onClick={() => void changeDot(idea.id, -1)}
    >
      {single ? <span aria-hidden="true">✓</span> : '−'}
    </button>
  );
  if (single) {
    return (
      // A green tick is the dot: no count beside it, so the text keeps the card's width.
      <div className="ballot__vote">{mine > 0 ? remove : add}</div>
    );
  }
  return (
    <div className="ballot__vote">
      {add}
      <span className="ballot__mine">{t.yourDots(mine)}</span>
      {remove}
    </div>
  );
}
