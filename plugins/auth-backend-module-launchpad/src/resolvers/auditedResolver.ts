import type { AuditorService } from '@backstage/backend-plugin-api';
import type { SignInResolver } from '@backstage/plugin-auth-node';

/** The `sub` of a Backstage token (the user entity ref), without verifying it: we just issued it. */
function subjectOf(token: string): string | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf-8'),
    );
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A sign-in resolver whose every outcome is an audit event `sign-in`: who
 * signed in with which provider, or why nobody was. (Backstage's auth
 * backend audits nothing itself.) A session refresh resolves again, so it
 * is recorded too.
 */
export function auditedResolver<TResult>(options: {
  auditor: AuditorService;
  providerId: string;
  severityLevel: 'low' | 'medium';
  resolver: SignInResolver<TResult>;
}): SignInResolver<TResult> {
  const { auditor, providerId, severityLevel, resolver } = options;
  return async (info, ctx) => {
    const event = await auditor.createEvent({
      eventId: 'sign-in',
      severityLevel,
      meta: { provider: providerId },
    });
    try {
      const result = await resolver(info, ctx);
      const user = subjectOf(result.token);
      await event.success({
        meta: { provider: providerId, target: user, user },
      });
      return result;
    } catch (error) {
      await event.fail({
        error: error as Error,
        meta: { provider: providerId },
      });
      throw error;
    }
  };
}
