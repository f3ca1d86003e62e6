import { useEffect, useState } from 'react';
import type { AuthOptions, NatterClient } from '@natter/sdk';

/** What the server asks of sign-up; null until known (or when it could not be read). */
export function useAuthOptions(client: NatterClient): AuthOptions | null {
  const [options, setOptions] = useState<AuthOptions | null>(null);
  useEffect(() => {
    let live = true;
    client.authOptions().then(
      (o) => live && setOptions(o),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client]);
  return options;
}
