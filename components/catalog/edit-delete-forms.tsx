import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { ActionForm, type FormState, SubmitButton } from "@/components/forms/action-form";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

// A record's save form and its delete button, both carrying the record's id as a hidden field.
export async function EditDeleteForms({
  idName,
  id,
  fields,
  updateAction,
  deleteAction,
  deleteConfirm,
}: {
  idName: string;
  id: string;
  fields: ReactNode;
  updateAction: Action;
  deleteAction: Action;
  deleteConfirm: string;
}) {
  const tc = await getTranslations("common");
  return (
    <>
      <ActionForm action={updateAction} resetOnSuccess={false} className="space-y-3">
        <input type="hidden" name={idName} value={id} />
        {fields}
        <SubmitButton>{tc("save")}</SubmitButton>
      </ActionForm>
      <ActionForm action={deleteAction} confirm={deleteConfirm} className="mt-3">
        <input type="hidden" name={idName} value={id} />
        <SubmitButton variant="danger-outline" size="sm">
          {tc("delete")}
        </SubmitButton>
      </ActionForm>
    </>
  );
}
