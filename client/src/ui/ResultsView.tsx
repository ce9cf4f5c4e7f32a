import {
  type BoardCluster,
  type BoardIdea,
  type BoardRound,
  type ClusterScore,
  explainRanks,
  type RankedIdea,
  type RankReason,
} from '@convene/shared';
import { t } from '../i18n/i18n.ts';
import { OriginMark, originSignature } from './OriginMark.tsx';
import { PagedWall } from './PagedWall.tsx';

/** Ranked ideas as bars, then cluster totals; used by every screen once results are published. */
export function ResultsView({
  round,
  ideas,
  clusters,
  variant = 'default',
  limit,
  pageMs = 13_000,
}: {
  round: BoardRound;
  ideas: readonly BoardIdea[];
  clusters: readonly BoardCluster[];
  variant?: 'default' | 'projector';
  limit?: number;
  /** Projector: how long each page shows when the results do not fit one screen. */
  pageMs?: number;
}) {
  const results = round.results;
  if (!results) return null;
  const textOf = new Map(ideas.map((i) => [i.id, i.text]));
  // Consolidation session (issue 15): a ranked idea says which workshops it came from.
  const originsOf = new Map(ideas.map((i) => [i.id, i.origins]));
  const labelOf = new Map(clusters.map((c) => [c.id, c.label]));
  // Loops, not Math.max(...list): spreading a ballot of many thousand ideas overflows the stack.
  const max = results.ideas.reduce((m, i) => Math.max(m, i.votes), 1);
  const maxCluster = results.clusters.reduce((m, c) => Math.max(m, c.votes), 1);
  const shown = limit ? results.ideas.slice(0, limit) : results.ideas;
  const why = explainRanks(results.ideas);
  const ideaRow = (r: RankedIdea) => (
    <>
      <span className="results__rank" aria-hidden="true">
        {r.rank}
      </span>
      <div className="results__body">
        <span className="results__text">{textOf.get(r.ideaId) ?? '—'}</span>
        <OriginMark origins={originsOf.get(r.ideaId)} wall={variant === 'projector'} />
        <span className="results__bar" style={{ width: `${(r.votes / max) * 100}%` }} />
        <span className="results__meta">
          {[t.votesCount(r.votes), ...rankReasons(why.get(r.ideaId))].join(' · ')}
        </span>
      </div>
    </>
  );
  const clusterRow = (c: ClusterScore) => (
    <>
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
    </>
  );

  if (variant === 'projector') {
    // The room sees every ranked idea and the theme ranking side by side on one screen, at the
    // wall's legible size; what does not fit pages by itself (the themes usually fit).
    const key = (list: readonly { votes: number; rank: number }[], texts: string) =>
      `${list.map((r) => `${r.rank}:${r.votes}`).join(',')}|${texts}`;
    // Ideas nobody voted for share the last rank: paging through them would keep the room on
    // pages of zeros for minutes. They are counted in one line after the last ranked idea.
    const voted = results.ideas.filter((r) => r.votes > 0);
    const unvoted = results.ideas.length - voted.length;
    const ideaItems = voted.map((r) => ({ key: r.ideaId, node: ideaRow(r) }));
    if (unvoted > 0) {
      ideaItems.push({
        key: 'unvoted',
        node: <span className="results__unvoted">{t.ideasWithoutVotes(unvoted)}</span>,
      });
    }
    return (
      <div className="results results--projector">
        <PagedWall
          className="results__ideas"
          variant="ranked"
          label={`${t.results} — ${t.round(round.number)}`}
          mode="page"
          pageMs={pageMs}
          columnEm={17}
          gapEm={1}
          layoutKey={key(
            results.ideas,
            voted
              .map(
                (r) =>
                  `${textOf.get(r.ideaId)?.length ?? 0}${originSignature(originsOf.get(r.ideaId))}`,
              )
              .join(','),
          )}
          blocks={[{ key: 'ideas', heading: null, items: ideaItems }]}
        />
        {results.clusters.length > 0 ? (
          <section className="results__clusters" aria-label={t.clusterTotals}>
            <h3>{t.clusterTotals}</h3>
            <PagedWall
              className="results__themes"
              variant="ranked"
              label={t.clusterTotals}
              mode="page"
              pageMs={pageMs}
              columnEm={12}
              gapEm={1}
              layoutKey={key(
                results.clusters,
                results.clusters.map((c) => labelOf.get(c.clusterId) ?? '').join('\u0000'),
              )}
              blocks={[
                {
                  key: 'clusters',
                  heading: null,
                  items: results.clusters.map((c) => ({ key: c.clusterId, node: clusterRow(c) })),
                },
              ]}
            />
          </section>
        ) : null}
      </div>
    );
  }

  return (
    <div className={`results results--${variant}`}>
      <ol className="results__list" aria-label={`${t.results} — ${t.round(round.number)}`}>
        {shown.map((r) => (
          <li key={r.ideaId} className="results__item">
            {ideaRow(r)}
          </li>
        ))}
      </ol>
      {results.clusters.length > 0 ? (
        <section className="results__clusters" aria-label={t.clusterTotals}>
          <h3>{t.clusterTotals}</h3>
          <ol className="results__list">
            {results.clusters.map((c) => (
              <li key={c.clusterId} className="results__item">
                {clusterRow(c)}
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
