import { App, RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { environmentOf } from './environment.ts';

const PRODUCTION = ['main'];
const appFor = (type: string, name: string) =>
  new App({
    context: {
      'amplify-backend-namespace': 'd1a2b3c4example',
      'amplify-backend-name': name,
      'amplify-backend-type': type,
    },
  });

describe('environmentOf', () => {
  it('given the branch named in productionBranches, then its data is retained and its database kept', () => {
    const environment = environmentOf(appFor('branch', 'main'), PRODUCTION);
    expect(environment).toMatchObject({
      name: 'd1a2b3c4example-main-branch',
      production: true,
      removalPolicy: RemovalPolicy.RETAIN,
      databaseRemoval: 'retain',
    });
  });

  it('given another branch, then it is disposable like a sandbox', () => {
    const environment = environmentOf(appFor('branch', 'feature-x'), PRODUCTION);
    expect(environment).toMatchObject({
      production: false,
      removalPolicy: RemovalPolicy.DESTROY,
      databaseRemoval: 'destroy',
    });
  });

  it('given a sandbox whose name is a production branch name, then it is still disposable', () => {
    expect(environmentOf(appFor('sandbox', 'main'), PRODUCTION).production).toBe(false);
  });

  it('given two environments, then their databases differ', () => {
    const alice = environmentOf(appFor('sandbox', 'alice'), PRODUCTION).database.database;
    const bob = environmentOf(appFor('sandbox', 'bob'), PRODUCTION).database.database;
    expect(alice).not.toBe(bob);
  });

  it('given no ampx context, then it refuses to guess', () => {
    expect(() => environmentOf(new App(), PRODUCTION)).toThrow(/amplify-backend-namespace is missing/);
  });
});
