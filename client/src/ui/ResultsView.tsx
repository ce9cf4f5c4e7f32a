import {
  type BoardCluster,
  type BoardIdea,
  type BoardRound,
  explainRanks,
  type RankReason,
} from '@convene/shared';
import { t } from '../i18n/i18n.ts';

/** Ranked ideas as bars, then cluster totals; used by every screen once results are published. */
export function ResultsView({
  round,
  ideas,
  clusters,
  variant = 'default',
  limit,
}: {
  round: BoardRound;
  ideas: readonly BoardIdea[];
  clusters: readonly BoardCluster[];
  variant?: 'default' | 'projector';
  limit?: number;
}) {
  const results = round.results;
  if (!results) return null;
  const textOf = new Map(ideas.map((i) => [i.id, i.text]));
  const labelOf = new Map(clusters.map((c) => [c.id, c.label]));
  // Loops, not Math.max(...list): spreading a ballot of many thousand ideas overflows the stack.
  const max = results.ideas.reduce((m, i) => Math.max(m, i.votes), 1);
  const maxCluster = results.clusters.reduce((m, c) => Math.max(m, c.votes), 1);
  const shown = limit ? results.ideas.slice(0, limit) : results.ideas;
  const why = explainRanks(results.ideas);
  return (
    <div className={`results results--${variant}`}>
      <ol className="results__list" aria-label={`${t.results} — ${t.round(round.number)}`}>
        {shown.map((r) => (
          <li key={r.ideaId} className="results__item">
            <span className="results__rank" aria-hidden="true">
              {r.rank}
            </span>
            <div className="results__body">
              <span className="results__text">{textOf.get(r.ideaId) ?? '—'}</span>
              <span className="results__bar" style={{ width: `${(r.votes / max) * 100}%` }} />
              <span className="results__meta">
                {[t.votesCount(r.votes), ...rankReasons(why.get(r.ideaId))].join(' · ')}
              </span>
            </div>
          </li>
        ))}
      </ol>
      {results.clusters.length > 0 ? (
        <section className="results__clusters" aria-label={t.clusterTotals}>
          <h3>{t.clusterTotals}</h3>
          <ol className="results__list">
            {results.clusters.map((c) => (
              <li key={c.clusterId} className="results__item">
                <span className="results__rank" aria-hidden="true">
                  {c.rank}
                </span>
                <div className="results__body">
                  <span className="results__text">{labelOf.get(c.clusterId) ?? '—'}</span>
                  <span
                    className="results__bar results__bar--cluster"
                    style={{ width: `${(c.votes / maxCluster) * 100}%` }}
                  />
                  <span className="results__meta">{t.votesCount(c.votes)}</span>
                </div>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
    </div>
  );
}

/** What decided an idea's place among those with its votes, in words. */
function rankReasons(reason: RankReason | undefined): string[] {
  if (!reason) return [];
  const out: string[] = [];
  if (reason.aheadOnSupporters > 0) out.push(t.rankAheadOnSupporters(reason.aheadOnSupporters));
  if (reason.behindOnSupporters > 0) out.push(t.rankBehindOnSupporters(reason.behindOnSupporters));
  if (reason.tiedWith > 0) out.push(t.rankShared(reason.tiedWith));
  return out;
}
