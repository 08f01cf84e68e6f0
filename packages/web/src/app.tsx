import type { ReactNode } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthPage } from './ui/auth-page.js';
import { JOIN_PATH, JoinPage } from './ui/join-page.js';
import { Layout, Loading } from './ui/layout.js';
import { returnHere } from './ui/return-to.js';
import { ScriptListPage } from './ui/script-list-page.js';
import { ScriptPage } from './ui/script-page.js';
import { SessionProvider, useSession } from './ui/session.js';
import { TrashPage } from './ui/trash-page.js';

/** Routes of the web client; the server answers every one of these paths with index.html. */
export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/signin" element={<AuthPage mode="signin" />} />
          <Route path="/signup" element={<AuthPage mode="signup" />} />
          <Route path="/" element={<SignedIn><ScriptListPage /></SignedIn>} />
          <Route path="/scripts/:scriptId" element={<SignedIn><ScriptPage /></SignedIn>} />
          <Route path="/trash" element={<SignedIn><TrashPage /></SignedIn>} />
          <Route path={JOIN_PATH} element={<JoinPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}

/** Renders its page for a signed-in person; sends anyone else to sign in, and back here afterwards. */
function SignedIn({ children }: { children: ReactNode }) {
  const { user, error } = useSession();
  const location = useLocation();
  if (user === undefined) return <Layout><Loading what="your session" /></Layout>;
  if (user === null) {
    return error ? <Layout><p className="error" role="alert">{error}</p></Layout> : <Navigate to="/signin" replace state={returnHere(location)} />;
  }
  return children;
}

function NotFound() {
  return (
    <Layout>
      <h1>Nothing here</h1>
      <p>
        <Link to="/">Back to your scripts</Link>
      </p>
    </Layout>
  );
}
