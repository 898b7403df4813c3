import { z } from "zod";
import { RESOLUTION_CODES, TICKET_STATUSES, TICKET_TYPES } from "@/db/schema";

export const Level = z.coerce
  .number({ error: "Use 1 (high), 2 (medium) or 3 (low)" })
  .int("Use 1 (high), 2 (medium) or 3 (low)")
  .min(1, "Use 1 (high), 2 (medium) or 3 (low)")
  .max(3, "Use 1 (high), 2 (medium) or 3 (low)");

export const TicketNumber = z
  .string()
  .trim()
  .regex(/^(INC|REQ)-\d{1,12}$/i, "A ticket number looks like INC-000042 or REQ-000042")
  .transform((v) => v.toUpperCase());

// Browsers submit textarea line breaks as CRLF; store one form so search and Markdown see the same text.
const lf = (v: string) => v.replace(/\r\n?/g, "\n");

export const Title = z.string().trim().min(1, "Title is required").max(300, "Title is at most 300 characters");
export const Description = z
  .string()
  .transform(lf)
  .pipe(z.string().max(20_000, "Description is at most 20000 characters"));
const Ref = z.uuid("Expected an id").nullish();

export const RequestFieldInput = z.record(
  z.string().max(100),
  z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]),
);

export const CreateTicket = z.object({
  type: z.enum(TICKET_TYPES, { error: "type: use incident or service_request" }).default("incident"),
  title: Title,
  description: Description.default(""),
  impact: Level.optional(),
  urgency: Level.optional(),
  isMajor: z.boolean().default(false),
  serviceId: Ref,
  assetId: Ref,
  teamId: Ref,
  assigneeId: Ref,
  requesterId: Ref,
  watcherIds: z.array(z.uuid("Expected a user id")).max(50).default([]),
  requestTypeId: Ref,
  requestFields: RequestFieldInput.default({}),
  parentNumber: TicketNumber.nullish(),
});
export type CreateTicket = z.input<typeof CreateTicket>;

export const UpdateTicket = z.object({
  number: TicketNumber,
  version: z.coerce.number().int().positive("version: the version you last read").optional(),
  title: Title.optional(),
  description: Description.optional(),
  impact: Level.optional(),
  urgency: Level.optional(),
  isMajor: z.boolean().optional(),
  serviceId: Ref,
  assetId: Ref,
  teamId: Ref,
  assigneeId: Ref,
  requesterId: Ref,
  watcherIds: z.array(z.uuid("Expected a user id")).max(50).optional(),
  status: z.enum(TICKET_STATUSES, { error: `status: use ${TICKET_STATUSES.join(", ")}` }).optional(),
  pendingReason: z.string().trim().max(1000, "Reason is at most 1000 characters").optional(),
  resolutionCode: z.enum(RESOLUTION_CODES, { error: `resolutionCode: use ${RESOLUTION_CODES.join(", ")}` }).optional(),
  resolutionNote: z.string().trim().max(5000, "Note is at most 5000 characters").optional(),
  parentNumber: TicketNumber.nullish(),
});
export type UpdateTicket = z.input<typeof UpdateTicket>;

export const AddComment = z.object({
  number: TicketNumber,
  body: z
    .string()
    .transform(lf)
    .pipe(z.string().trim().min(1, "Write a comment").max(20_000, "A comment is at most 20000 characters")),
  internal: z.boolean().default(false),
});
export type AddComment = z.input<typeof AddComment>;
