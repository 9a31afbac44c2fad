import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An OpenAI-compatible server for tests (the OpenAI API is an outside party): POST
 * /v1/chat/completions with the real request and response JSON. It reads the products the
 * client sent in the user message, answers what the test's `respond` says, and reports usage
 * as an estimate of ~4 characters per token (a real server counts with its tokenizer).
 */

/** A product as the client sends it in its prompt. */
export interface PromptProduct {
  productId: string;
  name: string;
  category: string;
  aspects: string[];
  reviews: { id: string; rating: number | null; title: string | null; sentences: string[] }[];
}

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
  products: PromptProduct[];
}

/** What to answer: an object (sent as the message content, JSON), a raw content string, or an HTTP error. */
export type FakeAnswer = unknown | { raw: string } | { httpStatus: number; body: unknown };

export interface FakeOpenAi {
  url: string;
  requests: ChatRequest[];
  usage: { input: number; output: number };
  /** Most requests in flight at once. */
  maxInFlight: number;
  respond: (request: ChatRequest, call: number) => FakeAnswer;
  delayMs: number;
  reset(): void;
  close(): Promise<void>;
}

/** An answer a well-behaved model could give: each product's first review sentence quoted as a pro. */
export function goodAnswer(request: ChatRequest) {
  return {
    products: request.products.map((p) => {
      const quotes = p.reviews.flatMap((r) => (r.sentences[0] ? [{ reviewId: r.id, text: r.sentences[0] }] : [])).slice(0, 3);
      return {
        productId: p.productId,
        summary: `${p.reviews.length} reviews, read by the fake model.`,
        pros: quotes.length > 0 ? [{ text: 'What reviewers say first', support: quotes.length, quotes }] : [],
        cons: [],
        aspects: p.aspects.slice(0, 1).map((name) => ({ name, score: 4, support: 1 })),
        bestFor: { skillLevels: [], terrain: [] },
      };
    }),
  };
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const tokens = (text: string) => Math.ceil(text.length / 4);

export async function startFakeOpenAi(respond: FakeOpenAi['respond'] = goodAnswer): Promise<FakeOpenAi> {
  let inFlight = 0;
  const fake: FakeOpenAi = {
    url: '',
    requests: [],
    usage: { input: 0, output: 0 },
    maxInFlight: 0,
    respond,
    delayMs: 0,
    reset() {
      fake.requests = [];
      fake.usage = { input: 0, output: 0 };
      fake.maxInFlight = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    inFlight++;
    fake.maxInFlight = Math.max(fake.maxInFlight, inFlight);
    try {
      const text = await body(req);
      const parsed = JSON.parse(text) as Omit<ChatRequest, 'products'>;
      const user = parsed.messages.find((m) => m.role === 'user');
      const request: ChatRequest = { ...parsed, products: (JSON.parse(user?.content ?? '{}') as { products?: PromptProduct[] }).products ?? [] };
      fake.requests.push(request);
      if (fake.delayMs > 0) await new Promise((r) => setTimeout(r, fake.delayMs));
      const answer = fake.respond(request, fake.requests.length);
      if (answer && typeof answer === 'object' && 'httpStatus' in answer) {
        const a = answer as { httpStatus: number; body: unknown };
        res.writeHead(a.httpStatus, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
        return;
      }
      const content = answer && typeof answer === 'object' && 'raw' in answer ? String((answer as { raw: string }).raw) : JSON.stringify(answer);
      const usage = { prompt_tokens: tokens(text), completion_tokens: tokens(content) };
      fake.usage.input += usage.prompt_tokens;
      fake.usage.output += usage.completion_tokens;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id: `chatcmpl-${fake.requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: parsed.model,
          choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop', logprobs: null }],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        }),
      );
    } finally {
      inFlight--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
