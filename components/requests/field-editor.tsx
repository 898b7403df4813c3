"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState } from "react";
import { FieldError, useFormState } from "@/components/forms/action-form";
import { Button } from "@/components/ui/button";
import { Input, Label, Select, Textarea } from "@/components/ui/input";

const FIELD_TYPES = ["text", "textarea", "number", "date", "select", "checkbox"] as const;
type FieldType = (typeof FIELD_TYPES)[number];

export type EditableField = {
  key: string;
  label: string;
  type: FieldType;
  isRequired: boolean;
  options?: string[];
  help?: string;
};

type Row = {
  rowId: number;
  key: string;
  label: string;
  type: FieldType;
  isRequired: boolean;
  optionsText: string;
  help: string;
  isKeyEdited: boolean;
};

function toRow(field: EditableField, rowId: number): Row {
  return {
    rowId,
    key: field.key,
    label: field.label,
    type: field.type,
    isRequired: field.isRequired,
    optionsText: (field.options ?? []).join("\n"),
    help: field.help ?? "",
    isKeyEdited: true,
  };
}

function slugOf(label: string) {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "")
    .slice(0, 50);
  return slug;
}

function serialise(rows: Row[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      key: row.key,
      label: row.label,
      type: row.type,
      isRequired: row.isRequired,
      ...(row.type === "select"
        ? {
            options: row.optionsText
              .split("\n")
              .map((o) => o.trim())
              .filter(Boolean),
          }
        : {}),
      ...(row.help.trim() ? { help: row.help } : {}),
    })),
  );
}

