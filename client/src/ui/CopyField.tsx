import { useState } from 'react';
import { t } from '../i18n/i18n.ts';

/** A labelled link with Copy and Open buttons. */
export function CopyField({
  label,
  value,
  openLabel,
  newWindow = false,
}: {
  label: string;
  value: string;
  openLabel?: string;
  newWindow?: boolean;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Plain-http LAN pages have no clipboard API: fall back to a selection copy.
      const area = document.createElement('textarea');
      area.value = value;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  return (
    <div className="copy-field">
      <span className="label">{label}</span>
      <code title={value}>{value}</code>
      <button
        type="button"
        className="btn btn--secondary btn--small"
        onClick={copy}
        aria-label={`${t.copy}: ${label}`}
      >
        {copied ? t.copied : t.copy}
      </button>
      <a
        className="btn btn--secondary btn--small"
        href={value}
        target={newWindow ? '_blank' : undefined}
        rel="noopener"
        aria-label={`${openLabel ?? t.open}: ${label}${newWindow ? ` (${t.opensNewTab})` : ''}`}
      >
        {openLabel ?? t.open}
      </a>
    </div>
  );
}
