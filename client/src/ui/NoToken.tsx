import { t } from '../i18n/i18n.ts';

/** A role link opened without its token (or with one the browser no longer holds). */
export function NoToken() {
  return (
    <main className="page page--narrow">
      <p className="error-text" role="alert">
        {t.linkInvalid}
      </p>
    </main>
  );
}
