import { approxTokens } from '@cqb/datasets';

/** One OpenAI chat message; `content` is a string or a list of typed parts. */
export interface ChatMessage {
  role: string;
  content: string | { type: string; text?: string }[];
}

/** A parsed chat-completions request body. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
}

/** Returns the request body as a {@link ChatRequest}, or an error message naming what is wrong. */
export function parseChatRequest(body: unknown): ChatRequest | string {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
  const { model, messages } = body as { model?: unknown; messages?: unknown };
  if (typeof model !== 'string' || model === '') return 'model must be a non-empty string';
  if (!Array.isArray(messages) || messages.length === 0)
    return 'messages must be a non-empty array';
  if (!messages.every(isChatMessage)) return 'each message needs a role and a content';
  return { model, messages };
}

function isChatMessage(m: unknown): m is ChatMessage {
  if (typeof m !== 'object' || m === null) return false;
  const { role, content } = m as { role?: unknown; content?: unknown };
  return typeof role === 'string' && (typeof content === 'string' || Array.isArray(content));
}

/** Text of a message: the string content, or its text parts joined with newlines. */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.map((p) => p.text ?? '').join('\n');
}

/** Text of the last message whose role is `user` ('' when there is none). */
export function lastUserText(request: ChatRequest): string {
  const users = request.messages.filter((m) => m.role === 'user');
  const last = users[users.length - 1];
  return last ? messageText(last) : '';
}

/** Prompt tokens of a request: the token estimate over every message's text. */
export function promptTokens(request: ChatRequest): number {
  return approxTokens(request.messages.map(messageText).join('\n'));
}

/** The OpenAI-compatible response body of a completed chat request. */
export function chatCompletion(id: string, model: string, content: string, prompt: number): object {
  const completion = approxTokens(content);
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    },
  };
}
