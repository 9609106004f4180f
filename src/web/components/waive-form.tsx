import { useState } from 'preact/hooks';
import { ApiError, api, unwrap } from '../api.js';
import { ErrorBox } from './states.js';

/**
 * Waives one finding in its own cluster, with the reason the API keeps beside the waiver. Shown only to
 * keys with the write scope; the finding page reloads to show the waiver as stored.
 */
export function WaiveForm(props: { findingId: string; cluster: string; onWaived: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  return (
    <form
      class="waive-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        try {
          await unwrap(
            api.POST('/api/v1/waivers', {
              body: { target: props.findingId, reason: reason.trim(), cluster: props.cluster },
            }),
          );
          props.onWaived();
        } catch (failure) {
          setError(failure instanceof ApiError ? failure : new ApiError(0, 'NETWORK', String(failure)));
        } finally {
          setBusy(false);
        }
      }}
    >
      <div class="field">
        <label for="waive-reason">Why this finding is accepted (kept with the waiver)</label>
        <textarea
          id="waive-reason"
          rows={2}
          required
          maxLength={2000}
          value={reason}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </div>
      {error !== undefined && <ErrorBox error={error} />}
      <div class="actions">
        <button type="submit" disabled={busy || reason.trim() === ''}>
          Waive
        </button>
      </div>
    </form>
  );
}
