"use client";

export { default } from "@portals/shared/global-error";
