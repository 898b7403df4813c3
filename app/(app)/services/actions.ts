"use server";

import { createAsset, deleteAsset, updateAsset } from "@/lib/catalog/assets";
import { createService, deleteService, updateService } from "@/lib/catalog/services";
import { formString, userFormAction } from "@/lib/forms";

function serviceInput(form: FormData) {
  return {
    name: formString(form, "name") ?? "",
    description: formString(form, "description"),
    ownerTeamId: formString(form, "ownerTeamId"),
    criticality: (formString(form, "criticality") ?? "") as never,
  };
}

function assetInput(form: FormData) {
  return {
    ...serviceInput(form),
    kind: (formString(form, "kind") ?? "") as never,
    address: formString(form, "address"),
    serviceIds: form.getAll("serviceIds").map(String),
  };
}

const id = (form: FormData, name: string) => formString(form, name) ?? "";

export const createServiceAction = userFormAction({
  verb: createService,
  input: serviceInput,
  revalidate: ["/services"],
  message: { namespace: "catalog", key: "serviceCreated" },
});
export const updateServiceAction = userFormAction({
  verb: updateService,
  input: (form) => ({ ...serviceInput(form), serviceId: id(form, "serviceId") }),
  revalidate: ["/services"],
  message: { namespace: "common", key: "saved" },
});
export const deleteServiceAction = userFormAction({
  verb: deleteService,
  input: (form) => ({ serviceId: id(form, "serviceId") }),
  revalidate: ["/services"],
});

export const createAssetAction = userFormAction({
  verb: createAsset,
  input: assetInput,
  revalidate: ["/assets"],
  message: { namespace: "catalog", key: "assetCreated" },
});
export const updateAssetAction = userFormAction({
  verb: updateAsset,
  input: (form) => ({ ...assetInput(form), assetId: id(form, "assetId") }),
  revalidate: ["/assets"],
  message: { namespace: "common", key: "saved" },
});
export const deleteAssetAction = userFormAction({
  verb: deleteAsset,
  input: (form) => ({ assetId: id(form, "assetId") }),
  revalidate: ["/assets"],
});
