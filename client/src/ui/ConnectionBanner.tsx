import { t } from '../i18n/i18n.ts';
import { useWorkshop } from '../stores/workshopStore.ts';

/** Says plainly when the screen is offline or its link was refused. */
export function ConnectionBanner() {
  const status = useWorkshop((s) => s.status);
  const rejected = useWorkshop((s) => s.rejected);
  if (rejected) {
    return (
      <div className="banner banner--error" role="alert">
        {t.linkInvalid}
      </div>
    );
  }
  if (status === 'offline') {
    return (
      <div className="banner banner--offline" role="status">
        {t.offline}
      </div>
    );
  }
  return null;
}
