import type { Location } from 'react-router';

/**
 * Where a person goes after signing in or up: the page that sent them to sign
 * in. It travels in the router's location state rather than in a `?next=`
 * query, so a share link's token never ends up in a URL the server sees, and it
 * survives a reload of the sign-in page.
 */
interface ReturnState {
  returnTo: string;
}

/** Location state for a link or redirect to sign in that should come back to `location` afterwards. */
export function returnHere(location: Pick<Location, 'pathname' | 'search' | 'hash'>): ReturnState {
  return { returnTo: `${location.pathname}${location.search}${location.hash}` };
}

/** The page to return to, or the script list. Only a path of this app is accepted (never `//elsewhere`). */
export function returnTarget(state: unknown): string {
  const returnTo = (state as Partial<ReturnState> | null | undefined)?.returnTo;
  return typeof returnTo === 'string' && returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/';
}
