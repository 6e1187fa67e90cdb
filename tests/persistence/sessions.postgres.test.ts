import { sessionPersistenceSuite } from "./sessionSuite.ts";

sessionPersistenceSuite("postgres");
