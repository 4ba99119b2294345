/**
 * What this browser last chose on the sign-in page, so a reload signs the
 * same person in again: a persona (local mode) or a provider. After a sign
 * out the page shows the choices instead of signing in by itself.
 */
export type SignInChoice =
  | { kind: 'persona'; id: string }
  | { kind: 'provider'; id: string }
  | { kind: 'signed-out' };

const KEY = 'launchpad.signIn.choice';

export function readChoice(): SignInChoice | undefined {
  try {
    const value = JSON.parse(window.localStorage.getItem(KEY) ?? 'null');
    if (value && ['persona', 'provider', 'signed-out'].includes(value.kind))
      return value;
  } catch {
    // a damaged entry counts as no choice
  }
  return undefined;
}

export function storeChoice(choice: SignInChoice) {
  window.localStorage.setItem(KEY, JSON.stringify(choice));
}
