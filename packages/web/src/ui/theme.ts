/**
 * The colour scheme: the system's (prefers-color-scheme), or one the writer
 * chose, kept in this browser. styles.css gives every colour for both
 * schemes with light-dark(); a chosen scheme only pins `color-scheme` on
 * <html> through data-theme.
 */
export type Theme = 'system' | 'light' | 'dark';

export const THEMES: readonly { theme: Theme; name: string }[] = [
  { theme: 'system', name: 'System' },
  { theme: 'light', name: 'Light' },
  { theme: 'dark', name: 'Dark' },
];

const STORAGE_KEY = 'writersroom/theme';

export function storedTheme(): Theme {
  const stored = readStorage();
  return THEMES.some(({ theme }) => theme === stored) ? (stored as Theme) : 'system';
}

/** Shows the page in `theme` now and remembers it for the next visit. */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = theme;
  writeStorage(theme);
}

// Storage can be refused (a locked-down profile): the page then follows the system, or the choice lasts for the visit.
function readStorage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeStorage(theme: Theme): void {
  try {
    if (theme === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // As above: nothing to keep it in.
  }
}
