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

// Signed in (the readable CSRF cookie, any prefix, says so): start fetching the chat chunk and its
// styles now, alongside the main chunk, instead of after it has run. The build lists them in the meta.
(function () {
  const hint = document.querySelector('meta[name="natter-chat-preload"]');
  if (!hint || !/(^|;\s*)([^=;]*-)?natter_csrf=/.test(document.cookie)) return;
  for (const href of hint.content.split(' ').filter(Boolean)) {
    const link = document.createElement('link');
    const css = href.endsWith('.css');
    link.rel = css ? 'preload' : 'modulepreload';
    if (css) link.as = 'style';
    link.crossOrigin = '';
    link.href = href;
    document.head.appendChild(link);
  }
})();
