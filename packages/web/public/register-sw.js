// Registers the service worker that lets the app start offline. A file, not inline: the
// Content-Security-Policy forbids inline scripts.
(function () {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  // The development server serves sources that change on every save; they must never come from a cache.
  if (document.querySelector('script[type="module"][src$="main.tsx"]')) return;
  window.addEventListener('load', function () {
    navigator.serviceWorker.register('./sw.js').catch(function () {
      // Without it the app still works online.
    });
  });
})();
