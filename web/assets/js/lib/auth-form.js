/**
 * The sign-in and sign-up forms. Both answer with a session cookie (HttpOnly) and a CSRF cookie;
 * the token in the JSON answer is not kept anywhere. Afterwards the customer goes back to the
 * page that sent them here (`?next=`), which must be a path on this site.
 */
import { api, messageOf } from './api.js';
import { byId, byIdAs, notify } from './dom.js';
import { startPage } from './session.js';

/** @param {'signin' | 'signup'} mode */
export async function startAuthForm(mode) {
  const user = await startPage();
  const form = byIdAs('auth-form', HTMLFormElement);
  const error = byId('form-error');
  if (user !== null) notify(`You are signed in as ${user.email} already.`);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit(form, mode, error);
  });
}

/**
 * @param {HTMLFormElement} form
 * @param {'signin' | 'signup'} mode
 * @param {HTMLElement} error
 */
async function submit(form, mode, error) {
  const button = form.querySelector('button[type="submit"]');
  const email = byIdAs('email', HTMLInputElement).value;
  const password = byIdAs('password', HTMLInputElement).value;
  const body = { email, password };
  const path = mode === 'signin' ? '/api/v1/auth/login' : '/api/v1/auth/register';
  error.textContent = '';
  button?.setAttribute('disabled', '');
  try {
    await api('POST', path, { body });
    location.assign(nextPath());
  } catch (failure) {
    error.textContent = messageOf(failure);
    button?.removeAttribute('disabled');
    byIdAs('password', HTMLInputElement).focus();
  }
}

/** `?next=` when it is a path on this site; never another origin (no open redirect). */
function nextPath() {
  const next = new URLSearchParams(location.search).get('next') ?? '/';
  const onThisSite = next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\');
  return onThisSite ? next : '/';
}
