/** amplify_outputs.json (vite.config.ts aliases it): what ampx writes, plus the local cloud's extras. */
declare module 'amplify-outputs' {
  const outputs: {
    auth: Record<string, unknown>;
    data: Record<string, unknown>;
    custom?: {
      httpApiUrl?: string;
      region?: string;
      /** Only the local cloud writes this: Cognito endpoints the outputs format cannot carry. */
      localEndpoints?: { userPoolEndpoint?: string; mailViewer?: string };
    };
  };
  export default outputs;
}
