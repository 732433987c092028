import { PASSWORD_POLICY } from '../amplify/constructs/auth-hardening.ts';
import { ADMINS_GROUP } from '../core/groups.ts';
import { LOCAL_REGION, LOCAL_USER_POOL_CLIENT_ID, LOCAL_USER_POOL_ID, SERVICE_PATHS } from './config.ts';

/**
 * The local `amplify_outputs.json`: the shape `ampx` writes for a deployed backend (version 1.4),
 * pointing at the local cloud. Outputs cannot carry a Cognito endpoint, so it goes under
 * `custom.localEndpoints`; the SPA's one extra configuration step reads it (and finds nothing there
 * in production). No identity pool: the app uses user-pool tokens only.
 */
export interface LocalOutputsInput {
  origin: string;
  modelIntrospection: unknown;
}

export function localOutputs({ origin, modelIntrospection }: LocalOutputsInput) {
  return {
    version: '1.4',
    auth: {
      aws_region: LOCAL_REGION,
      user_pool_id: LOCAL_USER_POOL_ID,
      user_pool_client_id: LOCAL_USER_POOL_CLIENT_ID,
      password_policy: {
        min_length: PASSWORD_POLICY.minimumLength,
        require_lowercase: PASSWORD_POLICY.requireLowercase,
        require_uppercase: PASSWORD_POLICY.requireUppercase,
        require_numbers: PASSWORD_POLICY.requireNumbers,
        require_symbols: PASSWORD_POLICY.requireSymbols,
      },
      username_attributes: ['email'],
      standard_required_attributes: ['email'],
      user_verification_types: ['email'],
      unauthenticated_identities_enabled: false,
      mfa_configuration: 'OPTIONAL',
      mfa_methods: ['TOTP'],
      groups: [{ [ADMINS_GROUP]: { precedence: 0 } }],
    },
    data: {
      url: `${origin}${SERVICE_PATHS.graphql}`,
      aws_region: LOCAL_REGION,
      default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
      authorization_types: ['AWS_IAM'],
      model_introspection: modelIntrospection,
    },
    custom: {
      httpApiUrl: `${origin}${SERVICE_PATHS.httpApi}`,
      region: LOCAL_REGION,
      localEndpoints: {
        userPoolEndpoint: `${origin}${SERVICE_PATHS.cognito}`,
        mailViewer: `${origin}${SERVICE_PATHS.mail}`,
      },
    },
  };
}
