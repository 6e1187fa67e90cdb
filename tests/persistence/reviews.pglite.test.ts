import { reviewPersistenceSuite } from "./reviewSuite.ts";

reviewPersistenceSuite("pglite");
