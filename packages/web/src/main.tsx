import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, loadChatLayout } from './components/App';
import { initI18n } from './i18n';
import { createClient } from './lib/client';
import { csrfTokenFrom } from './lib/csrf';
// Only what the first screen (log-in, sign-up, emailed links) needs; the chat chunk brings its own styles.
import './styles/base.css';
import './styles/layout.css';
import './styles/forms.css';
import './styles/email.css';

// Signed in (the readable CSRF cookie says so): fetch the chat chunk while the session probe runs.
if (csrfTokenFrom(document.cookie)) void loadChatLayout();
initI18n();
const client = createClient();
const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
