/** `/admin`: the admin's starting page, links to each admin page. */
import { byId } from './lib/dom.js';
import { requireUser, startPage } from './lib/session.js';

requireUser(await startPage(), byId('list-status'), { admin: true });