// The request type's form fields, edited as a list and sent as JSON in one hidden input.
export function FieldEditor({
  name = "fields",
  initial = [],
  resetOnSuccess = false,
}: {
  name?: string;
  initial?: EditableField[];
  resetOnSuccess?: boolean;
}) {
  const t = useTranslations("requestCatalog.fields");
  const baseId = useId();
  const [rows, setRows] = useState<Row[]>(() => initial.map(toRow));
  const nextRowId = useRef(initial.length);
  const { state } = useFormState();

  useEffect(() => {
    if (resetOnSuccess && state.status === "ok" && state.at) setRows([]);
  }, [resetOnSuccess, state.status, state.at]);

  const update = (rowId: number, patch: Partial<Row>) =>
    setRows((current) =>
      current.map((row) => {
        if (row.rowId !== rowId) return row;
        const next = { ...row, ...patch };
        if (patch.label !== undefined && !row.isKeyEdited) next.key = slugOf(patch.label);
        return next;
      }),
    );
  const move = (index: number, step: -1 | 1) =>
    setRows((current) => {
      const next = [...current];
      [next[index], next[index + step]] = [next[index + step], next[index]];
      return next;
    });
  const add = () =>
    setRows((current) => [
      ...current,
      { ...toRow({ key: "", label: "", type: "text", isRequired: false }, nextRowId.current++), isKeyEdited: false },
    ]);

  return (
    <fieldset className="@container min-w-0 space-y-3">
      <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">{t("heading")}</legend>
      <p className="-mt-1 text-xs text-zinc-500 dark:text-zinc-400">{t("hint")}</p>
      <input type="hidden" name={name} value={serialise(rows)} />
      <FieldError name={name} />
      {rows.length === 0 ? (
        <p className="rounded-md border border-dashed border-zinc-300 px-3 py-4 text-center text-sm text-zinc-500 dark:border-zinc-700">
          {t("none")}
        </p>
      ) : (
        <ol className="space-y-3">
          {rows.map((row, index) => {
            const id = (part: string) => `${baseId}-${row.rowId}-${part}`;
            const error = (part: string) => `${name}.${index}.${part}`;
            return (
              <li
                key={row.rowId}
                className="rounded-lg border border-zinc-200 bg-white p-3 shadow-xs dark:border-zinc-700 dark:bg-zinc-900"
                data-testid="field-row"
              >
                <div className="mb-2 flex items-center justify-between gap-2">
                  <span className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">
                    {t("field", { n: index + 1 })}
                  </span>
                  <div className="flex items-center gap-0.5">
                    <Button
                      variant="ghost"
                      size="sm"
                      className="w-8 px-0"
                      onClick={() => move(index, -1)}
                      disabled={index === 0}
                      aria-label={t("moveUp")}
                      title={t("moveUp")}
                    >
                      <ArrowUp className="size-4" aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      className="w-8 px-0"
                      onClick={() => move(index, 1)}
                      disabled={index === rows.length - 1}
                      aria-label={t("moveDown")}
                      title={t("moveDown")}
                    >
                      <ArrowDown className="size-4" aria-hidden />
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      className="w-8 px-0 text-red-600 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-950"
                      onClick={() => setRows((current) => current.filter((r) => r.rowId !== row.rowId))}
                      aria-label={t("remove")}
                      title={t("remove")}
                    >
                      <Trash2 className="size-4" aria-hidden />
                    </Button>
                  </div>
                </div>
                <div className="grid grid-cols-1 gap-3 @md:grid-cols-2">
                  <div>
                    <Label htmlFor={id("label")}>{t("label")}</Label>
                    <Input
                      id={id("label")}
                      value={row.label}
                      maxLength={100}
                      onChange={(e) => update(row.rowId, { label: e.target.value })}
                    />
                    <FieldError name={error("label")} />
                  </div>
                  <div>
                    <Label htmlFor={id("key")}>{t("key")}</Label>
                    <Input
                      id={id("key")}
                      value={row.key}
                      maxLength={50}
                      autoCapitalize="off"
                      spellCheck={false}
                      className="font-mono"
                      aria-describedby={id("key-hint")}
                      onChange={(e) => update(row.rowId, { key: e.target.value, isKeyEdited: true })}
                    />
                    <p id={id("key-hint")} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                      {t("keyHint")}
                    </p>
                    <FieldError name={error("key")} />
                  </div>
                  <div>
                    <Label htmlFor={id("type")}>{t("type")}</Label>
                    <Select
                      id={id("type")}
                      value={row.type}
                      onChange={(e) => update(row.rowId, { type: e.target.value as FieldType })}
                    >
                      {FIELD_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {t(`types.${type}`)}
                        </option>
                      ))}
                    </Select>
                    <FieldError name={error("type")} />
                  </div>
                  <label className="flex items-center gap-2 self-end pb-2.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">
                    <input
                      type="checkbox"
                      checked={row.isRequired}
                      onChange={(e) => update(row.rowId, { isRequired: e.target.checked })}
                      className="size-4 rounded border-zinc-300 accent-brand-600"
                    />
                    {t("required")}
                  </label>
                  {row.type === "select" ? (
                    <div className="@md:col-span-2">
                      <Label htmlFor={id("options")}>{t("options")}</Label>
                      <Textarea
                        id={id("options")}
                        value={row.optionsText}
                        rows={3}
                        aria-describedby={id("options-hint")}
                        onChange={(e) => update(row.rowId, { optionsText: e.target.value })}
                      />
                      <p id={id("options-hint")} className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
                        {t("optionsHint")}
                      </p>
                      <FieldError name={error("options")} />
                    </div>
                  ) : null}
                  <div className="@md:col-span-2">
                    <Label htmlFor={id("help")}>
                      {t("help")} <span className="font-normal text-zinc-400">· {t("optional")}</span>
                    </Label>
                    <Input
                      id={id("help")}
                      value={row.help}
                      maxLength={300}
                      onChange={(e) => update(row.rowId, { help: e.target.value })}
                    />
                    <FieldError name={error("help")} />
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <Button variant="secondary" size="sm" onClick={add}>
        <Plus className="size-4" aria-hidden />
        {t("add")}
      </Button>
    </fieldset>
  );
}
