import { useState } from 'preact/hooks';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState<'copied' | 'failed' | undefined>();
  return (
    <button
      type="button"
      class="secondary"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setDone('copied');
        } catch {
          setDone('failed');
        }
      }}
    >
      {label}
      <span aria-live="polite" class="copy-state">
        {done === 'copied' ? ' ✓ copied' : done === 'failed' ? ' (select and copy by hand)' : ''}
      </span>
    </button>
  );
}
