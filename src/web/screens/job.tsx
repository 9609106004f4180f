import type { ScreenProps } from '../app.js';

// PLACEHOLDER: replaced by the screen's implementation before this lands.
export function JobScreen(_props: ScreenProps) {
  return <p>Not built yet.</p>;
}
