import { type Joined, LIMITS, normalizeJoinCode } from '@convene/shared';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { t } from '../../i18n/i18n.ts';
import { ApiError, apiFetch } from '../../net/api.ts';
import { STORAGE_KEYS } from '../../net/storageKeys.ts';
import { rememberToken, tokenFor } from '../../net/tokens.ts';
import { TopBar } from '../../ui/TopBar.tsx';

const joinedKey = STORAGE_KEYS.joined;

/** Join by code (or by the link that carries it), with an optional name. */
export function JoinScreen({ initialCode }: { initialCode: string }) {
  const ids = useId();
  const [code, setCode] = useState(initialCode);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Someone who joined from this browser before goes straight back in, as the same participant.
  useEffect(() => {
    if (!initialCode) return;
    const workshopId = localStorage.getItem(joinedKey(normalizeJoinCode(initialCode)));
    if (workshopId && tokenFor('participant', workshopId)) {
      location.replace(`/participant/${encodeURIComponent(workshopId)}`);
    }
  }, [initialCode]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const joined = await apiFetch<Joined>('/api/join', {
        method: 'POST',
        body: { joinCode: code, ...(name.trim() ? { name } : {}) },
      });
      rememberToken('participant', joined.workshopId, joined.participantToken);
      localStorage.setItem(joinedKey(normalizeJoinCode(code)), joined.workshopId);
      location.assign(`/participant/${encodeURIComponent(joined.workshopId)}`);
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'unknown_join_code'
          ? t.unknownCode
          : err instanceof ApiError && err.code === 'rate_limited'
            ? t.joinTryAgainIn(err.retryAfter ?? 1)
            : err instanceof Error
              ? err.message
              : String(err),
      );
      setBusy(false);
    }
  };

  return (
    <>
      <TopBar title={t.joinTitle} brandLinks={false} />
      <main className="page page--narrow">
        <form className="card stack" onSubmit={submit}>
          <div className="field">
            <label htmlFor={`${ids}-code`}>{t.joinCodeLabel}</label>
            <input
              id={`${ids}-code`}
              type="text"
              required
              autoCapitalize="characters"
              autoComplete="off"
              maxLength={12}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              style={{ fontSize: '1.4rem', letterSpacing: '0.1em', textTransform: 'uppercase' }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-name`}>{t.nameLabel}</label>
            <input
              id={`${ids}-name`}
              type="text"
              autoComplete="name"
              maxLength={LIMITS.participantName}
              value={name}
              aria-describedby={`${ids}-name-hint`}
              onChange={(e) => setName(e.target.value)}
            />
            <span id={`${ids}-name-hint`} className="hint">
              {t.nameHint}
            </span>
          </div>
          {error ? (
            <p className="error-text" role="alert">
              {error}
            </p>
          ) : null}
          <div>
            <button type="submit" className="btn" disabled={busy}>
              {busy ? t.joining : t.join}
            </button>
          </div>
        </form>
      </main>
    </>
  );
}
