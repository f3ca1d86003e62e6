// Runs in <head> before first paint so the page never flashes the wrong theme.
// Kept in sync with src/lib/theme.ts (same storage key and class names).
(function () {
  let choice = null;
  try {
    choice = localStorage.getItem('natter.theme');
  } catch {
    // Storage can be blocked; fall back to the system preference.
  }
  const prefersDark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  const dark = choice === 'dark' || (choice !== 'light' && prefersDark);
  document.documentElement.classList.add(dark ? 'theme-dark' : 'theme-light');
})();
