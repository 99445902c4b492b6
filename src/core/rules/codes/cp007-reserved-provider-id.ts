import { defineRule } from '../rule';
import { reportProblems } from './loadErrors';

/** CP007: A reserved model provider id (`openai`, `ollama`, `lmstudio`). */
export default defineRule('CP007', (ctx) => reportProblems(ctx, 'CP007'));
