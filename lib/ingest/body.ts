import { AppError } from "@/lib/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

function tooLarge() {
  return new AppError("too_large", `The body is larger than ${MAX_BODY_BYTES} bytes (1 MiB)`);
}

export function assertJsonContentType(request: Request) {
  const contentType = request.headers.get("content-type");
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json")
    throw new AppError(
      "unsupported_media_type",
      `Content-Type must be application/json, not ${contentType ? `'${contentType}'` : "missing"}`,
    );
}

// Content-Length may be absent (chunked) or wrong, so the bytes actually read are counted too.
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid", "The body is not valid UTF-8");
  }
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid", `Malformed JSON: ${(error as Error).message}`);
  }
}
