/**
 * Installs the offline app shell (/sw.js, built by vite-plugin.ts; the dev
 * server has none). After the page's load, so precaching does not compete with
 * it. A browser without service workers, or a failed registration, leaves the
 * app as it was: it works while the server can be reached.
 *
 * updateViaCache 'none': the browser checks for a new build on every
 * navigation, ignoring the HTTP cache. A new build's worker then waits until
 * no page of the old build is open (worker.ts says why); meanwhile pages
 * loaded while the server is up already get the new build, as navigations go
 * to the network first.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => void navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).catch(() => undefined);
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
