import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizePlatform } from './support/environments.ts';
import * as invariants from './support/platform-invariants.ts';
import type { CfnTemplate } from './support/synthesized-backend.ts';

// The shared platform's template (VPC endpoints, database, proxy), checked like the backend's.
let template: CfnTemplate;
beforeAll(() => {
  template = synthesizePlatform().template;
});

/** A deep copy with `edit` applied to every resource of `type`. */
function broken(type: string, edit: (properties: Record<string, unknown>) => void): CfnTemplate {
  const copy: CfnTemplate = structuredClone(template);
  for (const resource of Object.values(copy.Resources ?? {})) {
    if (resource.Type === type) edit(resource.Properties ?? {});
  }
  return copy;
}

describe('the platform (issue 17)', () => {
  it('given each interface endpoint, then its policy admits only this account and the actions the functions call', () => {
    expect(invariants.interfaceEndpointsAdmitOnlyTheCallsWeMake(template)).toEqual([]);
  });
  it("given the S3 gateway endpoint, then its policy admits only report objects of this account's buckets", () => {
    expect(invariants.s3EndpointReachesOnlyReportObjects(template)).toEqual([]);
  });
  it('given the shared database and proxy, then CPU, capacity, local storage and connection saturation alarm', () => {
    expect(invariants.databaseAlarmsSeeSaturation(template)).toEqual([]);
  });
});

describe('each platform check, given the template with that invariant broken', () => {
  it('reports an interface endpoint open to any principal and action', () => {
    const open = broken('AWS::EC2::VPCEndpoint', (endpoint) => {
      delete endpoint.PolicyDocument;
    });
    expect(invariants.interfaceEndpointsAdmitOnlyTheCallsWeMake(open)).toHaveLength(4);
    expect(invariants.s3EndpointReachesOnlyReportObjects(open)).not.toEqual([]);
  });
});
