import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Re-running scorecard evaluations now (`POST /api/scorecards/evaluate`).
 * Evaluations run on a schedule and on catalog changes anyway; an
 * evaluation on demand costs every fact source a full pass, so it is for
 * platform admins.
 *
 * @public
 */
export const scorecardsEvaluatePermission = createPermission({
  name: 'scorecards.evaluate',
  attributes: { action: 'update' },
});

/**
 * Reading the definition files that were rejected, with their errors (which
 * quote the files). Everyone sees the live scorecards and how many files are
 * rejected; the files and errors are for platform admins.
 *
 * @public
 */
export const scorecardsRejectedDefinitionsReadPermission = createPermission({
  name: 'scorecards.definitions.rejected.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the scorecards plugin.
 *
 * @public
 */
export const scorecardsPermissions = [
  scorecardsEvaluatePermission,
  scorecardsRejectedDefinitionsReadPermission,
];
