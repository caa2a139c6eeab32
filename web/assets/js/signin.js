/** `/signin`: email and password; a session cookie on success. */
import { startAuthForm } from './lib/auth-form.js';

await startAuthForm('signin');
