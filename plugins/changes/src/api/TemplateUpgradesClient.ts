import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { TemplateFleet, TemplateSummary } from './types';

/** What to propose upgrades for: every service of a template, or one service. */
export type UpgradeTarget = { template: string } | { entityRef: string };

/** The template upgrades backend (plugin id `template-upgrades`). */
export interface TemplateUpgradesApi {
  getTemplates(): Promise<TemplateSummary[]>;
  getFleet(templateRef: string): Promise<TemplateFleet>;
  /** Proposes upgrades; the answer is passed on as the server sent it. */
  proposeUpgrades(target: UpgradeTarget): Promise<unknown>;
}

export const templateUpgradesApiRef = createApiRef<TemplateUpgradesApi>({
  id: 'plugin.changes.template-upgrades',
});

export class TemplateUpgradesClient implements TemplateUpgradesApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('template-upgrades');
    const res = await this.deps.fetchApi.fetch(`${base}/${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  async getTemplates() {
    return (await this.call<{ templates: TemplateSummary[] }>('templates'))
      .templates;
  }

  getFleet(templateRef: string) {
    return this.call<TemplateFleet>(
      `fleet?template=${encodeURIComponent(templateRef)}`,
    );
  }

  proposeUpgrades(target: UpgradeTarget) {
    return this.call<unknown>('upgrades', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(target),
    });
  }
}
