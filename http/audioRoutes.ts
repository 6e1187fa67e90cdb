import type { IncomingMessage } from "node:http";
import express, { Router, type Request, type RequestHandler } from "express";
import multer from "multer";
import { z } from "zod";
import { ACCEPTED_CONTENT_TYPES, inspectRecording, type RecordingProblem } from "../domain/audio/inspectRecording.ts";
import type { RecordingStore } from "../services/audio/RecordingStore.ts";
import type { ObjectStore } from "../services/storage/ObjectStore.ts";
import { sendError } from "./errors.ts";
import { learnerOf } from "./learnerAuth.ts";

export interface AudioDeps {
  recordings: RecordingStore;
  store: ObjectStore;
  requireLearner: RequestHandler;
  uploadLimit: RequestHandler;
  maxBytes: number;
  maxSeconds: number;
  urlTtlSeconds: number;
}

const PROBLEMS: Record<RecordingProblem, { status: number; code: string; message: string }> = {
  not_audio: { status: 422, code: "not_audio", message: "The upload is not a WAV, WebM/Opus, Ogg/Opus or MP3 recording." },
  mislabelled: { status: 415, code: "mislabelled_audio", message: "The content type does not match the recording's format." },
  unsupported: { status: 422, code: "unsupported_audio", message: "Use 16-bit PCM WAV, Opus (WebM or Ogg) or MP3." },
  truncated: { status: 422, code: "truncated_audio", message: "The recording is incomplete; record it again." },
  malformed: { status: 422, code: "malformed_audio", message: "The recording's header does not match its contents." },
  // The limit is configured (AUDIO_MAX_SECONDS): the handler puts it into the message.
  too_long: { status: 422, code: "audio_too_long", message: "Recordings may last at most {seconds} seconds." },
  too_short: { status: 422, code: "audio_too_short", message: "The recording is too short to hold an answer." },
};

function isAudioBody(req: IncomingMessage): boolean {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  return ACCEPTED_CONTENT_TYPES.includes(type) || type.startsWith("audio/");
}

/** A form the client got wrong is its error (4xx), never ours: each with a code it can act on. */
const MULTIPART_PROBLEMS: Record<string, { status: number; code: string; message: string }> = {
  LIMIT_FILE_SIZE: { status: 413, code: "payload_too_large", message: "The recording is too large." },
  LIMIT_UNEXPECTED_FILE: { status: 400, code: "unexpected_field", message: "Send the recording as a file in a field named audio." },
  LIMIT_FILE_COUNT: { status: 400, code: "too_many_files", message: "Send one recording per upload." },
  LIMIT_PART_COUNT: { status: 400, code: "too_many_parts", message: "The form has too many parts; send only the audio field." },
  LIMIT_FIELD_COUNT: { status: 400, code: "too_many_parts", message: "The form has too many parts; send only the audio field." },
  LIMIT_FIELD_KEY: { status: 400, code: "too_many_parts", message: "A form field name is too long." },
  LIMIT_FIELD_VALUE: { status: 400, code: "too_many_parts", message: "A form field is too long." },
};
const MALFORMED_FORM = { status: 400, code: "malformed_multipart", message: "The multipart form is malformed or cut off." };

function multipartProblem(error: unknown): { status: number; code: string; message: string } {
  return (error instanceof multer.MulterError && MULTIPART_PROBLEMS[error.code]) || MALFORMED_FORM;
}

/** The recording from a raw audio body or a multipart `audio` field, with its declared type. */
function bodyParsers(maxBytes: number): RequestHandler[] {
  const raw = express.raw({ type: isAudioBody, limit: maxBytes });
  // One file and a few small fields: more than that is not a recording upload.
  const multipart = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5 } }).single("audio");
  const form: RequestHandler = (req, res, next) =>
    multipart(req, res, (error?: unknown) => {
      if (error === undefined) return next();
      const problem = multipartProblem(error);
      return sendError(res, problem.status, problem.code, problem.message);
    });
  return [raw, (req, res, next) => (req.is("multipart/form-data") ? form(req, res, next) : next())];
}

function uploaded(req: Request): { body: Buffer; type: string | undefined } | undefined {
  if (req.file) return { body: req.file.buffer, type: req.file.mimetype };
  if (Buffer.isBuffer(req.body) && req.body.length > 0) return { body: req.body, type: req.get("content-type") };
  return undefined;
}

/** Learners' recordings: upload one (POST /api/v1/audio), or fetch their own (GET /api/v1/audio/:id). */
export function audioRoutes(deps: AudioDeps): Router {
  const router = Router();
  router.post("/api/v1/audio", deps.requireLearner, deps.uploadLimit, ...bodyParsers(deps.maxBytes), async (req, res) => {
    const upload = uploaded(req);
    if (!upload) {
      return sendError(res, 415, "unsupported_media_type", "Send the recording as an audio body (audio/webm, audio/ogg, audio/wav, audio/mpeg) or a multipart field named audio.");
    }
    const inspection = await inspectRecording(upload.body, upload.type, { maxDurationMs: deps.maxSeconds * 1000 });
    if (!inspection.ok) {
      const problem = PROBLEMS[inspection.problem];
      return sendError(res, problem.status, problem.code, problem.message.replace("{seconds}", String(deps.maxSeconds)));
    }
    const saved = await deps.recordings.save(learnerOf(res).userId, upload.body, inspection.info);
    return res.status(201).json({
      audioId: saved.id,
      durationMs: saved.durationMs,
      format: { container: inspection.info.container, codec: inspection.info.codec },
      expiresAt: saved.expiresAt?.toISOString() ?? null,
    });
  });
  router.get("/api/v1/audio/:id", deps.requireLearner, async (req, res) => {
    const id = z.uuid().safeParse(req.params.id);
    const recording = id.success ? await deps.recordings.findOwned(id.data, learnerOf(res).userId) : undefined;
    if (!recording) return sendError(res, 404, "not_found", "No such recording.");
    res.set("Cache-Control", "no-store");
    return res.redirect(302, await deps.store.signedUrl(recording.objectKey, deps.urlTtlSeconds));
  });
  return router;
}
