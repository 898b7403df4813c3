export * from "./audit";
export * from "./catalog";
export * from "./desk";
export * from "./identity";
export * from "./monitoring";
export * from "./oncall";
export * from "./requests";
export * from "./sla";
