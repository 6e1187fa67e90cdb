import type { ReviewView } from "../../../services/review/ReviewStore.ts";
import type { Learner, LearnerLang } from "../../../domain/learners/learner.ts";
import type { Features } from "../../../http/featureRoutes.ts";
import type { PublicScene } from "../../../http/sceneRoutes.ts";

/** The HTTP API the client uses (docs/protocol.md, section 8), on the server it was loaded from. */

export interface SignedIn {
  token: string;
  expiresAt: string;
  learner: Learner;
}

/** The parts of `GET /api/v1/lessons/:id` the lesson panel shows. */
export interface LessonOutline {
  id: string;
  title: { ko: string; en: string };
  stages: Array<{ id: string; title: { ko: string; en: string }; activities: Array<{ id: string }> }>;
}

export interface LessonProgress {
  lessonId: string;
  status: "in_progress" | "completed";
  currentActivityId: string | null;
}

export interface UploadedRecording {
  audioId: string;
  durationMs: number;
}

/** A refusal the server explained (`{ error: { code, message } }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The server: the page's own origin, or under the Vite dev server the KOTO it names (web/vite.config.ts). */
export const SERVER_URL: string = (import.meta.env.VITE_KOTO_URL as string | undefined) ?? location.origin;

async function call<T>(path: string, init: RequestInit = {}, token?: string): Promise<T> {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  const response = await fetch(`${SERVER_URL}${path}`, { ...init, headers });
  const body = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string } } | undefined;
  if (!response.ok) throw new ApiError(response.status, body?.error?.code ?? "http_error", body?.error?.message ?? `HTTP ${response.status}`);
  return body as T;
}

export function signInAsGuest(name: string, lang: LearnerLang): Promise<SignedIn> {
  return call("/api/v1/auth/guest", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, lang }) });
}

export async function fetchScenes(): Promise<PublicScene[]> {
  return (await call<{ scenes: PublicScene[] }>("/api/v1/scenes")).scenes;
}

export function fetchFeatures(): Promise<Features> {
  return call("/api/v1/features");
}

export function fetchLesson(lessonId: string): Promise<LessonOutline> {
  return call(`/api/v1/lessons/${encodeURIComponent(lessonId)}`);
}

/** The learner's progress per lesson and their review items (their own mistakes, scheduled to come back). */
export interface LearnerProgress {
  progress: LessonProgress[];
  reviews: ReviewView[];
  reviewsDue: number;
}

export function fetchProgress(token: string): Promise<LearnerProgress> {
  return call("/api/v1/me/progress", {}, token);
}

/** Uploads a recorded answer as the request body; `tutor:audio` then names it. */
export function uploadRecording(token: string, recording: Blob): Promise<UploadedRecording> {
  return call("/api/v1/audio", { method: "POST", headers: { "content-type": recording.type }, body: recording }, token);
}
