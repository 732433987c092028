import type { FunctionResources } from '@aws-amplify/plugin-types';

/** What `defineBackend` gives back for each `defineFunction`: the bits the constructs use. */
export interface BackendFunction {
  resources: FunctionResources;
  addEnvironment(key: string, value: string): void;
}
