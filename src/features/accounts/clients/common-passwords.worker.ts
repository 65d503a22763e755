// The thread that judges passwords (common-password-checker.ts starts it): zxcvbn and its
// dictionaries live here, off the web process's event loop and out of its heap.
import { parentPort } from 'node:worker_threads';
import { isCommonPassword } from './common-passwords.ts';

export interface CommonPasswordQuestion {
  id: number;
  password: string;
}

export interface CommonPasswordAnswer {
  id: number;
  common: boolean;
}

parentPort?.on('message', ({ id, password }: CommonPasswordQuestion) => {
  parentPort?.postMessage({ id, common: isCommonPassword(password) } satisfies CommonPasswordAnswer);
});
