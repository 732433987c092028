import { useQuery } from '@tanstack/react-query';
import { fetchMFAPreference } from 'aws-amplify/auth';

export const mfaKey = ['mfa-preference'] as const;

/** Whether the signed-in user has TOTP turned on. */
export function useTotpEnabled() {
  return useQuery({
    queryKey: mfaKey,
    queryFn: async () => (await fetchMFAPreference()).enabled?.includes('TOTP') ?? false,
  });
}
