import type { Block, Inline } from '@convene/shared';
import type { ReactNode } from 'react';

/**
 * The brief's blocks as React elements: the same structure every export renders, so the live
 * preview shows what the Markdown, HTML and Word files will say. Text is rendered as text,
 * never as HTML.
 */
export function InlineText({ inline }: { inline: Inline }) {
  return (
    <>
      {inline.map((s, i) => {
        let node: ReactNode = s.text;
        if (s.em) node = <em>{node}</em>;
        if (s.strong) node = <strong>{node}</strong>;
        // biome-ignore lint/suspicious/noArrayIndexKey: runs of one paragraph have no identity of their own
        return <span key={i}>{node}</span>;
      })}
    </>
  );
}

export function BriefBlocks({
  blocks,
  meta = false,
}: {
  blocks: readonly Block[];
  meta?: boolean;
}) {
  return (
    <>
      {blocks.map((b, i) => {
        // Blocks are re-parsed on every edit: their position is their identity.
        const key = i;
        switch (b.type) {
          case 'heading': {
            // The preview sits inside the page's own headings: shift levels down by one.
            const Tag = (['h2', 'h3', 'h4'] as const)[b.level - 1] ?? 'h4';
            return (
              <Tag key={key} className={`brief-h${b.level}`}>
                <InlineText inline={b.text} />
              </Tag>
            );
          }
          case 'paragraph':
            return (
              <p key={key} className={meta ? 'brief-meta' : undefined}>
                <InlineText inline={b.text} />
              </p>
            );
          case 'bullets':
            return (
              <ul key={key}>
                {b.items.map((it, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: list items are re-parsed on every edit
                  <li key={k}>
                    <InlineText inline={it} />
                  </li>
                ))}
              </ul>
            );
          case 'numbered':
            return (
              <ol key={key} start={b.start}>
                {b.items.map((it, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: list items are re-parsed on every edit
                  <li key={k}>
                    <InlineText inline={it} />
                  </li>
                ))}
              </ol>
            );
          case 'note':
            return (
              <aside key={key} className="brief-note">
                {b.paragraphs.map((p, k) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs are re-parsed on every edit
                  <p key={k}>
                    <InlineText inline={p} />
                  </p>
                ))}
              </aside>
            );
          case 'table':
            return (
              <div key={key} className="brief-table-wrap">
                <table className="brief-table">
                  <thead>
                    <tr>
                      {b.header.map((h, k) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: columns have no identity but their place
                        <th key={k} scope="col">
                          <InlineText inline={h} />
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {b.rows.map((r, k) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
                      <tr key={k}>
                        {r.map((c, j) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: cells have no identity but their place
                          <td key={j}>
                            <InlineText inline={c} />
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
        }
        return null;
      })}
    </>
  );
}
