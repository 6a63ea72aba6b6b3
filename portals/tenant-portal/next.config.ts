import { portalNextConfig } from "@portals/shared/next-config";

export default portalNextConfig(__dirname);
