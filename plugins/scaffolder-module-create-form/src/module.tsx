import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';

/** `ui:field: AvailableEntityName`: see fields/AvailableEntityName. */
const availableEntityNameField = FormFieldBlueprint.make({
  name: 'available-entity-name',
  params: {
    field: () =>
      import('./fields/AvailableEntityName').then(m =>
        createFormField({
          name: 'AvailableEntityName',
          component: m.AvailableEntityName,
          validation: m.availableEntityNameValidation,
        }),
      ),
  },
});

/** `ui:field: TeamOwnerPicker`: see fields/TeamOwnerPicker. */
const teamOwnerPickerField = FormFieldBlueprint.make({
  name: 'team-owner-picker',
  params: {
    field: () =>
      import('./fields/TeamOwnerPicker').then(m =>
        createFormField({
          name: 'TeamOwnerPicker',
          component: m.TeamOwnerPicker,
        }),
      ),
  },
});

/** The Create form's own fields, added to the scaffolder plugin. */
export const scaffolderModuleCreateForm = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [availableEntityNameField, teamOwnerPickerField],
});
