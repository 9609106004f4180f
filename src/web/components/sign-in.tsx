import { useState } from 'preact/hooks';

/** The API key form: the key goes to this tab's session storage and a header, never into the URL. */
export function SignIn(props: { onKey: (key: string) => Promise<string | undefined> }) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="sign-in">
      <h1>Dremio Optimizer</h1>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setProblem(await props.onKey(key.trim()));
          setBusy(false);
        }}
      >
        <p>
          This server asks for an API key (the <code>API_KEY</code> or one of <code>API_KEYS</code> it runs
          with).
        </p>
        <div class="field">
          <label for="api-key">API key</label>
          <input
            id="api-key"
            type="password"
            autocomplete="current-password"
            required
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
            aria-describedby={problem === undefined ? undefined : 'sign-in-problem'}
          />
        </div>
        {problem !== undefined && (
          <p id="sign-in-problem" class="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy || key.trim() === ''}>
          Sign in
        </button>
      </form>
    </main>
  );
}
