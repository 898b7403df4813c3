import type { Asset, AssetKind, Criticality, Service } from "@/db/schema";
import { createAsset } from "@/lib/catalog/assets";
import { createService } from "@/lib/catalog/services";
import { factoryCtx } from "./context";
import { uniqueName, uniqueSuffix } from "./unique";

export type TestServiceOptions = {
  name?: string;
  description?: string;
  ownerTeamId?: string;
  criticality?: Criticality;
};

export function createTestService(options: TestServiceOptions = {}): Promise<Service> {
  return createService(factoryCtx(), {
    name: options.name ?? uniqueName("Service"),
    description: options.description,
    ownerTeamId: options.ownerTeamId,
    criticality: options.criticality ?? "medium",
  });
}

export type TestAssetOptions = {
  name?: string;
  kind?: AssetKind;
  address?: string;
  ownerTeamId?: string;
  criticality?: Criticality;
  serviceIds?: string[];
};

export function createTestAsset(options: TestAssetOptions = {}): Promise<Asset> {
  return createAsset(factoryCtx(), {
    name: options.name ?? `asset-${uniqueSuffix()}`,
    kind: options.kind ?? "server",
    address: options.address,
    ownerTeamId: options.ownerTeamId,
    criticality: options.criticality ?? "medium",
    serviceIds: options.serviceIds,
  });
}
