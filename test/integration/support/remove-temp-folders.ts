import { afterAll } from "vitest";
import { removeTempFolders } from "./temp-folder.ts";

// A setup file: it runs for every integration file, so each file's temp folders go when its tests end.
afterAll(removeTempFolders);
