import { Stack } from 'aws-cdk-lib';
import { CfnDataSource, CfnFunctionConfiguration, type CfnResolver } from 'aws-cdk-lib/aws-appsync';
import { Construct } from 'constructs';
import {
  IAM_CHECKED_BY_THEIR_OWN_RESOLVER,
  IAM_GATE_REQUEST_TEMPLATE,
  IAM_GATE_RESPONSE_TEMPLATE,
} from '../data/iam-callers.ts';

export interface IamReadGateProps {
  apiId: string;
  /** Every resolver of the API (Amplify's `cfnResources.cfnResolvers`). */
  resolvers: Record<string, CfnResolver>;
}

/**
 * Puts a pipeline function that refuses IAM callers in front of every resolver Amplify generated
 * (amplify/data/iam-callers.ts says why). AppSync has no resource policy and Amplify no option to
 * narrow IAM, so the refusal has to be in the pipeline.
 */
export class IamReadGate extends Construct {
  readonly function: CfnFunctionConfiguration;

  constructor(scope: Construct, id: string, { apiId, resolvers }: IamReadGateProps) {
    super(scope, id);
    const none = new CfnDataSource(this, 'NoneDataSource', { apiId, name: 'IamGateNone', type: 'NONE' });
    this.function = new CfnFunctionConfiguration(this, 'Function', {
      apiId,
      name: 'RefuseIamCallers',
      description: 'Refuses every IAM caller: Amplify admits any IAM principal outside the identity pool',
      dataSourceName: none.attrName,
      functionVersion: '2018-05-29',
      requestMappingTemplate: IAM_GATE_REQUEST_TEMPLATE,
      responseMappingTemplate: IAM_GATE_RESPONSE_TEMPLATE,
    });

    const ownChecks: readonly string[] = IAM_CHECKED_BY_THEIR_OWN_RESOLVER;
    for (const resolver of Object.values(resolvers)) {
      if (ownChecks.includes(`${resolver.typeName}.${resolver.fieldName}`)) continue;
      const pipeline = Stack.of(resolver).resolve(resolver.pipelineConfig) as
        | { functions?: unknown[] }
        | undefined;
      if (!pipeline?.functions?.length) {
        throw new Error(`${resolver.typeName}.${resolver.fieldName} is not a pipeline resolver`);
      }
      resolver.addPropertyOverride('PipelineConfig.Functions', [
        this.function.attrFunctionId,
        ...pipeline.functions,
      ]);
    }
  }
}
