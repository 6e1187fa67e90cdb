import path from "node:path";
import { GrpcClient, grpc } from "google-gax";

/**
 * Local gRPC stand-ins for Google Cloud Text-to-Speech and Speech-to-Text, built from the
 * .proto files shipped inside the client packages: the clients talk to them exactly as they
 * would to Google. Tests set what they answer and read what they were asked.
 */

type Handler<Request> = (call: { request: Request }, callback: (error: grpc.ServiceError | null, response?: unknown) => void) => void;

/** The fields of a synthesis request the tests read, as the proto loader decodes them. */
export interface TtsRequestSeen {
  input: { text?: string; ssml?: string };
  voice: { languageCode?: string; name?: string };
  audioConfig: { audioEncoding?: string };
}

/** The fields of a recognition request the tests read, as the proto loader decodes them. */
export interface SttRequestSeen {
  config: { languageCode?: string; encoding?: string; sampleRateHertz?: number };
  audio: { content: Buffer };
}

interface Behaviour {
  fail?: { code: grpc.status; message: string } | undefined;
  delayMs?: number | undefined;
}

const PROTOS = {
  tts: ["node_modules/@google-cloud/text-to-speech/build/protos", "google/cloud/texttospeech/v1/cloud_tts.proto", "google.cloud.texttospeech.v1.TextToSpeech"],
  stt: ["node_modules/@google-cloud/speech/build/protos", "google/cloud/speech/v1/cloud_speech.proto", "google.cloud.speech.v1.Speech"],
} as const;

function serviceOf(which: keyof typeof PROTOS): grpc.ServiceDefinition {
  const [root, file, name] = PROTOS[which];
  let node: grpc.GrpcObject[string] = new GrpcClient().loadProto(path.resolve(root), file);
  for (const part of name.split(".")) {
    if (!(part in node)) throw new Error(`${name} is not in ${file}`);
    node = (node as grpc.GrpcObject)[part]!;
  }
  // A service loads as a client constructor carrying its definition; messages and packages do not.
  if (typeof node !== "function") throw new Error(`${name} is not a service`);
  return node.service;
}

export class GoogleSpeechFake {
  readonly ttsRequests: TtsRequestSeen[] = [];
  readonly sttRequests: SttRequestSeen[] = [];
  tts: Behaviour & { audio: Buffer } = { audio: Buffer.from("ID3fake-mp3-audio") };
  stt: Behaviour & { transcript: string; confidence: number } = { transcript: "", confidence: 0.92 };
  #server = new grpc.Server();
  port = 0;

  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.#server.addService(serviceOf("tts"), {
      synthesizeSpeech: this.#handler(this.ttsRequests, () => this.tts, () => ({ audioContent: this.tts.audio })),
      listVoices: (_call: unknown, callback: (e: null, r: unknown) => void) => callback(null, { voices: [] }),
    });
    this.#server.addService(serviceOf("stt"), {
      recognize: this.#handler(this.sttRequests, () => this.stt, () => this.#recognition()),
    });
    this.port = await new Promise<number>((resolve, reject) =>
      this.#server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port))),
    );
    return this;
  }

  stop(): void {
    this.#server.forceShutdown();
  }

  #recognition() {
    if (this.stt.transcript === "") return { results: [], totalBilledTime: { seconds: 1 } };
    return {
      results: [{ alternatives: [{ transcript: this.stt.transcript, confidence: this.stt.confidence }], languageCode: "ko-kr" }],
      totalBilledTime: { seconds: 3, nanos: 0 },
    };
  }

  #handler<Request>(log: Request[], behaviour: () => Behaviour, answer: () => unknown): Handler<Request> {
    return (call, callback) => {
      log.push(call.request);
      const { fail, delayMs } = behaviour();
      const reply = () => (fail ? callback(Object.assign(new Error(fail.message), { code: fail.code, details: fail.message, metadata: new grpc.Metadata() })) : callback(null, answer()));
      if (delayMs) setTimeout(reply, delayMs);
      else reply();
    };
  }
}
