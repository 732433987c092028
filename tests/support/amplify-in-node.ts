import { Amplify } from 'aws-amplify';
import WebSocket from 'ws';
import type { LocalCloud } from '../../local-cloud/local-cloud.ts';
import { ORDERS_API } from '../../src/api/rest-api.ts';

/**
 * What the aws-amplify client needs to run in Node against the local cloud, and nothing else:
 * - a global WebSocket (Node 20 has none) that trusts the local CA, for AppSync realtime, which the
 *   client always opens as wss:// on data.url's origin;
 * - fetch to the same routes on the loopback HTTP listener, because Node's fetch cannot be given a
 *   CA after start-up. The client still builds every URL from the TLS origin, as in a browser.
 * Returns a function that restores both.
 */
export function runAmplifyInNode(input: {
  httpsOrigin: string;
  httpOrigin: string;
  caCert: string;
}): () => void {
  const realFetch = globalThis.fetch;
  const realWebSocket = globalThis.WebSocket;
  globalThis.WebSocket = class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { ca: input.caCert });
    }
  } as unknown as typeof globalThis.WebSocket;
  const toLoopback = (url: string) => url.replace(input.httpsOrigin, input.httpOrigin);
  globalThis.fetch = (resource, init) =>
    realFetch(
      typeof resource === 'string' || resource instanceof URL
        ? toLoopback(String(resource))
        : new Request(toLoopback(resource.url), resource),
      init,
    );
  return () => {
    globalThis.fetch = realFetch;
    globalThis.WebSocket = realWebSocket;
  };
}

/**
 * The aws-amplify client configured for a running local cloud as the SPA configures it, and able to
 * reach it from Node (runAmplifyInNode). Returns the function that undoes the latter.
 */
export function configureAmplifyFor(cloud: LocalCloud): () => void {
  const restore = runAmplifyInNode({
    httpsOrigin: cloud.origin,
    httpOrigin: cloud.internalUrl,
    caCert: cloud.caCert,
  });
  const outputs = cloud.outputs;
  Amplify.configure(outputs as never);
  const config = Amplify.getConfig();
  // The SPA's one extra step: the local endpoints the outputs file cannot carry in its own fields.
  Amplify.configure({
    ...config,
    Auth: {
      Cognito: {
        ...config.Auth?.Cognito,
        userPoolEndpoint: outputs.custom.localEndpoints.userPoolEndpoint,
      } as never,
    },
    API: {
      ...config.API,
      REST: { [ORDERS_API]: { endpoint: outputs.custom.httpApiUrl, region: outputs.custom.region } },
    },
  });
  return restore;
}
