import { LabelMatcher, MATCHER_OPS } from "@/lib/engine/matchers";

const MAX_MATCHERS = 50;
const LINE = /^\s*([^=!~\s]*)\s*(!=|=~|!~|=)\s*(.*?)\s*$/;

export const MATCHER_SYNTAX_MESSAGE =
  "Write one matcher per line as name=value, name!=value, name=~regex or name!~regex";

// A quoted value ("a b") may carry spaces at its ends or look like an operator; quotes are optional.
function unquote(value: string): string {
  const match = /^"(.*)"$/.exec(value);
  return match ? match[1].replace(/\\(["\\])/g, "$1") : value;
}

// Form text, one matcher per line, into matchers; errors name the line so the form can point at it.
export function parseMatcherText(text: string | undefined): { matchers: LabelMatcher[]; errors: string[] } {
  const matchers: LabelMatcher[] = [];
  const errors: string[] = [];
  const lines = (text ?? "").split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const match = LINE.exec(line);
    if (!match || !MATCHER_OPS.includes(match[2] as never)) {
      errors.push(`Line ${index + 1}: ${MATCHER_SYNTAX_MESSAGE}`);
      continue;
    }
    const parsed = LabelMatcher.safeParse({ name: match[1], op: match[2], value: unquote(match[3]) });
    if (parsed.success) matchers.push(parsed.data);
    else errors.push(`Line ${index + 1}: ${parsed.error.issues[0].message}`);
  }
  if (matchers.length > MAX_MATCHERS) errors.push(`At most ${MAX_MATCHERS} matchers`);
  return { matchers, errors };
}

export function matcherText(matchers: LabelMatcher[]): string {
  return matchers.map((m) => `${m.name}${m.op}${m.value}`).join("\n");
}
