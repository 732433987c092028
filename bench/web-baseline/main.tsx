// The baseline bench:web compares the SPA with: the Amplify UI Authenticator and the data client on
// their own, configured from the same outputs and built with the same Vite config. Nothing lazy.
import { Authenticator } from '@aws-amplify/ui-react';
import outputs from 'amplify-outputs';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import { createRoot } from 'react-dom/client';

Amplify.configure(outputs as Parameters<typeof Amplify.configure>[0]);
const client = generateClient();
// Keep the client in the bundle: an unused one would be tree-shaken away.
Object.assign(globalThis, { client });
createRoot(document.body).render(<Authenticator />);
