
/** What a token may do. People hold USER; trusted services hold one service role. */
export enum Role {
  USER = 'USER',
  CREDIT_BUREAU = 'CREDIT_BUREAU',
  IDENTITY_VERIFIER = 'IDENTITY_VERIFIER',
  /** Suspends and reinstates accounts. */
  TRUST_AND_SAFETY = 'TRUST_AND_SAFETY',
}

export const SERVICE_ROLES: readonly Role[] = [Role.CREDIT_BUREAU, Role.IDENTITY_VERIFIER, Role.TRUST_AND_SAFETY];

export function parseRole(value: string): Role | undefined {
  return (Object.values(Role) as string[]).includes(value) ? (value as Role) : undefined;
}

/** Who is asking: a person (their user id) or a trusted service. */
export interface Principal {
  kind: 'user' | 'service';
  /** The user id for a person; `service:<role>` for a service. */
  id: string;
  roles: Role[];
  /** A person's session, from the token's `sid`: ending the session refuses the token. */
  sessionId?: string;
}

/** Whether the viewer is trust and safety (who reads every report and the whole moderation log). */
export function isTrustAndSafety(viewer: Principal | null): boolean {
  return viewer?.roles.includes(Role.TRUST_AND_SAFETY) ?? false;
}
