import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { configureAmplify } from './amplify-config.ts';
import { SessionProvider } from './auth/session.tsx';
import { keepTokensInSessionStorage } from './auth/token-storage.ts';
import './styles.css';

configureAmplify();
keepTokensInSessionStorage();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);
