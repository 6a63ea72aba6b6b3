export { DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT } from "@portals/shared/proxy";
