import { backupSuite } from "./backupSuite.ts";

backupSuite("postgres");
