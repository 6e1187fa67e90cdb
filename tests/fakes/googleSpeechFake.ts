import path from "node:path";
import { GrpcClient, grpc } from "google-gax";

/**
 * Local gRPC stand-ins for Google Cloud Text-to-Speech and Speech-to-Text, built from the
 * .proto files shipped inside the client packages: the clients talk to them exactly as they
 * would to Google. Tests set what they answer and read what they were asked.
 */

type Handler = (call: { request: Record<string, unknown> }, callback: (error: grpc.ServiceError | null, response?: unknown) => void) => void;

interface Behaviour {
  fail?: { code: grpc.status; message: string } | undefined;
  delayMs?: number | undefined;
}

const PROTOS = {
  tts: ["node_modules/@google-cloud/text-to-speech/build/protos", "google/cloud/texttospeech/v1/cloud_tts.proto"],
  stt: ["node_modules/@google-cloud/speech/build/protos", "google/cloud/speech/v1/cloud_speech.proto"],
} as const;

function load(which: keyof typeof PROTOS): Record<string, any> {
  const [root, file] = PROTOS[which];
  return new GrpcClient().loadProto(path.resolve(root), file) as Record<string, any>;
}

export class GoogleSpeechFake {
  readonly ttsRequests: Array<Record<string, any>> = [];
  readonly sttRequests: Array<Record<string, any>> = [];
  tts: Behaviour & { audio: Buffer } = { audio: Buffer.from("ID3fake-mp3-audio") };
  stt: Behaviour & { transcript: string; confidence: number } = { transcript: "", confidence: 0.92 };
  #server = new grpc.Server();
  port = 0;

  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const tts = load("tts");
    const stt = load("stt");
    this.#server.addService(tts.google.cloud.texttospeech.v1.TextToSpeech.service, {
      synthesizeSpeech: this.#handler(this.ttsRequests, () => this.tts, () => ({ audioContent: this.tts.audio })),
      listVoices: (_call: unknown, callback: (e: null, r: unknown) => void) => callback(null, { voices: [] }),
    });
    this.#server.addService(stt.google.cloud.speech.v1.Speech.service, {
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

  #handler(log: Array<Record<string, any>>, behaviour: () => Behaviour, answer: () => unknown): Handler {
    return (call, callback) => {
      log.push(call.request);
      const { fail, delayMs } = behaviour();
      const reply = () => (fail ? callback(Object.assign(new Error(fail.message), { code: fail.code, details: fail.message, metadata: new grpc.Metadata() })) : callback(null, answer()));
      if (delayMs) setTimeout(reply, delayMs);
      else reply();
    };
  }
}
