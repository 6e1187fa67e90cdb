import path from "node:path";
import { scenesFileSchema, type Scene } from "../../domain/scenes/scene.ts";
import { loadYamlFile } from "./yamlFile.ts";

export async function loadScenes(contentDir: string): Promise<ReadonlyMap<string, Scene>> {
  const file = await loadYamlFile(path.join(contentDir, "scenes.yaml"), scenesFileSchema);
  return new Map(file.scenes.map((scene) => [scene.name, scene]));
}
