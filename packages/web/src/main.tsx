import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { initI18n } from './i18n';
import { createClient } from './lib/client';
import './styles/base.css';
import './styles/layout.css';
import './styles/chat.css';
import './styles/forms.css';
import './styles/email.css';
import './styles/social.css';

initI18n();
const client = createClient();
const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
