import type { UpgradeProposal } from '../api/types';

/**
 * Where an upgrade proposal's link goes: the portal's change page when the
 * proposal lives on the portal's git host (its URL is relative or on the
 * portal's origin), else its URL on GitHub/GitLab, only if http(s).
 */
export function proposalLink(
  proposal: Pick<UpgradeProposal, 'id' | 'url'>,
  appOrigin: string,
): { internal: true } | { internal: false; href?: string } {
  let url: URL;
  try {
    url = new URL(proposal.url, appOrigin);
  } catch {
    return { internal: true };
  }
  if (url.origin === appOrigin) return { internal: true };
  if (url.protocol === 'https:' || url.protocol === 'http:')
    return { internal: false, href: url.href };
  return { internal: false };
}
