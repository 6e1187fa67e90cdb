import { sessionPersistenceSuite } from "./sessionSuite.ts";

sessionPersistenceSuite("pglite");
