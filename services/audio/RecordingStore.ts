import { randomUUID } from "node:crypto";
import type { RecordingInfo } from "../../domain/audio/inspectRecording.ts";
import type { Clock } from "../clock.ts";
import type { Database } from "../database/database.ts";
import type { ObjectStore } from "../storage/ObjectStore.ts";

export interface StoredRecording {
  id: string;
  ownerId: string;
  objectKey: string;
  mimeType: string;
  sizeBytes: number;
  durationMs: number | null;
  expiresAt: Date | null;
}

/**
 * Learners' recordings: the audio in private object storage under the owner's prefix
 * (`recordings/<userId>/<audioId>.<ext>`), a row in `audio_files` with its expiry. Only the
 * owner ever finds a recording; expired ones are deleted, object and row.
 */
export interface RecordingStore {
  save(ownerId: string, audio: Buffer, info: RecordingInfo): Promise<StoredRecording>;
  /** The recording if it exists, belongs to `ownerId` and has not expired. */
  findOwned(id: string, ownerId: string): Promise<StoredRecording | undefined>;
  /** Deletes expired recordings (objects first, then rows); returns how many. */
  deleteExpired(limit?: number): Promise<number>;
}

const EXTENSIONS = { wav: "wav", webm: "webm", ogg: "ogg", mp3: "mp3" } as const;

export class PrismaRecordingStore implements RecordingStore {
  readonly #db: Database;
  readonly #store: ObjectStore;
  readonly #clock: Clock;
  readonly #retentionMs: number;

  constructor(db: Database, store: ObjectStore, clock: Clock, retentionMs: number) {
    this.#db = db;
    this.#store = store;
    this.#clock = clock;
    this.#retentionMs = retentionMs;
  }

  async save(ownerId: string, audio: Buffer, info: RecordingInfo): Promise<StoredRecording> {
    const id = randomUUID();
    const objectKey = `recordings/${ownerId}/${id}.${EXTENSIONS[info.container]}`;
    const now = this.#clock.now();
    await this.#store.put(objectKey, audio, info.mimeType);
    try {
      const row = await this.#db.prisma.audioFile.create({
        data: {
          id,
          ownerId,
          objectKey,
          kind: "recording",
          mimeType: info.mimeType,
          sizeBytes: audio.length,
          durationMs: info.durationMs,
          createdAt: now,
          expiresAt: new Date(now.getTime() + this.#retentionMs),
        },
      });
      return { ...row, ownerId };
    } catch (error) {
      // No row, no recording: do not leave an orphan object behind.
      await this.#store.delete(objectKey).catch(() => {});
      throw error;
    }
  }

  async findOwned(id: string, ownerId: string): Promise<StoredRecording | undefined> {
    const row = await this.#db.prisma.audioFile.findFirst({
      where: { id, ownerId, kind: "recording", OR: [{ expiresAt: null }, { expiresAt: { gt: this.#clock.now() } }] },
    });
    return row ? { ...row, ownerId: row.ownerId! } : undefined;
  }

  async deleteExpired(limit = 500): Promise<number> {
    const expired = await this.#db.prisma.audioFile.findMany({
      where: { kind: "recording", expiresAt: { lte: this.#clock.now() } },
      select: { id: true, objectKey: true },
      take: limit,
    });
    const deleted: string[] = [];
    for (const row of expired) {
      try {
        await this.#store.delete(row.objectKey);
        deleted.push(row.id);
      } catch {
        // Kept for the next round: the row still points at the object.
      }
    }
    if (deleted.length > 0) await this.#db.prisma.audioFile.deleteMany({ where: { id: { in: deleted } } });
    return deleted.length;
  }
}
