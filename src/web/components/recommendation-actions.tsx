import { useState } from 'preact/hooks';
import type { operations } from '../../api/openapi-types.js';
import { ApiError, api, unwrap } from '../api.js';
import { useCan } from '../session-context.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { ErrorBox } from './states.js';

type Recommendation = operations['recommendations.get']['responses'][200]['content']['application/json'];
type Status = Recommendation['status'];

/** The hand steps the lifecycle allows from each status (applied and verified have their own routes). */
const STEPS: Readonly<Partial<Record<Status, readonly { to: Status; label: string }[]>>> = {
  pending: [
    { to: 'accepted', label: 'Accept' },
    { to: 'rejected', label: 'Reject' },
    { to: 'dismissed', label: 'Dismiss' },
  ],
  accepted: [
    { to: 'rejected', label: 'Reject' },
    { to: 'dismissed', label: 'Dismiss' },
    { to: 'pending', label: 'Back to pending' },
  ],
  rejected: [{ to: 'pending', label: 'Back to pending' }],
  dismissed: [{ to: 'pending', label: 'Back to pending' }],
};

function asApiError(failure: unknown): ApiError {
  return failure instanceof ApiError ? failure : new ApiError(0, 'NETWORK', String(failure));
}

/**
 * Accept, reject, dismiss (write scope) and apply (apply scope, behind a confirmation showing the exact
 * statement). A key without a scope sees no button it could not use.
 */
export function RecommendationActions(props: { rec: Recommendation; onChanged: () => void }) {
  const { rec } = props;
  const canWrite = useCan('write');
  const canApply = useCan('apply');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | undefined>();
  const [confirming, setConfirming] = useState(false);
  const steps = STEPS[rec.status] ?? [];
  const applicable = rec.sql !== null && (rec.status === 'pending' || rec.status === 'accepted');

  const act = async (run: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      setReason('');
      setConfirming(false);
      props.onChanged();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  const step = (to: Status) =>
    act(() =>
      unwrap(
        api.PATCH('/api/v1/recommendations/{id}/status', {
          params: { path: { id: rec.id } },
          body: { to, cluster: rec.cluster, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) },
        }),
      ),
    );
  const apply = () =>
    act(() =>
      unwrap(
        api.POST('/api/v1/recommendations/{id}/apply', {
          params: { path: { id: rec.id } },
          body: { confirm: true, cluster: rec.cluster },
        }),
      ),
    );

  if (!canWrite && !canApply)
    return <p class="muted">Changing its status needs a key with the write scope.</p>;
  return (
    <section aria-labelledby="rec-actions">
      <h3 id="rec-actions">Decide</h3>
      {canWrite && steps.length > 0 && (
        <>
          <div class="field">
            <label for="status-reason">Reason (kept in the lifecycle; needed to reject)</label>
            <input
              id="status-reason"
              type="text"
              maxLength={2000}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
              class="reason-input"
            />
          </div>
          <div class="actions">
            {steps.map((s) => (
              <button
                key={s.to}
                type="button"
                class={s.to === 'accepted' ? undefined : 'secondary'}
                disabled={busy || (s.to === 'rejected' && reason.trim() === '')}
                onClick={() => step(s.to)}
              >
                {s.label}
              </button>
            ))}
          </div>
        </>
      )}
      {steps.length === 0 && !applicable && (
        <p class="muted">
          No step by hand from {rec.status}
          {rec.status === 'applied'
            ? ': a measurement of the runs after the change decides whether it is verified.'
            : '.'}
        </p>
      )}
      {applicable &&
        (canApply ? (
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={() => setConfirming(true)}>
              Apply on Dremio…
            </button>
          </div>
        ) : (
          <p class="muted">Applying needs a key with the apply scope.</p>
        ))}
      {error !== undefined && !confirming && <ErrorBox error={error} />}
      {canApply && rec.sql !== null && (
        <ConfirmDialog
          open={confirming}
          title="Run this statement on Dremio?"
          confirmLabel="Apply"
          busy={busy}
          onConfirm={apply}
          onCancel={() => {
            setConfirming(false);
            setError(undefined);
          }}
        >
          <p>
            This runs the statement below on cluster <strong>{rec.cluster}</strong> and records the
            recommendation as applied{rec.status === 'pending' ? ' (accepting it first)' : ''}.
          </p>
          <pre class="statement" data-testid="confirm-statement">
            <code>{rec.sql}</code>
          </pre>
          {error !== undefined && <ErrorBox error={error} />}
        </ConfirmDialog>
      )}
    </section>
  );
}
