"use client";

import { Check, GitMerge, Hand, Paperclip } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import {
  acknowledgeTicketAction,
  changeStatusAction,
  commentAction,
  markDuplicateAction,
  takeTicketAction,
} from "@/app/(app)/tickets/actions";
import { ActionForm, FieldError, SubmitButton } from "@/components/forms/action-form";
import { cn } from "@/components/ui/cn";
import { Input, Label, Select, Textarea } from "@/components/ui/input";
import type { TicketStatus } from "@/db/schema";

export function QuickActions({
  number,
  status,
  canTake,
  canAcknowledge,
}: {
  number: string;
  status: TicketStatus;
  canTake: boolean;
  canAcknowledge: boolean;
}) {
  const t = useTranslations("ticket");
  return (
    <div className="flex flex-wrap gap-2">
      {canTake ? (
        <ActionForm action={takeTicketAction} showSuccess={false}>
          <input type="hidden" name="number" value={number} />
          <input type="hidden" name="status" value={status} />
          <SubmitButton size="lg">
            <Hand className="size-4" aria-hidden />
            {t("take")}
          </SubmitButton>
        </ActionForm>
      ) : null}
      {canAcknowledge ? (
        <ActionForm action={acknowledgeTicketAction}>
          <input type="hidden" name="number" value={number} />
          <SubmitButton size="lg" variant={canTake ? "secondary" : "primary"}>
            <Check className="size-4" aria-hidden />
            {t("acknowledge")}
          </SubmitButton>
        </ActionForm>
      ) : null}
    </div>
  );
}

export function StatusForm({
  number,
  next,
  resolutionCodes,
}: {
  number: string;
  next: { value: TicketStatus; label: string }[];
  resolutionCodes: { value: string; label: string }[];
}) {
  const t = useTranslations("ticket");
  const [status, setStatus] = useState<string>("");
  if (!next.length) return <p className="text-sm text-zinc-500">{t("readOnly")}</p>;
  return (
    <ActionForm
      action={changeStatusAction}
      className="space-y-3"
      aria-label={t("statusHeading")}
      onSuccess={() => setStatus("")}
    >
      <input type="hidden" name="number" value={number} />
      <div>
        <Label htmlFor="s-status">{t("newStatus")}</Label>
        <Select id="s-status" name="status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">{t("chooseStatus")}</option>
          {next.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </Select>
      </div>
      {status === "pending" ? (
        <div>
          <Label htmlFor="s-reason">{t("pendingReason")}</Label>
          <Textarea id="s-reason" name="pendingReason" rows={2} placeholder={t("pendingReasonHint")} />
          <FieldError name="pendingReason" />
        </div>
      ) : null}
      {status === "resolved" ? (
        <>
          <div>
            <Label htmlFor="s-code">{t("resolutionCode")}</Label>
            <Select id="s-code" name="resolutionCode" defaultValue="">
              <option value="">{t("chooseCode")}</option>
              {resolutionCodes.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </Select>
            <FieldError name="resolutionCode" />
          </div>
          <div>
            <Label htmlFor="s-note">{t("resolutionNote")}</Label>
            <Textarea id="s-note" name="resolutionNote" rows={3} />
            <FieldError name="resolutionNote" />
          </div>
        </>
      ) : null}
      <SubmitButton disabled={!status} className="w-full sm:w-auto">
        {t("applyStatus")}
      </SubmitButton>
    </ActionForm>
  );
}

export function CommentForm({ number, canInternal }: { number: string; canInternal: boolean }) {
  const t = useTranslations("ticket");
  const [visibility, setVisibility] = useState<"public" | "internal">(canInternal ? "internal" : "public");
  const tabs = canInternal ? (["public", "internal"] as const) : (["public"] as const);
  const [files, setFiles] = useState<string[]>([]);
  return (
    <ActionForm
      action={commentAction}
      className="space-y-3"
      aria-label={t("commentHeading")}
      onSuccess={() => setFiles([])}
    >
      <input type="hidden" name="number" value={number} />
      <input type="hidden" name="visibility" value={visibility} />
      {tabs.length > 1 ? (
        <div className="flex gap-1" role="radiogroup" aria-label={t("visibility")}>
          {tabs.map((v) => (
            <button
              key={v}
              type="button"
              role="radio"
              aria-checked={visibility === v}
              onClick={() => setVisibility(v)}
              className={cn(
                "rounded-md px-3 py-1.5 text-sm font-medium",
                visibility === v
                  ? v === "internal"
                    ? "bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-100"
                    : "bg-brand-50 text-brand-700 dark:bg-brand-900/40 dark:text-brand-200"
                  : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
              )}
            >
              {t(v === "internal" ? "internalNote" : "publicReply")}
            </button>
          ))}
        </div>
      ) : null}
      <div>
        <Label htmlFor="c-body" className="sr-only">
          {t("comment")}
        </Label>
        <Textarea
          id="c-body"
          name="body"
          rows={4}
          placeholder={visibility === "internal" ? t("internalPlaceholder") : t("publicPlaceholder")}
          className={visibility === "internal" ? "bg-amber-50/60 dark:bg-amber-950/30" : undefined}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
          }}
        />
        <FieldError name="body" />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <label
            htmlFor="c-files"
            className="inline-flex cursor-pointer items-center gap-1.5 rounded-md border border-zinc-300 px-3 py-1.5 text-sm text-zinc-700 focus-within:ring-2 focus-within:ring-brand-500/40 hover:bg-zinc-50 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
          >
            <Paperclip className="size-4" aria-hidden />
            {files.length ? t("filesChosen", { count: files.length }) : t("attach")}
            <input
              id="c-files"
              name="attachments"
              type="file"
              multiple
              className="sr-only"
              onChange={(e) => setFiles([...(e.target.files ?? [])].map((f) => f.name))}
            />
          </label>
          {files.length ? <p className="mt-1 max-w-64 truncate text-xs text-zinc-500">{files.join(", ")}</p> : null}
          <FieldError name="attachments" />
        </div>
        <SubmitButton>{visibility === "internal" ? t("addNote") : t("sendReply")}</SubmitButton>
      </div>
    </ActionForm>
  );
}

export function DuplicateForm({ number }: { number: string }) {
  const t = useTranslations("ticket");
  return (
    <ActionForm
      action={markDuplicateAction}
      className="flex flex-wrap items-end gap-2"
      confirm={t("mergeConfirm")}
      aria-label={t("markDuplicate")}
    >
      <input type="hidden" name="number" value={number} />
      <div className="min-w-0 flex-1">
        <Label htmlFor="d-of">{t("duplicateOf")}</Label>
        <Input id="d-of" name="duplicateOf" placeholder="INC-000123" />
        <FieldError name="duplicateOf" />
      </div>
      <SubmitButton variant="secondary">
        <GitMerge className="size-4" aria-hidden />
        {t("merge")}
      </SubmitButton>
    </ActionForm>
  );
}
