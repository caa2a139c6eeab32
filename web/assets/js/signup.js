/** `/signup`: a new customer account, signed in at once. */
import { startAuthForm } from './lib/auth-form.js';

await startAuthForm('signup');
