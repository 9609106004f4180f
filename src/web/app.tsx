import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, onSignedOut, unwrap } from './api.js';
import { Layout } from './components/layout.js';
import { SignIn } from './components/sign-in.js';
import { Loading } from './components/states.js';
import { type Location, useLocation } from './router.js';
import { FindingScreen } from './screens/finding.js';
import { FindingsScreen } from './screens/findings.js';
import { JobScreen } from './screens/job.js';
import { JobsScreen } from './screens/jobs.js';
import { MeasurementScreen } from './screens/measurement.js';
import { MeasurementsScreen } from './screens/measurements.js';
import { OverviewScreen } from './screens/overview.js';
import { RecommendationScreen } from './screens/recommendation.js';
import { RecommendationsScreen } from './screens/recommendations.js';
import { ReflectionsScreen } from './screens/reflections.js';
import { ShapeScreen } from './screens/shape.js';
import { ShapesScreen } from './screens/shapes.js';
import { clearKey, readKey, saveKey } from './session.js';
import { SessionContext } from './session-context.js';

/** What a screen receives: where the reader is, and the path's parameters (an id, decoded). */
export interface ScreenProps {
  readonly where: Location;
  readonly params: readonly string[];
}

const ROUTES: readonly { pattern: RegExp; title: string; screen: FunctionComponent<ScreenProps> }[] = [
  { pattern: /^\/$/, title: 'Overview', screen: OverviewScreen },
  { pattern: /^\/shapes$/, title: 'Query shapes', screen: ShapesScreen },
  { pattern: /^\/shapes\/([^/]+)$/, title: 'Query shape', screen: ShapeScreen },
  { pattern: /^\/findings$/, title: 'Findings', screen: FindingsScreen },
  { pattern: /^\/findings\/([^/]+)$/, title: 'Finding', screen: FindingScreen },
  { pattern: /^\/recommendations$/, title: 'Recommendations', screen: RecommendationsScreen },
  { pattern: /^\/recommendations\/([^/]+)$/, title: 'Recommendation', screen: RecommendationScreen },
  { pattern: /^\/measurements$/, title: 'Measurements', screen: MeasurementsScreen },
  { pattern: /^\/measurements\/([^/]+)$/, title: 'Measurement', screen: MeasurementScreen },
  { pattern: /^\/jobs$/, title: 'Jobs', screen: JobsScreen },
  { pattern: /^\/jobs\/([^/]+)$/, title: 'Job', screen: JobScreen },
  { pattern: /^\/reflections$/, title: 'Reflections', screen: ReflectionsScreen },
];

type SessionState =
  | { state: 'checking' }
  | { state: 'signed-out' }
  | { state: 'signed-in'; client: string; scopes: readonly string[]; keyRequired: boolean };

async function whoAmI(): Promise<SessionState> {
  // Without a key, ask first whether this server wants one: no refused request to show in the console.
  if (readKey() === undefined) {
    const health = await unwrap(api.GET('/health'));
    if (health.keyRequired) return { state: 'signed-out' };
  }
  const { data, response } = await api.GET('/api/v1/session');
  if (response.status === 401) return { state: 'signed-out' };
  if (data === undefined) throw new Error(`the API answered ${response.status} to /api/v1/session`);
  return { state: 'signed-in', client: data.client, scopes: data.scopes, keyRequired: data.keyRequired };
}

export function App() {
  const where = useLocation();
  const [session, setSession] = useState<SessionState>({ state: 'checking' });
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    whoAmI().then(setSession, (e: unknown) => setFailure(String(e)));
    return onSignedOut(() => setSession({ state: 'signed-out' }));
  }, []);

  if (failure !== undefined)
    return (
      <main id="main">
        <h1>Dremio Optimizer</h1>
        <p class="error" role="alert">
          The API did not answer: {failure}
        </p>
      </main>
    );
  if (session.state === 'checking')
    return (
      <main id="main">
        <Loading what="the dashboard" />
      </main>
    );
  if (session.state === 'signed-out')
    return (
      <SignIn
        onKey={async (key) => {
          saveKey(key);
          const next = await whoAmI();
          if (next.state !== 'signed-in') {
            clearKey();
            return 'This server does not know that key.';
          }
          setSession(next);
          return undefined;
        }}
      />
    );

  const signOut = () => {
    clearKey();
    setSession({ state: 'signed-out' });
  };
  let match: RegExpExecArray | null = null;
  const route = ROUTES.find((r) => {
    match = r.pattern.exec(where.path);
    return match !== null;
  });
  const params = (match as RegExpExecArray | null)?.slice(1).map((p) => decodeURIComponent(p)) ?? [];
  return (
    <SessionContext.Provider value={{ client: session.client, scopes: session.scopes }}>
      <Layout
        where={where}
        title={route?.title ?? 'Not found'}
        {...(session.keyRequired ? { onSignOut: signOut } : {})}
      >
        {route === undefined ? (
          <p>
            There is no page at <code>{where.path}</code>.
          </p>
        ) : (
          <route.screen where={where} params={params} />
        )}
      </Layout>
    </SessionContext.Provider>
  );
}
