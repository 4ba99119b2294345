/** The test org both integration tests start from: two teams, a member each. */
export const TEAMS = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: checkout }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: payments }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: priya }
spec: { memberOf: [checkout] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: omar }
spec: { memberOf: [payments] }
`;
