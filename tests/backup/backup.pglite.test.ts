import { backupSuite } from "./backupSuite.ts";

backupSuite("pglite");
