import { Content, Header, Page } from '@backstage/core-components';
import { useRouteRefParams } from '@backstage/frontend-plugin-api';
import { changeRouteRef } from '../routes';
import { ChangeView } from './ChangeView';

/** /changes/:id */
export function ChangePage() {
  const { id } = useRouteRefParams(changeRouteRef);
  return (
    <Page themeId="tool">
      <Header
        title="Change proposal"
        subtitle="A change to a repository of the portal's git host"
      />
      <Content>
        <ChangeView id={id} />
      </Content>
    </Page>
  );
}
