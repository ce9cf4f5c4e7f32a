import { formatTime, t } from '../i18n/i18n.ts';
import { useWorkshop } from '../stores/workshopStore.ts';

/** Says plainly when the screen is offline or its link was refused. */
export function ConnectionBanner() {
  const status = useWorkshop((s) => s.status);
  const rejected = useWorkshop((s) => s.rejected);
  const cachedAt = useWorkshop((s) => s.cachedAt);
  if (rejected) {
    // A refused change ends this screen's link to the board; what the server kept is intact,
    // and a reload shows it again.
    const change =
      rejected.code === 'payload_too_large'
        ? t.changeTooLarge
        : rejected.code === 'invalid_payload'
          ? t.changeRefused
          : null;
    return (
      <div className="banner banner--error" role="alert">
        {change ?? t.linkInvalid}
        {change ? (
          <button type="button" className="banner__action" onClick={() => location.reload()}>
            {t.reload}
          </button>
        ) : null}
      </div>
    );
  }
  if (status === 'offline') {
    return (
      <div className="banner banner--offline" role="status">
        {cachedAt === null ? t.offline : t.offlineKept(formatTime(cachedAt))}
      </div>
    );
  }
  return null;
}
