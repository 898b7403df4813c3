export type FormState = {
  status: "idle" | "ok" | "error";
  message?: string;
  fields?: Record<string, string>;
  data?: Record<string, string>;
  at?: number;
};
