import { useState } from 'react';
import { applyTheme, storedTheme, THEMES, type Theme } from './theme.js';

/** System / Light / Dark, in the page's top bar. */
export function ThemeSwitch() {
  const [theme, setTheme] = useState<Theme>(storedTheme);
  return (
    <select
      className="theme-switch"
      aria-label="Theme"
      value={theme}
      onChange={(event) => {
        const chosen = event.target.value as Theme;
        applyTheme(chosen);
        setTheme(chosen);
      }}
    >
      {THEMES.map(({ theme: value, name }) => (
        <option key={value} value={value}>
          {name}
        </option>
      ))}
    </select>
  );
}
