import outputs from 'amplify-outputs';
import { Amplify, type ResourcesConfig } from 'aws-amplify';
import { ORDERS_API } from './api/rest-api.ts';

/**
 * Configures Amplify from amplify_outputs.json, then adds what the outputs format has no field for:
 * the HTTP API (from `custom.httpApiUrl`) and, only against the local cloud, the Cognito endpoint
 * (`custom.localEndpoints`, absent in production).
 */
export function configureAmplify(): void {
  Amplify.configure(outputs as Parameters<typeof Amplify.configure>[0]);
  const config = Amplify.getConfig();
  const userPoolEndpoint = outputs.custom?.localEndpoints?.userPoolEndpoint;
  const httpApiUrl = outputs.custom?.httpApiUrl;
  const cognito = config.Auth?.Cognito;
  Amplify.configure({
    ...config,
    ...(userPoolEndpoint && cognito
      ? { Auth: { ...config.Auth, Cognito: { ...cognito, userPoolEndpoint } } }
      : {}),
    ...(httpApiUrl
      ? {
          API: {
            ...config.API,
            REST: { [ORDERS_API]: { endpoint: httpApiUrl, region: outputs.custom?.region } },
          },
        }
      : {}),
  } as ResourcesConfig);
}

/** The local mail viewer (sign-up codes, reports), linked from the sign-in page in local runs only. */
export const localMailViewerUrl = outputs.custom?.localEndpoints?.mailViewer;
