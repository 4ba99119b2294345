// @ts-check
/**
 * The people who can sign in at the test provider. Most are people of the
 * demo company (catalog/org.yaml), with the email and username the catalog
 * knows; one is known to the catalog only by username (a contractor address),
 * and one is not in the catalog at all.
 */

/** Every demo account's password (a test provider: nothing to protect). */
export const DEMO_PASSWORD = 'northwind';

/** @param {string} username @param {string} name @param {string} [email] */
const person = (username, name, email = `${username}@northwind.example`) => ({
  sub: `sub-${username}`,
  preferred_username: username,
  name,
  email,
  password: DEMO_PASSWORD,
});

export const demoAccounts = [
  // a developer of the Checkout team
  person('priya.nair', 'Priya Nair'),
  // a platform engineer (group:default/platform: platform admin)
  person('raj.patel', 'Raj Patel'),
  // VP Engineering, lead of the engineering department
  person('david.reyes', 'David Reyes'),
  // in the catalog, but signs in with an address the catalog does not know:
  // found by username
  person('marcus.chen', 'Marcus Chen', 'marcus@contractor.example'),
  // not in the catalog at all
  person('zoe.quinn', 'Zoe Quinn'),
];
