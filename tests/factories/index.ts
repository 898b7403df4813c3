export * from "./catalog";
export * from "./context";
export * from "./desk";
export * from "./integrations";
export * from "./teams";
export * from "./tokens";
export * from "./unique";
export * from "./users";
